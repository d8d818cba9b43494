// DeskService's clocks: through sweep() and its notifications, pauses and extensions, provisional
// deadlines and recompute_provisional, and the KPIs against the clocks (desk_service_fixture.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "app/desk_service_fixture.hpp"

namespace zx::desktest {
namespace {

// ---- clocks through sweep() ----

// Urgent, reported 10:00: the response warns at 10:48 (to the lead department only) and escalates at
// 11:00:01 (to the lead, the desk and the city of the enterprise); each once, however often the sweep runs.
TEST_P(DeskServiceTest, TheSweepWarnsAndEscalatesTheResponseOnce) {
    const std::int64_t id = report(u_.ent1, new_case("labor", "急需焊工", "urgent")).c.id;
    const std::int64_t other = report(u_.ent2, new_case("labor", "柳州用工问题")).c.id;  // normal, 24 h
    clock_.set(kStart + 48 * kMinute - 1);
    ASSERT_EQ(*desk_->sweep(), 0);
    EXPECT_EQ(notes(u_.hrss, id, "warn"), 0);
    clock_.set(kStart + 48 * kMinute);
    ASSERT_EQ(*desk_->sweep(), 1);
    EXPECT_EQ(notes(u_.hrss, id, "warn"), 1);
    EXPECT_EQ(notes(u_.admin, id, "warn"), 0) << "a warning is the lead's";
    EXPECT_EQ(list(u_.admin, {.sla = "warning"}).items.size(), 1u);
    ASSERT_EQ(*desk_->sweep(), 0);
    EXPECT_EQ(notes(u_.hrss, id, "warn"), 1) << "warned once";
    clock_.set(kStart + kHour);
    ASSERT_EQ(*desk_->sweep(), 0) << "at the limit, not past it";
    EXPECT_FALSE(get(u_.admin, id).c.escalated);
    clock_.set(kStart + kHour + 1);
    ASSERT_EQ(*desk_->sweep(), 1);
    EXPECT_EQ(notes(u_.hrss, id, "escalate"), 1);
    EXPECT_EQ(notes(u_.admin, id, "escalate"), 1);
    EXPECT_EQ(notes(u_.nanning, id, "escalate"), 1);
    EXPECT_EQ(notes(u_.liuzhou, id, "escalate"), 0) << "the enterprise's city only";
    clock_.advance(10 * kMinute);
    ASSERT_EQ(*desk_->sweep(), 0);
    EXPECT_EQ(notes(u_.admin, id, "escalate"), 1) << "escalated once";
    EXPECT_EQ(notes(u_.nanning, id, "escalate"), 1);
    const auto breached = list(u_.admin, {.sla = "breached"});
    ASSERT_EQ(breached.items.size(), 1u);
    EXPECT_EQ(breached.items[0].id, id);
    EXPECT_TRUE(breached.items[0].escalated);
    EXPECT_EQ(
        count(*db_, "SELECT COUNT(*) FROM desk_events WHERE case_id = $1 AND action IN ('warn', 'escalate')", {id}), 2);
    EXPECT_EQ(list(u_.admin, {.sla = "ok"}).items.at(0).id, other);
    // Accepting late: the case stays breached (a late response stays breached).
    ASSERT_TRUE(step(u_.hrss, id, act("accept")));
    EXPECT_EQ(get(u_.admin, id).c.sla_state, "breached");
    EXPECT_EQ(get(u_.admin, id).clocks.response.state, desk::ClockState::kMissed);
}

// Normal, reported Monday 03-04 10:00, accepted at once: the resolution warns at 80% (03-12 11:36) and
// escalates at 03-14 00:00:01.
TEST_P(DeskServiceTest, TheSweepWarnsAndEscalatesTheResolution) {
    const std::int64_t id = report(u_.ent3, new_case("labor", "南宁用工问题")).c.id;
    ASSERT_TRUE(step(u_.hrss, id, act("accept")));
    clock_.set(bj(2024, 3, 12, 11, 36) - 1);
    ASSERT_EQ(*desk_->sweep(), 0);
    clock_.set(bj(2024, 3, 12, 11, 36));
    ASSERT_EQ(*desk_->sweep(), 1);
    EXPECT_EQ(notes(u_.hrss, id, "warn"), 1);
    EXPECT_EQ(notes(u_.admin, id, "warn"), 0);
    clock_.set(bj(2024, 3, 14));
    ASSERT_EQ(*desk_->sweep(), 0);
    clock_.set(bj(2024, 3, 14) + 1);
    ASSERT_EQ(*desk_->sweep(), 1);
    EXPECT_EQ(notes(u_.admin, id, "escalate"), 1);
    EXPECT_EQ(notes(u_.nanning, id, "escalate"), 1);
    EXPECT_EQ(notes(u_.hrss, id, "escalate"), 1);
    EXPECT_EQ(get(u_.admin, id).clocks.resolution.state, desk::ClockState::kBreached);
    clock_.advance(kHour);
    ASSERT_EQ(*desk_->sweep(), 0);
}

// Urgent, reported Tuesday 03-05 10:00 and accepted: due at the end of Friday 03-08. The breach must be
// escalated by the sweep however the minutes fall, also when the due is followed by a weekend.
TEST_P(DeskServiceTest, TheSweepEscalatesAResolutionDueBeforeAWeekend) {
    clock_.set(bj(2024, 3, 5, 10));
    const std::int64_t id = report(u_.ent1, new_case("labor", "周五到期的急件", "urgent")).c.id;
    ASSERT_TRUE(step(u_.hrss, id, act("accept")));
    ASSERT_EQ(*get(u_.admin, id).c.resolution_due, bj(2024, 3, 9));
    // The server sweeps every minute: follow it minute by minute from Friday evening to Monday morning.
    int escalations = 0;
    for (std::int64_t t = bj(2024, 3, 8, 20); t <= bj(2024, 3, 11, 9); t += kMinute) {
        clock_.set(t);
        ASSERT_TRUE(desk_->sweep());
    }
    escalations = notes(u_.admin, id, "escalate");
    EXPECT_EQ(get(u_.admin, id).clocks.resolution.state, desk::ClockState::kBreached);
    EXPECT_EQ(escalations, 1) << "the breach is never escalated: next_check_at was dropped at the due";
}

// ---- pauses and extensions ----

TEST_P(DeskServiceTest, WaitingPausesTheResolutionClock) {
    const std::int64_t id = report(u_.ent1, new_case("labor", "需企业补充材料")).c.id;
    ASSERT_TRUE(step(u_.hrss, id, act("accept")));
    clock_.set(bj(2024, 3, 5, 10));
    ASSERT_TRUE(step(u_.hrss, id, act("request_info", "请提供用工计划")));
    clock_.set(bj(2024, 3, 7, 12));
    const CaseDetail waiting = get(u_.admin, id);
    EXPECT_TRUE(waiting.clocks.resolution.paused);
    EXPECT_FALSE(waiting.clocks.resolution.due);
    EXPECT_EQ(waiting.clocks.resolution.used_seconds, 24 * kHour);
    EXPECT_FALSE(list(u_.admin).items.at(0).resolution_due) << "no due while the clock stands";
    // Three working days paused (Tuesday 10:00 → Friday 10:00): due from the end of 03-13 to the end of 03-18.
    clock_.set(bj(2024, 3, 8, 10));
    ASSERT_TRUE(step(u_.ent1, id, act("provide_info", "用工计划已上传")));
    const CaseDetail resumed = get(u_.admin, id);
    EXPECT_EQ(resumed.c.status, "in_progress");
    EXPECT_FALSE(resumed.clocks.resolution.paused);
    ASSERT_TRUE(resumed.c.resolution_due);
    EXPECT_EQ(*resumed.c.resolution_due, bj(2024, 3, 19));
    ASSERT_TRUE(list(u_.admin).items.at(0).resolution_due);
    EXPECT_EQ(*list(u_.admin).items.at(0).resolution_due, bj(2024, 3, 19));
    EXPECT_EQ(notes(u_.hrss, id, "provide_info"), 1);
}

TEST_P(DeskServiceTest, AnApprovedExtensionChangesTheResolutionDue) {
    const std::int64_t id = report(u_.ent1, new_case("labor", "需延期的问题")).c.id;
    ASSERT_TRUE(step(u_.hrss, id, act("accept")));
    ActionRequest ext = act("request_extension", "需跨部门协调");
    ext.extension_days = 15;
    ASSERT_TRUE(step(u_.hrss, id, ext));
    EXPECT_EQ(notes(u_.admin, id, "request_extension"), 1);
    EXPECT_EQ(code(u_.hrss, id, ext), StatusCode::kConflict) << "one request at a time";
    CaseDetail asked = get(u_.admin, id);
    ASSERT_TRUE(asked.c.extension_requested);
    EXPECT_EQ(*asked.c.extension_requested, 15);
    EXPECT_EQ(*asked.c.resolution_due, bj(2024, 3, 14)) << "asking changes nothing";
    auto desk_actions = actions_of(asked);
    EXPECT_NE(std::find(desk_actions.begin(), desk_actions.end(), "approve_extension"), desk_actions.end());
    ASSERT_TRUE(step(u_.admin, id, act("approve_extension")));
    const CaseDetail approved = get(u_.admin, id);
    EXPECT_FALSE(approved.c.extension_requested);
    ASSERT_TRUE(approved.clocks.resolution.extended_to);
    EXPECT_EQ(*approved.clocks.resolution.extended_to, 15);
    ASSERT_TRUE(approved.c.resolution_due);
    EXPECT_EQ(*approved.c.resolution_due, bj(2024, 3, 26));  // 15 working days: … 03-22, 03-25
    EXPECT_EQ(*list(u_.admin).items.at(0).resolution_due, bj(2024, 3, 26));
    EXPECT_EQ(notes(u_.ent1, id, "approve_extension"), 1);
    EXPECT_EQ(code(u_.admin, id, act("approve_extension")), StatusCode::kConflict) << "approved already";
    // A refused request changes nothing.
    ext.extension_days = 10;
    ASSERT_TRUE(step(u_.hrss, id, ext));
    ASSERT_TRUE(step(u_.admin, id, act("reject_extension", "理由不充分")));
    EXPECT_EQ(*get(u_.admin, id).c.resolution_due, bj(2024, 3, 26));
}

// ---- provisional deadlines ----

// Reported Monday 2025-12-29 in Guangxi, whose 2026 notice is not encoded: the due (the end of 2026-01-08:
// 12-30, 12-31, 01-04 调休, 01-05..01-08) is provisional. With a Guangxi 2026 year added (here a made-up
// holiday on 2026-01-06, test data) recompute_provisional makes it final, one working day later.
TEST_P(DeskServiceTest, RecomputeProvisionalAfterACalendarWithMoreYears) {
    clock_.set(bj(2025, 12, 29, 10));
    const std::int64_t id = report(u_.ent1, new_case("labor", "跨年的问题")).c.id;
    const std::int64_t closed_id = report(u_.ent3, new_case("labor", "跨年已办结")).c.id;
    ASSERT_TRUE(step(u_.hrss, closed_id, act("accept")));
    ASSERT_TRUE(step(u_.hrss, closed_id, act("reply", "已答复")));
    ASSERT_TRUE(step(u_.admin, closed_id, act("close", "办结归档")));
    CaseDetail before = get(u_.admin, id);
    EXPECT_TRUE(before.c.provisional);
    EXPECT_EQ(*before.c.resolution_due, bj(2026, 1, 9));
    EXPECT_TRUE(list(u_.admin).items.at(1).provisional);
    EXPECT_EQ(*desk_->recompute_provisional(), 0) << "the same calendar: still provisional";

    std::vector<CalendarLayer> layers = calendar_->layers();
    auto gx = std::find_if(layers.begin(), layers.end(), [](const CalendarLayer& l) { return l.name == "guangxi"; });
    ASSERT_NE(gx, layers.end());
    CalendarYear y;
    y.year = 2026;
    y.source = "测试数据";
    y.holidays[Date::of(2026, 1, 6)] = "测试假日";
    gx->years[2026] = y;
    auto more = std::make_shared<const WorkingCalendar>(std::move(layers));
    ASSERT_TRUE(more->covers(2026));
    DeskService updated(*db_, rules_, more, clock_);
    auto n = updated.recompute_provisional();
    ASSERT_TRUE(n) << n.status().message();
    EXPECT_EQ(*n, 1) << "the open case only";
    auto after = updated.list(u_.admin, {}, PageRequest{});
    ASSERT_TRUE(after);
    const auto it =
        std::find_if(after->items.begin(), after->items.end(), [&](const CaseRecord& c) { return c.id == id; });
    ASSERT_NE(it, after->items.end());
    EXPECT_FALSE(it->provisional);
    ASSERT_TRUE(it->resolution_due);
    EXPECT_EQ(*it->resolution_due, bj(2026, 1, 10));
    EXPECT_EQ(*updated.recompute_provisional(), 0) << "nothing provisional is left";
}

// BUG (not fixed): recompute_provisional rewrites the cases' clocks but not their sub-tasks' dues,
// which report() computed on the same calendar and marked provisional: after Guangxi's 2026 is added the
// grid's sub-task of a case reported 2025-12-29 stays provisional, due at the end of 2026-01-08 although
// the case itself moved to the end of 01-09. Enabled, this test fails on the sub-task's checks.
TEST_P(DeskServiceTest, RecomputeProvisionalAlsoRecomputesSubtasks) {
    clock_.set(bj(2025, 12, 29, 10));
    const CaseDetail d = report(u_.ent1, new_case("energy", "跨年的用电问题"));
    ASSERT_EQ(d.subtasks.size(), 1u);
    EXPECT_TRUE(d.subtasks[0].provisional);
    EXPECT_EQ(d.subtasks[0].due, bj(2026, 1, 9));
    std::vector<CalendarLayer> layers = calendar_->layers();
    for (CalendarLayer& l : layers)
        if (l.name == "guangxi")
            l.years[2026] = CalendarYear{2026, "测试数据", {{Date::of(2026, 1, 6), "测试假日"}}, {}};
    DeskService updated(*db_, rules_, std::make_shared<const WorkingCalendar>(std::move(layers)), clock_);
    ASSERT_EQ(*updated.recompute_provisional(), 1);
    auto after = updated.get(u_.admin, d.c.id);
    ASSERT_TRUE(after);
    EXPECT_EQ(*after->c.resolution_due, bj(2026, 1, 10));
    EXPECT_FALSE(after->subtasks.at(0).provisional);
    EXPECT_EQ(after->subtasks.at(0).due, bj(2026, 1, 10));
}

// BUG (not fixed, a question of definition): the clocks count working seconds, so a reply on the
// Saturday after a Friday due used no more than the budget and the case is 'met', while the KPIs
// compare the reply with the stored resolution_due (Friday 24:00) and count it late. Urgent, reported
// Tuesday 2024-03-05 10:00, due at the end of Friday 03-08, replied Saturday 03-09 10:00. Enabled,
// this test fails on resolved_in_time.
TEST_P(DeskServiceTest, TheKpisAndTheClocksAgreeOnAReplyAfterAFridayDue) {
    clock_.set(bj(2024, 3, 5, 10));
    const std::int64_t id = report(u_.ent1, new_case("labor", "周六答复的急件", "urgent")).c.id;
    ASSERT_TRUE(step(u_.hrss, id, act("accept")));
    clock_.set(bj(2024, 3, 9, 10));
    ASSERT_TRUE(step(u_.hrss, id, act("reply", "周六答复")));
    const CaseDetail d = get(u_.admin, id);
    EXPECT_EQ(d.clocks.resolution.state, desk::ClockState::kMet);
    auto facts = desk_->kpi_facts(u_.admin, {});
    ASSERT_TRUE(facts) << facts.status().message();
    ASSERT_EQ(facts->size(), 1u);
    EXPECT_TRUE(facts->at(0).resolution_due);
    EXPECT_EQ(facts->at(0).resolved_in_time, d.clocks.resolution.state == desk::ClockState::kMet);
}

}  // namespace
}  // namespace zx::desktest
