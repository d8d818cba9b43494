// The service desk's clocks (rules/desk_rules.hpp) over the shipped national + Guangxi calendars:
// resolution deadlines across 春节 2024 and 壮族三月三 2023 (调休 working weekends count), the 80%
// warning and the breach to the second, pauses, a reopen, an extension, provisional years, and the
// next moment a clock changes. Every expected time is worked out by hand in the comments from Beijing
// dates (beijing_day_start), never by calling the function under test.
#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "core/clock.hpp"
#include "core/working_calendar.hpp"
#include "modules/service_desk/calendar_files.hpp"
#include "modules/service_desk/rules/desk_rules.hpp"

namespace zx::desk {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kHour = kSecondsPerHour;
constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kDay = kSecondsPerDay;
constexpr int kWarnPercent = 80;  // sla.toml warn_percent

// The limits of policies/service_desk/sla.toml.
constexpr SlaLimit kNormal{24, 7, 15};
constexpr SlaLimit kUrgent{1, 3, 15};

const WorkingCalendar& calendar(const char* region) {
    static const WorkingCalendar guangxi = [] {
        auto c = load_working_calendar(fs::path(ZX_SOURCE_DIR) / "calendars", "guangxi");
        EXPECT_TRUE(c) << c.status().message();
        return c ? std::move(c).value() : WorkingCalendar{};
    }();
    static const WorkingCalendar national = [] {
        auto c = load_working_calendar(fs::path(ZX_SOURCE_DIR) / "calendars", "national");
        EXPECT_TRUE(c) << c.status().message();
        return c ? std::move(c).value() : WorkingCalendar{};
    }();
    return std::string_view(region) == "guangxi" ? guangxi : national;
}
const WorkingCalendar& guangxi() {
    return calendar("guangxi");
}

// Beijing wall-clock time y-m-d h:mi as Unix seconds.
std::int64_t bj(int y, int m, int d, int h = 0, int mi = 0) {
    return beijing_day_start(Date::of(y, m, d)) + h * kHour + mi * kMinute;
}

ClockEvent ev(std::int64_t at, const char* clock, int extension_days = 0) {
    return ClockEvent{at, clock, extension_days};
}

TEST(DeskClockCalendar, BeijingDaysStartAtSixteenHundredUtc) {
    // 2024-02-02 00:00 +08:00 = 2024-02-01 16:00 UTC = 1704067200 (2024-01-01) + 31 days + 16 h.
    EXPECT_EQ(bj(2024, 2, 2), 1704067200 + 31 * kDay + 16 * kHour);
    EXPECT_TRUE(guangxi().covers(2024));
    EXPECT_FALSE(guangxi().covers(2030));
}

// Reported Friday 2024-02-02 10:00. The working days after it: 02-03 (Sat) no, 02-04 (Sun, 调休) 1,
// 02-05..02-09 2..6, 02-10..02-17 春节, 02-18 (Sun, 调休) 7: due at the end of Sunday 02-18.
TEST(DeskClockCalendar, SpringFestival2024CountsTheWorkingSundaysBeforeAndAfter) {
    const std::int64_t created = bj(2024, 2, 2, 10);
    const CaseClocks c = compute_clocks(created, kNormal, kWarnPercent, {}, created, guangxi());
    ASSERT_TRUE(c.resolution.due);
    EXPECT_EQ(*c.resolution.due, bj(2024, 2, 19));
    EXPECT_FALSE(c.resolution.provisional);
    EXPECT_EQ(c.resolution.limit_days, 7);
    // The report's own day from 10:00 (14 h), and seven days of 24 h.
    EXPECT_EQ(c.resolution.budget_seconds, 14 * kHour + 7 * kDay);
    EXPECT_EQ(c.resolution.used_seconds, 0);
    EXPECT_EQ(c.response.due, created + 24 * kHour);
    EXPECT_EQ(c.resolution.state, ClockState::kOk);
    EXPECT_EQ(c.response.state, ClockState::kOk);
}

// Reported Friday 2024-02-09 (除夕, a working day) 10:00: 02-10..02-17 春节, 02-18 (Sun, 调休) 1,
// 02-19..02-23 2..6, 02-24/25 weekend, 02-26 7: due at the end of Monday 02-26.
TEST(DeskClockCalendar, SpringFestival2024ReportedTheLastFridayBefore) {
    const std::int64_t created = bj(2024, 2, 9, 10);
    const CaseClocks c = compute_clocks(created, kNormal, kWarnPercent, {}, created, guangxi());
    ASSERT_TRUE(c.resolution.due);
    EXPECT_EQ(*c.resolution.due, bj(2024, 2, 27));
    EXPECT_EQ(c.resolution.budget_seconds, 14 * kHour + 7 * kDay);
    // An urgent case: 02-18, 02-19, 02-20.
    const CaseClocks u = compute_clocks(created, kUrgent, kWarnPercent, {}, created, guangxi());
    ASSERT_TRUE(u.resolution.due);
    EXPECT_EQ(*u.resolution.due, bj(2024, 2, 21));
}

// 壮族三月三 2023: 04-21 (Fri) … 04-23 (Sun) are holidays in Guangxi, though 04-23 is a national 调休
// working Sunday. Reported Thursday 04-20 09:00, Guangxi: 04-24..04-28 are 1..5, 04-29..05-03 劳动节,
// 05-04 6, 05-05 7 → the end of 05-05. Nationally: 04-21 1, 04-23 2, 04-24..04-28 3..7 → end of 04-28.
TEST(DeskClockCalendar, SanYueSan2023IsAHolidayInGuangxiOnly) {
    const std::int64_t created = bj(2023, 4, 20, 9);
    const CaseClocks gx = compute_clocks(created, kNormal, kWarnPercent, {}, created, guangxi());
    ASSERT_TRUE(gx.resolution.due);
    EXPECT_EQ(*gx.resolution.due, bj(2023, 5, 6));
    EXPECT_EQ(gx.resolution.budget_seconds, 15 * kHour + 7 * kDay);
    const CaseClocks cn = compute_clocks(created, kNormal, kWarnPercent, {}, created, calendar("national"));
    ASSERT_TRUE(cn.resolution.due);
    EXPECT_EQ(*cn.resolution.due, bj(2023, 4, 29));

    // The working time between Thursday 04-20 00:00 and Tuesday 04-25 00:00: Guangxi 04-20 and 04-24
    // only; nationally also 04-21 and the working Sunday 04-23.
    EXPECT_EQ(working_seconds_between(bj(2023, 4, 20), bj(2023, 4, 25), guangxi()), 2 * kDay);
    EXPECT_EQ(working_seconds_between(bj(2023, 4, 20), bj(2023, 4, 25), calendar("national")), 4 * kDay);
}

TEST(DeskClockCalendar, WorkingSecondsAcrossTheSpringFestival) {
    // From 02-09 12:00: 12 h of 02-09, the whole of 02-18 (调休), 6 h of 02-19.
    bool provisional = false;
    EXPECT_EQ(working_seconds_between(bj(2024, 2, 9, 12), bj(2024, 2, 19, 6), guangxi(), &provisional), 42 * kHour);
    EXPECT_FALSE(provisional);
    EXPECT_EQ(working_seconds_between(bj(2024, 2, 11), bj(2024, 2, 17, 23), guangxi()), 0) << "inside 春节";
    EXPECT_EQ(working_seconds_between(bj(2024, 2, 19), bj(2024, 2, 19), guangxi()), 0);
    EXPECT_EQ(working_seconds_between(bj(2024, 2, 19, 5), bj(2024, 2, 19, 1), guangxi()), 0);
    // 12 h use up 02-09; the 13th hour is the first of the working Sunday 02-18.
    EXPECT_EQ(advance_working_seconds(bj(2024, 2, 9, 12), 12 * kHour, guangxi()), bj(2024, 2, 10));
    EXPECT_EQ(advance_working_seconds(bj(2024, 2, 9, 12), 13 * kHour, guangxi()), bj(2024, 2, 18, 1));
    EXPECT_EQ(advance_working_seconds(bj(2024, 2, 9, 12), 12 * kHour + 1, guangxi()), bj(2024, 2, 18) + 1);
    // From inside the holiday the first working second is 02-18 00:00.
    EXPECT_EQ(advance_working_seconds(bj(2024, 2, 12, 15), 1, guangxi()), bj(2024, 2, 18) + 1);
    EXPECT_EQ(advance_working_seconds(bj(2024, 2, 12, 15), 0, guangxi()), bj(2024, 2, 12, 15));
}

// Urgent: a 1 h response limit, warned at 48 min (80%), breached at 1 h + 1 s.
TEST(DeskClockResponse, UrgentOneHourWarnsAtEightyPercentAndBreachesOneSecondLate) {
    const std::int64_t created = bj(2024, 3, 4, 10);  // Monday
    auto at = [&](std::int64_t now, const std::vector<ClockEvent>& e = {}) {
        return compute_clocks(created, kUrgent, kWarnPercent, e, now, guangxi());
    };
    EXPECT_EQ(at(created).response.limit_hours, 1);
    EXPECT_EQ(at(created).response.due, created + kHour);
    EXPECT_EQ(at(created).response.warn_at, created + 48 * kMinute);
    EXPECT_EQ(at(created + 48 * kMinute - 1).response.state, ClockState::kOk);
    EXPECT_EQ(at(created + 48 * kMinute).response.state, ClockState::kWarning);
    EXPECT_EQ(at(created + kHour).response.state, ClockState::kWarning);
    EXPECT_EQ(at(created + kHour + 1).response.state, ClockState::kBreached);
    EXPECT_EQ(case_state(at(created + kHour + 1), false), ClockState::kBreached);
    // Accepted at the last second: met; one second later: missed, and the case shows breached.
    EXPECT_EQ(at(created + 2 * kHour, {ev(created + kHour, "respond")}).response.state, ClockState::kMet);
    const CaseClocks late = at(created + 2 * kHour, {ev(created + kHour + 1, "respond")});
    EXPECT_EQ(late.response.state, ClockState::kMissed);
    EXPECT_EQ(case_state(late, false), ClockState::kBreached);
    EXPECT_EQ(case_state(late, true), ClockState::kMissed);
    // A normal case: 24 elapsed hours, though the night and the weekend are not working time.
    const std::int64_t friday = bj(2024, 3, 8, 20);
    const CaseClocks n = compute_clocks(friday, kNormal, kWarnPercent, {}, friday, guangxi());
    EXPECT_EQ(n.response.due, bj(2024, 3, 9, 20));
}

// Reported Monday 2024-03-04 10:00, normal: due at the end of Wednesday 03-13 (03-05..03-08, 03-11..03-13).
// Budget 14 h + 7 × 24 h = 182 h; 80% = 145.6 h: 14 h (03-04) + 4 × 24 h (03-05..03-08) = 110 h, 24 h
// of 03-11 = 134 h, 11.6 h (11:36) into 03-12.
TEST(DeskClockResolution, WarnsAtExactlyEightyPercentAndBreachesOneSecondAfterTheDue) {
    const std::int64_t created = bj(2024, 3, 4, 10);
    const std::vector<ClockEvent> accepted = {ev(created + kHour, "respond")};
    auto at = [&](std::int64_t now) {
        return compute_clocks(created, kNormal, kWarnPercent, accepted, now, guangxi());
    };
    const std::int64_t warn = bj(2024, 3, 12, 11, 36), due = bj(2024, 3, 14);
    const CaseClocks c = at(created + 2 * kHour);
    EXPECT_EQ(c.resolution.budget_seconds, 182 * kHour);
    ASSERT_TRUE(c.resolution.due && c.resolution.warn_at);
    EXPECT_EQ(*c.resolution.due, due);
    EXPECT_EQ(*c.resolution.warn_at, warn);
    EXPECT_EQ(at(warn - 1).resolution.state, ClockState::kOk);
    EXPECT_EQ(at(warn).resolution.state, ClockState::kWarning);
    EXPECT_EQ(case_state(at(warn), false), ClockState::kWarning);
    EXPECT_EQ(at(due).resolution.state, ClockState::kWarning);
    EXPECT_EQ(at(due).resolution.used_seconds, 182 * kHour);
    EXPECT_EQ(at(due + 1).resolution.state, ClockState::kBreached);
    EXPECT_EQ(case_state(at(due + 1), false), ClockState::kBreached);
    // Replied at the due: met; a second later: missed.
    auto replied = [&](std::int64_t when) {
        std::vector<ClockEvent> e = accepted;
        e.push_back(ev(when, "resolve"));
        return compute_clocks(created, kNormal, kWarnPercent, e, when + 5 * kDay, guangxi());
    };
    EXPECT_EQ(replied(due).resolution.state, ClockState::kMet);
    EXPECT_EQ(replied(due + 1).resolution.state, ClockState::kMissed);
    EXPECT_EQ(case_state(replied(due), true), ClockState::kMet);
    EXPECT_EQ(case_state(replied(due + 1), true), ClockState::kMissed);
}

// Paused Tuesday 03-05 10:00 to Friday 03-08 10:00 (72 working hours): the due moves from the end of
// 03-13 by three working days (03-14, 03-15, 03-18) to the end of Monday 03-18.
TEST(DeskClockResolution, APauseOfThreeWorkingDaysPushesTheDueByThreeWorkingDays) {
    const std::int64_t created = bj(2024, 3, 4, 10);
    const std::int64_t paused = bj(2024, 3, 5, 10), resumed = bj(2024, 3, 8, 10);
    const std::vector<ClockEvent> e = {ev(created + kHour, "respond"), ev(paused, "pause"), ev(resumed, "resume")};
    const CaseClocks during =
        compute_clocks(created, kNormal, kWarnPercent, {e[0], e[1]}, bj(2024, 3, 6, 12), guangxi());
    EXPECT_TRUE(during.resolution.paused);
    EXPECT_FALSE(during.resolution.due) << "no due while the clock stands";
    EXPECT_EQ(during.resolution.used_seconds, 24 * kHour);  // 14 h of 03-04, 10 h of 03-05
    EXPECT_EQ(during.resolution.state, ClockState::kOk);
    EXPECT_FALSE(during.next_change) << "a paused, accepted case changes by no time";

    const CaseClocks after = compute_clocks(created, kNormal, kWarnPercent, e, bj(2024, 3, 8, 12), guangxi());
    EXPECT_FALSE(after.resolution.paused);
    ASSERT_TRUE(after.resolution.due);
    EXPECT_EQ(*after.resolution.due, bj(2024, 3, 19));
    EXPECT_EQ(after.resolution.used_seconds, 26 * kHour);
    EXPECT_EQ(after.resolution.budget_seconds, 182 * kHour) << "a pause moves the due, not the budget";
}

TEST(DeskClockResolution, APauseOverAWeekendPushesNothing) {
    const std::int64_t created = bj(2024, 3, 4, 10);
    const std::int64_t due = bj(2024, 3, 14);
    for (const auto& [from, to] : {std::pair{bj(2024, 3, 9), bj(2024, 3, 11)},  // Sat 00:00 → Mon 00:00
                                   std::pair{bj(2024, 3, 9, 10), bj(2024, 3, 10, 20)}}) {
        const std::vector<ClockEvent> e = {ev(created + kHour, "respond"), ev(from, "pause"), ev(to, "resume")};
        const CaseClocks c = compute_clocks(created, kNormal, kWarnPercent, e, bj(2024, 3, 11, 12), guangxi());
        ASSERT_TRUE(c.resolution.due);
        EXPECT_EQ(*c.resolution.due, due);
        // 14 h + 4 × 24 h + 12 h of Monday.
        EXPECT_EQ(c.resolution.used_seconds, 122 * kHour);
    }
    // One working hour paused (Friday 23:00 → Monday 00:00) moves the due by one hour.
    const std::vector<ClockEvent> e = {ev(created + kHour, "respond"), ev(bj(2024, 3, 8, 23), "pause"),
                                       ev(bj(2024, 3, 11), "resume")};
    const CaseClocks c = compute_clocks(created, kNormal, kWarnPercent, e, bj(2024, 3, 11, 12), guangxi());
    ASSERT_TRUE(c.resolution.due);
    EXPECT_EQ(*c.resolution.due, due + kHour);
}

// Replied Wednesday 03-06 16:00 after 54 working hours (14 + 24 + 16); reopened Tuesday 03-12 08:00,
// the 128 h left run from there: 16 h of 03-12, 03-13, 03-14, 03-15, 03-18, and 16 h of 03-19.
TEST(DeskClockResolution, AReopenRestartsTheClockWithTheTimeUsedSoFar) {
    const std::int64_t created = bj(2024, 3, 4, 10);
    std::vector<ClockEvent> e = {ev(created + kHour, "respond"), ev(bj(2024, 3, 6, 16), "resolve")};
    const CaseClocks replied = compute_clocks(created, kNormal, kWarnPercent, e, bj(2024, 3, 11, 9), guangxi());
    EXPECT_EQ(replied.resolution.state, ClockState::kMet);
    ASSERT_TRUE(replied.resolution.resolved_at);
    EXPECT_EQ(*replied.resolution.resolved_at, bj(2024, 3, 6, 16));
    EXPECT_EQ(replied.resolution.used_seconds, 54 * kHour) << "the clock stood still after the reply";
    EXPECT_FALSE(replied.resolution.paused);
    EXPECT_FALSE(replied.next_change);

    e.push_back(ev(bj(2024, 3, 12, 8), "reopen"));
    const CaseClocks reopened = compute_clocks(created, kNormal, kWarnPercent, e, bj(2024, 3, 12, 9), guangxi());
    EXPECT_FALSE(reopened.resolution.resolved_at);
    EXPECT_EQ(reopened.resolution.used_seconds, 55 * kHour);
    ASSERT_TRUE(reopened.resolution.due);
    EXPECT_EQ(*reopened.resolution.due, bj(2024, 3, 19, 16));
    EXPECT_EQ(reopened.resolution.state, ClockState::kOk);
    ASSERT_TRUE(reopened.next_change);
    EXPECT_EQ(*reopened.next_change, *reopened.resolution.warn_at);
    // 80% = 145.6 h: 91.6 h after the reopen: 16 h (03-12), 72 h (03-13..03-15), 3.6 h (03:36) of 03-18.
    EXPECT_EQ(*reopened.resolution.warn_at, bj(2024, 3, 18, 3, 36));
}

// An approved extension to 15 working days: 03-05..03-08 (4), 03-11..03-15 (9), 03-18..03-22 (14),
// 03-25 (15) → the end of Monday 03-25.
TEST(DeskClockResolution, AnApprovedExtensionSetsTheLimitToFifteenWorkingDays) {
    const std::int64_t created = bj(2024, 3, 4, 10);
    const std::vector<ClockEvent> e = {ev(created + kHour, "respond"), ev(bj(2024, 3, 6, 9), "", 15)};
    const CaseClocks c = compute_clocks(created, kNormal, kWarnPercent, e, bj(2024, 3, 14, 1), guangxi());
    EXPECT_EQ(c.resolution.limit_days, 7);
    ASSERT_TRUE(c.resolution.extended_to);
    EXPECT_EQ(*c.resolution.extended_to, 15);
    EXPECT_EQ(c.resolution.budget_seconds, 14 * kHour + 15 * kDay);
    ASSERT_TRUE(c.resolution.due);
    EXPECT_EQ(*c.resolution.due, bj(2024, 3, 26));
    EXPECT_EQ(c.resolution.state, ClockState::kOk) << "past the 7-day due, within the 15 days";
}

TEST(DeskClockResolution, ADeadlineInAYearWithoutCalendarDataIsProvisional) {
    // 2030: no file in any layer. Weekdays only: 03-05..03-08, 03-11..03-13 → end of 03-13.
    const std::int64_t y2030 = bj(2030, 3, 4, 10);
    const CaseClocks far = compute_clocks(y2030, kNormal, kWarnPercent, {}, y2030, guangxi());
    EXPECT_TRUE(far.resolution.provisional);
    ASSERT_TRUE(far.resolution.due);
    EXPECT_EQ(*far.resolution.due, bj(2030, 3, 14));
    // Reported Monday 2025-12-29: 12-30, 12-31, 01-01..01-03 元旦, 01-04 (Sun, 调休), 01-05..01-08 →
    // end of 2026-01-08. Nationally 2026 is known; Guangxi's 2026 notice is not encoded: provisional.
    const std::int64_t dec = bj(2025, 12, 29, 10);
    const CaseClocks cn = compute_clocks(dec, kNormal, kWarnPercent, {}, dec, calendar("national"));
    EXPECT_FALSE(cn.resolution.provisional);
    ASSERT_TRUE(cn.resolution.due);
    EXPECT_EQ(*cn.resolution.due, bj(2026, 1, 9));
    const CaseClocks gx = compute_clocks(dec, kNormal, kWarnPercent, {}, dec, guangxi());
    EXPECT_TRUE(gx.resolution.provisional);
    ASSERT_TRUE(gx.resolution.due);
    EXPECT_EQ(*gx.resolution.due, bj(2026, 1, 9));
    // Inside 2025 nothing is provisional.
    const std::int64_t mar = bj(2025, 3, 3, 10);
    EXPECT_FALSE(compute_clocks(mar, kNormal, kWarnPercent, {}, mar, guangxi()).resolution.provisional);
    bool provisional = false;
    working_seconds_between(bj(2030, 1, 2), bj(2030, 1, 3), guangxi(), &provisional);
    EXPECT_TRUE(provisional);
}

// next_change: the earliest pending warning or breach. Urgent, Monday 2024-03-04 10:00: the response
// warns at 10:48 and breaches at 11:00:01; resolution (3 days: 03-05..03-07, budget 14 + 72 = 86 h)
// warns at 80% = 68.8 h: 14 h, 03-05, 03-06, then 6.8 h (06:48) into 03-07; breaches at 03-08 00:00:01.
TEST(DeskClockNextChange, IsTheEarliestPendingWarningOrBreach) {
    const std::int64_t created = bj(2024, 3, 4, 10);
    const std::int64_t res_warn = bj(2024, 3, 7, 6, 48), res_due = bj(2024, 3, 8);
    auto at = [&](std::int64_t now, const std::vector<ClockEvent>& e = {}) {
        return compute_clocks(created, kUrgent, kWarnPercent, e, now, guangxi());
    };
    ASSERT_TRUE(at(created).next_change);
    EXPECT_EQ(*at(created).next_change, created + 48 * kMinute);
    EXPECT_EQ(*at(created + 48 * kMinute).next_change, created + kHour + 1);
    EXPECT_EQ(*at(created + kHour).next_change, created + kHour + 1);
    // The response breached: what is left is the resolution's warning.
    EXPECT_EQ(*at(created + kHour + 1).next_change, res_warn);
    const std::vector<ClockEvent> accepted = {ev(created + 30 * kMinute, "respond")};
    EXPECT_EQ(*at(created + 31 * kMinute, accepted).next_change, res_warn);
    ASSERT_TRUE(at(created, accepted).resolution.warn_at);
    EXPECT_EQ(*at(created, accepted).resolution.warn_at, res_warn);
    EXPECT_EQ(at(res_warn - 1, accepted).resolution.state, ClockState::kOk);
    EXPECT_EQ(at(res_warn, accepted).resolution.state, ClockState::kWarning);
    EXPECT_EQ(*at(res_warn, accepted).next_change, res_due + 1);
    EXPECT_EQ(at(res_due + 1, accepted).resolution.state, ClockState::kBreached);
    EXPECT_FALSE(at(res_due + 1, accepted).next_change) << "nothing is left to change";
    // Replied: no clock changes by time any more.
    std::vector<ClockEvent> replied = accepted;
    replied.push_back(ev(created + 2 * kHour, "resolve"));
    EXPECT_FALSE(at(created + 3 * kHour, replied).next_change);
}

// Each moment next_change names is a real change of state, even when the due falls before a weekend:
// an urgent case reported Tuesday 2024-03-05 10:00 is due at the end of Friday 03-08 (03-06..03-08).
// Followed hop by hop, the clocks must reach a breached resolution; the sweep relies on it (a case
// whose next_check_at is empty is never looked at again).
TEST(DeskClockNextChange, EveryHopChangesAStateAndReachesTheBreachBeforeAWeekend) {
    const std::int64_t created = bj(2024, 3, 5, 10);
    const std::vector<ClockEvent> accepted = {ev(created + 10 * kMinute, "respond")};
    auto at = [&](std::int64_t now) {
        return compute_clocks(created, kUrgent, kWarnPercent, accepted, now, guangxi());
    };
    ASSERT_TRUE(at(created).resolution.due);
    EXPECT_EQ(*at(created).resolution.due, bj(2024, 3, 9));
    std::int64_t now = created + 20 * kMinute;
    CaseClocks c = at(now);
    for (int hops = 0; hops < 5 && c.next_change; ++hops) {
        ASSERT_GT(*c.next_change, now);
        const CaseClocks next = at(*c.next_change);
        EXPECT_NE(clock_state_code(next.resolution.state), clock_state_code(c.resolution.state))
            << "next_change " << *c.next_change << " changes nothing";
        now = *c.next_change;
        c = next;
    }
    EXPECT_EQ(c.resolution.state, ClockState::kBreached) << "the breach after the weekend is never reached";
    EXPECT_EQ(at(bj(2024, 3, 11) + 1).resolution.state, ClockState::kBreached);
}

}  // namespace
}  // namespace zx::desk
