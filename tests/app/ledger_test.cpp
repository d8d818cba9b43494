// The award ledger across policies: disbursing one policy's run never claws back another's awards.
#include <gtest/gtest.h>

#include "app/app.hpp"
#include "app/demo_seed.hpp"
#include "app/schema.hpp"
#include "modules/awards/run_service.hpp"
#include "modules/service_desk/calendar_files.hpp"
#include "platform/storage/migrations.hpp"

namespace zx {
namespace {

Principal user(db::Database& db, const char* name) {
    auto lease = db.acquire();
    const db::Value p[] = {std::string(name)};
    auto r = (*lease)->query("SELECT id, role FROM users WHERE username = $1", p);
    Principal who;
    who.user_id = r->rows.at(0).i64(0);
    who.username = name;
    who.role = *parse_role(r->rows.at(0).str(1));
    return who;
}

std::int64_t ledger_sum(db::Database& db) {
    auto lease = db.acquire();
    auto r = (*lease)->query("SELECT COALESCE(SUM(amount_yuan), 0), COUNT(*) FROM ledger");
    return r->rows.at(0).i64(0);
}

void disburse(RunService& runs, std::int64_t id, const Principal& reviewer, const Principal& approver) {
    const RequestContext ctx{"127.0.0.1", "t"};
    ASSERT_TRUE(runs.transition(reviewer, ctx, id, "reviewed", ""));
    ASSERT_TRUE(runs.transition(approver, ctx, id, "approved", ""));
    ASSERT_TRUE(runs.transition(approver, ctx, id, "publicized", ""));
    auto d = runs.transition(approver, ctx, id, "disbursed", "");
    ASSERT_TRUE(d) << d.status().message();
}

TEST(Ledger, DisbursingAnotherPolicyDoesNotClawBack) {
    auto db = db::Database::open("sqlite::memory:");
    ASSERT_TRUE(db);
    ASSERT_TRUE(api::migrate_all(**db));
    RunService runs(**db, std::string(ZX_SOURCE_DIR) + "/policies", system_clock(), AwardSettings{0});
    // The demo's department account names a department of the list the App loads at startup.
    ASSERT_TRUE(api::load_responsible_departments(std::string(ZX_SOURCE_DIR) + "/policies"));
    auto seeded = seed_demo(**db, runs, 400, 11);
    ASSERT_TRUE(seeded) << seeded.status().message();
    const Principal admin = user(**db, "gxt_admin"), reviewer = user(**db, "gxt_reviewer"),
                    approver = user(**db, "gxt_approver");
    const RequestContext ctx{"127.0.0.1", "t"};
    RunRequest r23;
    r23.policy_id = "guangxi-2023";
    r23.notice_days = 0;
    r23.confirm_pending = true;
    auto run23 = runs.create(admin, ctx, r23);
    ASSERT_TRUE(run23) << run23.status().message();
    ASSERT_GT(run23->total_yuan, 0);
    disburse(runs, run23->id, reviewer, approver);
    EXPECT_EQ(ledger_sum(**db), run23->total_yuan);

    RunRequest r24 = r23;
    r24.policy_id = "guangxi-2024";  // its periods are 2024's: no 2023 award is in it
    auto run24 = runs.create(admin, ctx, r24);
    ASSERT_TRUE(run24) << run24.status().message();
    disburse(runs, run24->id, reviewer, approver);
    EXPECT_EQ(ledger_sum(**db), run23->total_yuan + run24->total_yuan) << "a 2024 run must not reverse 2023 awards";

    // A second 2023 run on unchanged data pays nothing more and takes nothing back.
    auto again = runs.create(admin, ctx, r23);
    ASSERT_TRUE(again);
    disburse(runs, again->id, reviewer, approver);
    EXPECT_EQ(ledger_sum(**db), run23->total_yuan + run24->total_yuan);
}

// The shortest 公示 is a setting (default 5 days): shorter runs are refused, and a run is paid only
// once its notice has run, on the injected clock.
TEST(AwardWorkflow, TheNoticePeriodHasAMinimumAndHoldsDisbursalBack) {
    auto db = db::Database::open("sqlite::memory:", 2);
    ASSERT_TRUE(db);
    ASSERT_TRUE(api::migrate_all(**db));
    ManualClock clock(1'700'000'000);
    RunService runs(**db, std::string(ZX_SOURCE_DIR) + "/policies", clock, AwardSettings{});
    ASSERT_TRUE(api::load_responsible_departments(std::string(ZX_SOURCE_DIR) + "/policies"));
    EXPECT_EQ(runs.settings().min_notice_days, 5);
    auto seeded = seed_demo(**db, runs, 200, 2023);
    ASSERT_TRUE(seeded) << seeded.status().message();
    const Principal admin = user(**db, "gxt_admin"), reviewer = user(**db, "gxt_reviewer"),
                    approver = user(**db, "gxt_approver");
    const RequestContext ctx{"127.0.0.1", "t"};
    RunRequest req;
    req.policy_id = "guangxi-2023";
    req.confirm_pending = true;
    req.notice_days = 0;
    auto none = runs.create(admin, ctx, req);
    ASSERT_FALSE(none);
    EXPECT_NE(none.status().message(Lang::kEn).find("notice_days"), std::string::npos);
    req.notice_days = 5;
    auto run = runs.create(admin, ctx, req);
    ASSERT_TRUE(run) << run.status().message();
    ASSERT_TRUE(runs.transition(reviewer, ctx, run->id, "reviewed", ""));
    ASSERT_TRUE(runs.transition(approver, ctx, run->id, "approved", ""));
    ASSERT_TRUE(runs.transition(approver, ctx, run->id, "publicized", ""));
    clock.advance(5 * kSecondsPerDay - 1);
    auto early = runs.transition(approver, ctx, run->id, "disbursed", "");
    ASSERT_FALSE(early);
    EXPECT_EQ(early.status().code(), StatusCode::kConflict);
    clock.advance(1);
    auto paid = runs.transition(approver, ctx, run->id, "disbursed", "");
    EXPECT_TRUE(paid) << paid.status().message();
}

// With the working calendar, 公示 days are working days of Guangxi: published on Friday 2023-04-21
// (壮族三月三), five working days are 04-24 … 04-28, so the notice ends at midnight of 04-28.
TEST(AwardWorkflow, NoticeDaysAreWorkingDaysOfTheCalendar) {
    auto db = db::Database::open("sqlite::memory:", 2);
    ASSERT_TRUE(db);
    ASSERT_TRUE(api::migrate_all(**db));
    auto cal = load_working_calendar(std::string(ZX_SOURCE_DIR) + "/calendars", "guangxi");
    ASSERT_TRUE(cal) << cal.status().message();
    const std::int64_t published = beijing_day_start(Date::of(2023, 4, 21)) + 10 * kSecondsPerHour;
    ManualClock clock(published);
    AwardSettings settings;
    settings.calendar = std::make_shared<const WorkingCalendar>(std::move(cal).value());
    RunService runs(**db, std::string(ZX_SOURCE_DIR) + "/policies", clock, settings);
    ASSERT_TRUE(api::load_responsible_departments(std::string(ZX_SOURCE_DIR) + "/policies"));
    ASSERT_TRUE(seed_demo(**db, runs, 200, 2023));
    const Principal admin = user(**db, "gxt_admin"), reviewer = user(**db, "gxt_reviewer"),
                    approver = user(**db, "gxt_approver");
    const RequestContext ctx{"127.0.0.1", "t"};
    RunRequest req;
    req.policy_id = "guangxi-2023";
    req.confirm_pending = true;
    req.notice_days = 5;
    auto run = runs.create(admin, ctx, req);
    ASSERT_TRUE(run) << run.status().message();
    ASSERT_TRUE(runs.transition(reviewer, ctx, run->id, "reviewed", ""));
    ASSERT_TRUE(runs.transition(approver, ctx, run->id, "approved", ""));
    auto pub = runs.transition(approver, ctx, run->id, "publicized", "");
    ASSERT_TRUE(pub);
    EXPECT_EQ(pub->notice_until, beijing_day_start(Date::of(2023, 4, 29)));
    clock.set(beijing_day_start(Date::of(2023, 4, 29)) - 1);
    EXPECT_FALSE(runs.transition(approver, ctx, run->id, "disbursed", ""));
    clock.set(beijing_day_start(Date::of(2023, 4, 29)));
    auto paid = runs.transition(approver, ctx, run->id, "disbursed", "");
    EXPECT_TRUE(paid) << paid.status().message();
}

}  // namespace
}  // namespace zx
