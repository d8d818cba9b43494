// DeskService over a real database: the policies/ rules and departments, the shipped Guangxi calendar
// and a ManualClock. Routing and instant dispatch, the state machine's refusals (kConflict for a step
// not legal now, kForbidden for the wrong party, kInvalidArgument for a missing reason / rating /
// department), the clocks through sweep() and its notifications, pauses and extensions, the scope of
// each role, the Idempotency-Key (also under concurrency), and recompute_provisional.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "app/app.hpp"
#include "app/schema.hpp"
#include "core/clock.hpp"
#include "core/working_calendar.hpp"
#include "modules/service_desk/calendar_files.hpp"
#include "modules/service_desk/desk_files.hpp"
#include "modules/service_desk/desk_service.hpp"
#include "platform/storage/db.hpp"

namespace zx {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kHour = kSecondsPerHour;
constexpr std::int64_t kMinute = 60;
constexpr const char* kHrss = "自治区人力资源社会保障厅";
constexpr const char* kFgw = "自治区发展改革委";
constexpr const char* kGrid = "广西电网公司";
constexpr const char* kZrzyt = "自治区自然资源厅";
// Enterprises: two in 南宁市, one in 柳州市.
constexpr const char* kE1 = "91450100MA5KTEST01";
constexpr const char* kE2 = "91450200MA5KTEST02";
constexpr const char* kE3 = "91450100MA5KTEST03";

// Beijing wall-clock time as Unix seconds.
std::int64_t bj(int y, int m, int d, int h = 0, int mi = 0) {
    return beijing_day_start(Date::of(y, m, d)) + h * kHour + mi * kMinute;
}

const RequestContext kCtx{"127.0.0.1", "desk-test"};

std::shared_ptr<const WorkingCalendar> guangxi_calendar() {
    auto c = load_working_calendar(fs::path(ZX_SOURCE_DIR) / "calendars", "guangxi");
    EXPECT_TRUE(c) << c.status().message();
    return std::make_shared<const WorkingCalendar>(c ? std::move(c).value() : WorkingCalendar{});
}

std::shared_ptr<const desk::DeskRules> desk_rules() {
    EXPECT_TRUE(api::load_responsible_departments(fs::path(ZX_SOURCE_DIR) / "policies"));
    auto r = load_desk_rules(fs::path(ZX_SOURCE_DIR) / "policies" / "service_desk");
    EXPECT_TRUE(r) << r.status().message();
    return r ? std::make_shared<const desk::DeskRules>(std::move(r).value()) : nullptr;
}

std::int64_t count(db::Database& db, const std::string& sql, const std::vector<db::Value>& p = {}) {
    auto lease = db.acquire();
    EXPECT_TRUE(lease);
    auto r = (*lease)->query(sql, p);
    EXPECT_TRUE(r) << r.status().message();
    return r ? r->rows.at(0).i64(0) : -1;
}

// The people of the desk, as accounts in `users` (the services read only the principal; the database
// holds them for the joins: reporter names, commissioners).
struct People {
    Principal admin, nanning, liuzhou, hrss, fgw, grid, zrzyt, ent1, ent2, ent3, tpy1, tpy2;
};

Principal add_user(db::Database& db, const std::string& username, Role role, const std::string& city = {},
                   const std::string& department = {}, const std::string& uscc = {}) {
    auto lease = db.acquire();
    EXPECT_TRUE(lease);
    auto opt = [](const std::string& s) { return s.empty() ? db::null() : db::Value(s); };
    const db::Value p[] = {username,  username + "（测试）", std::string(role_code(role)), opt(city), opt(department),
                           opt(uscc), std::string("x"),      std::int64_t{1'700'000'000}};
    auto r = (*lease)->query(
        "INSERT INTO users (username, display_name, role, city, department, uscc, password_hash, created_at, "
        "must_change_password) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0) RETURNING id",
        p);
    EXPECT_TRUE(r) << r.status().message();
    Principal who;
    who.user_id = r ? r->rows.at(0).i64(0) : 0;
    who.username = username;
    who.display_name = username + "（测试）";
    who.role = role;
    who.city = city;
    who.department = department;
    who.uscc = uscc;
    return who;
}

void add_enterprise(db::Database& db, const std::string& uscc, const std::string& name, const std::string& city) {
    auto lease = db.acquire();
    ASSERT_TRUE(lease);
    const db::Value p[] = {uscc, name, city, std::string("C34"), std::int64_t{1'700'000'000}};
    auto r = (*lease)->exec(
        "INSERT INTO enterprises (uscc, name, city, industry, updated_at) VALUES ($1, $2, $3, $4, $5)", p);
    ASSERT_TRUE(r) << r.status().message();
}

People seed(db::Database& db) {
    add_enterprise(db, kE1, "南宁测试机械有限公司", "南宁市");
    add_enterprise(db, kE2, "柳州测试汽车零部件有限公司", "柳州市");
    add_enterprise(db, kE3, "南宁测试食品有限公司", "南宁市");
    People u;
    u.admin = add_user(db, "t_admin", Role::kProvinceAdmin);
    u.nanning = add_user(db, "t_nanning", Role::kCityOfficial, "南宁市");
    u.liuzhou = add_user(db, "t_liuzhou", Role::kCityOfficial, "柳州市");
    u.hrss = add_user(db, "t_hrss", Role::kDeptHandler, "", kHrss);
    u.fgw = add_user(db, "t_fgw", Role::kDeptHandler, "", kFgw);
    u.grid = add_user(db, "t_grid", Role::kDeptHandler, "", kGrid);
    u.zrzyt = add_user(db, "t_zrzyt", Role::kDeptHandler, "", kZrzyt);
    u.ent1 = add_user(db, "t_ent1", Role::kEnterprise, "", "", kE1);
    u.ent2 = add_user(db, "t_ent2", Role::kEnterprise, "", "", kE2);
    u.ent3 = add_user(db, "t_ent3", Role::kEnterprise, "", "", kE3);
    u.tpy1 = add_user(db, "t_tpy1", Role::kCommissioner, "南宁市");
    u.tpy2 = add_user(db, "t_tpy2", Role::kCommissioner, "柳州市");
    return u;
}

NewCase new_case(const std::string& category, const std::string& title, const std::string& urgency = "normal",
                 const std::string& uscc = {}) {
    NewCase n;
    n.uscc = uscc;
    n.category = category;
    n.urgency = urgency;
    n.title = title;
    n.description = "测试问题描述：" + title;
    return n;
}

ActionRequest act(const std::string& action, const std::string& reason = {}) {
    ActionRequest a;
    a.action = action;
    a.reason = reason;
    return a;
}

std::vector<std::string> actions_of(const CaseDetail& d) {
    std::vector<std::string> out;
    for (const desk::ActionRule* a : d.actions) out.push_back(a->name);
    return out;
}

std::vector<std::int64_t> ids(const Page<CaseRecord>& p) {
    std::vector<std::int64_t> out;
    for (const CaseRecord& c : p.items) out.push_back(c.id);
    std::sort(out.begin(), out.end());
    return out;
}

enum class Backend { kSqlite, kPostgres };

const char* pg_url() {
    const char* url = std::getenv("ZX_TEST_PG_URL");
    return url != nullptr && *url != '\0' ? url : nullptr;
}

// Each test on SQLite in memory, and on PostgreSQL (ZX_TEST_PG_URL, as scripts/test.sh sets it) in a
// schema of its own, dropped afterwards.
class DeskServiceTest : public ::testing::TestWithParam<Backend> {
  protected:
    // Monday 2024-03-04 10:00 Beijing time; no holiday until 2024-04-04.
    static constexpr std::int64_t kStart = 1709517600;

    void SetUp() override {
        ASSERT_EQ(kStart, bj(2024, 3, 4, 10));
        std::string url = "sqlite::memory:";
        if (GetParam() == Backend::kPostgres) {
            if (!pg_url())
                GTEST_SKIP()
                    << "ZX_TEST_PG_URL is not set; for PostgreSQL coverage run eval \"$(scripts/pg-test-cluster.sh "
                       "start /tmp/zx-pg 55432)\" first";
            static std::atomic<int> next{0};
            schema_ = "zx_desk_" + std::to_string(::getpid()) + "_" + std::to_string(next++);
            auto admin = db::Database::open(pg_url(), 1);
            ASSERT_TRUE(admin) << admin.status().message();
            auto c = (*admin)->acquire();
            ASSERT_TRUE(c) << c.status().message();
            (*c)->exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
            auto made = (*c)->exec("CREATE SCHEMA " + schema_);
            ASSERT_TRUE(made) << made.status().message();
            const std::string base = pg_url();
            url = base + (base.find('?') != std::string::npos ? "&" : "?") + "options=-csearch_path%3D" + schema_;
        }
        auto opened = db::Database::open(url, 8);
        ASSERT_TRUE(opened) << opened.status().message();
        db_ = std::move(opened).value();
        auto m = api::migrate_all(*db_);
        ASSERT_TRUE(m) << m.status().message();
        rules_ = desk_rules();
        ASSERT_TRUE(rules_);
        calendar_ = guangxi_calendar();
        desk_ = std::make_unique<DeskService>(*db_, rules_, calendar_, clock_);
        u_ = seed(*db_);
        auto a = desk_->assign(u_.admin, kCtx, {kE1}, u_.tpy1.user_id);
        ASSERT_TRUE(a) << a.status().message();
        ASSERT_EQ(*a, 1);
    }

    void TearDown() override {
        desk_.reset();
        db_.reset();
        if (schema_.empty()) return;
        if (auto admin = db::Database::open(pg_url(), 1))
            if (auto c = (*admin)->acquire()) (*c)->exec("DROP SCHEMA " + schema_ + " CASCADE");
    }

    // Reports as `who` with a fresh key; the case's detail.
    CaseDetail report(const Principal& who, const NewCase& n) {
        auto r = desk_->report(who, kCtx, n, "test-key-" + std::to_string(++keys_));
        EXPECT_TRUE(r) << r.status().message();
        return r ? r->detail : CaseDetail{};
    }
    Status step(const Principal& who, std::int64_t id, const ActionRequest& a) {
        auto r = desk_->act(who, kCtx, id, a);
        return r ? Status::ok() : r.status();
    }
    StatusCode code(const Principal& who, std::int64_t id, const ActionRequest& a) { return step(who, id, a).code(); }
    CaseDetail get(const Principal& who, std::int64_t id) {
        auto d = desk_->get(who, id);
        EXPECT_TRUE(d) << d.status().message();
        return d ? std::move(d).value() : CaseDetail{};
    }
    Page<CaseRecord> list(const Principal& who, const CaseFilter& f = {}) {
        auto p = desk_->list(who, f, PageRequest{1, 500});
        EXPECT_TRUE(p) << p.status().message();
        return p ? std::move(p).value() : Page<CaseRecord>{};
    }
    // The notifications of `who` about case `id` of kind `kind`.
    int notes(const Principal& who, std::int64_t id, const std::string& kind) {
        auto n = desk_->notifications(who, 200);
        EXPECT_TRUE(n) << n.status().message();
        if (!n) return -1;
        return static_cast<int>(std::count_if(n->second.begin(), n->second.end(), [&](const DeskNotification& x) {
            return x.case_id && *x.case_id == id && x.kind == kind;
        }));
    }
    std::int64_t cases_in_db() { return count(*db_, "SELECT COUNT(*) FROM desk_cases"); }

    ManualClock clock_{kStart};
    std::unique_ptr<db::Database> db_;
    std::shared_ptr<const desk::DeskRules> rules_;
    std::shared_ptr<const WorkingCalendar> calendar_;
    std::unique_ptr<DeskService> desk_;
    People u_;
    int keys_ = 0;
    std::string schema_;
};

// ---- routing ----

TEST_P(DeskServiceTest, LaborGoesToHumanResourcesAndIsDispatchedAtOnce) {
    const CaseDetail d = report(u_.ent1, new_case("labor", "节后普工缺口约120人"));
    EXPECT_EQ(d.c.lead_department, kHrss);
    EXPECT_EQ(d.c.status, "dispatched");
    EXPECT_EQ(d.c.uscc, kE1);
    EXPECT_EQ(d.c.city, "南宁市");
    EXPECT_TRUE(d.c.co_departments.empty());
    EXPECT_TRUE(d.subtasks.empty());
    ASSERT_EQ(d.events.size(), 2u);
    EXPECT_EQ(d.events[0].action, "report");
    EXPECT_EQ(d.events[0].to, "submitted");
    EXPECT_EQ(d.events[1].action, "dispatch");
    EXPECT_EQ(d.events[1].from, "submitted");
    EXPECT_EQ(d.events[1].to, "dispatched");
    EXPECT_EQ(d.events[1].department, kHrss);
    EXPECT_EQ(d.c.created_at, kStart);
    EXPECT_EQ(d.c.response_due, kStart + 24 * kHour);
    ASSERT_TRUE(d.c.resolution_due);
    EXPECT_EQ(*d.c.resolution_due, bj(2024, 3, 14));  // 03-05..03-08, 03-11..03-13
    EXPECT_EQ(notes(u_.hrss, d.c.id, "dispatch"), 1);
    EXPECT_EQ(notes(u_.fgw, d.c.id, "dispatch"), 0);
    // The list (stored columns) agrees with the detail (recomputed).
    const auto all = list(u_.admin);
    ASSERT_EQ(all.items.size(), 1u);
    EXPECT_EQ(all.items[0].response_due, kStart + 24 * kHour);
    ASSERT_TRUE(all.items[0].resolution_due);
    EXPECT_EQ(*all.items[0].resolution_due, bj(2024, 3, 14));
    EXPECT_EQ(all.items[0].sla_state, "ok");
    // The lead may accept, re-dispatch or return it, nothing else.
    auto mine = actions_of(get(u_.hrss, d.c.id));
    std::sort(mine.begin(), mine.end());
    EXPECT_EQ(mine, (std::vector<std::string>{"accept", "redispatch", "return"}));
}

TEST_P(DeskServiceTest, EnergyGoesToDevelopmentAndReformWithASubtaskForTheGrid) {
    const CaseDetail d = report(u_.ent1, new_case("energy", "新增生产线用电容量不足"));
    EXPECT_EQ(d.c.lead_department, kFgw);
    EXPECT_EQ(d.c.status, "dispatched");
    EXPECT_EQ(d.c.co_departments, std::vector<std::string>{kGrid});
    ASSERT_EQ(d.subtasks.size(), 1u);
    EXPECT_EQ(d.subtasks[0].department, kGrid);
    EXPECT_EQ(d.subtasks[0].status, "open");
    EXPECT_EQ(d.subtasks[0].due, bj(2024, 3, 14));
    ASSERT_EQ(d.events.size(), 2u);
    EXPECT_EQ(d.events[0].action, "report");
    EXPECT_EQ(d.events[1].action, "dispatch");
    EXPECT_EQ(notes(u_.fgw, d.c.id, "dispatch"), 1);
    EXPECT_EQ(notes(u_.grid, d.c.id, "subtask"), 1);

    // The grid accepts and completes its part; the lead hears of it. The lead's own steps are not the grid's.
    const std::int64_t sub = d.subtasks[0].id;
    EXPECT_EQ(desk_->subtask_act(u_.fgw, kCtx, sub, "accept", "").code(), StatusCode::kNotFound);
    {
        const Status st = desk_->subtask_act(u_.grid, kCtx, sub, "accept", "");
        ASSERT_TRUE(st) << st.message();
    }
    ASSERT_TRUE(get(u_.fgw, d.c.id).subtasks.at(0).accepted_at);
    EXPECT_EQ(get(u_.fgw, d.c.id).subtasks.at(0).status, "accepted");
    EXPECT_EQ(desk_->subtask_act(u_.grid, kCtx, sub, "accept", "").code(), StatusCode::kConflict);
    EXPECT_EQ(desk_->subtask_act(u_.grid, kCtx, sub, "complete", "").code(), StatusCode::kInvalidArgument);
    ASSERT_TRUE(desk_->subtask_act(u_.grid, kCtx, sub, "complete", "已安排增容报装"));
    EXPECT_EQ(get(u_.fgw, d.c.id).subtasks.at(0).status, "done");
    EXPECT_EQ(get(u_.fgw, d.c.id).subtasks.at(0).sla_state, "met");
    EXPECT_EQ(notes(u_.fgw, d.c.id, "subtask_complete"), 1);
    EXPECT_EQ(code(u_.grid, d.c.id, act("accept")), StatusCode::kForbidden);
}

// ---- the state machine ----

TEST_P(DeskServiceTest, AFullCaseFromReportToRating) {
    const std::int64_t id = report(u_.ent1, new_case("labor", "技术工人招聘难")).c.id;
    clock_.advance(30 * kMinute);
    ASSERT_TRUE(step(u_.hrss, id, act("accept")));
    ASSERT_TRUE(step(u_.hrss, id, act("start")));
    ASSERT_TRUE(step(u_.hrss, id, act("request_info", "请提供岗位清单")));
    EXPECT_EQ(notes(u_.ent1, id, "request_info"), 1);
    EXPECT_EQ(notes(u_.tpy1, id, "request_info"), 1) << "the commissioner hears what the enterprise hears";
    ASSERT_TRUE(step(u_.tpy1, id, act("provide_info", "岗位清单已上传")));
    ASSERT_TRUE(step(u_.hrss, id, act("reply", "已对接3场招聘会")));
    EXPECT_EQ(notes(u_.ent1, id, "reply"), 1);
    ActionRequest confirm = act("confirm");
    confirm.rating = 5;
    ASSERT_TRUE(step(u_.ent1, id, confirm));
    const CaseDetail d = get(u_.admin, id);
    EXPECT_EQ(d.c.status, "closed");
    ASSERT_TRUE(d.c.rating);
    EXPECT_EQ(*d.c.rating, 5);
    ASSERT_TRUE(d.c.responded_at);
    EXPECT_EQ(*d.c.responded_at, kStart + 30 * kMinute);
    EXPECT_EQ(d.c.sla_state, "met");
    EXPECT_EQ(d.clocks.response.state, desk::ClockState::kMet);
    EXPECT_EQ(d.clocks.resolution.state, desk::ClockState::kMet);
    EXPECT_TRUE(d.actions.empty()) << "nothing is left to do on a closed case";
    std::vector<std::string> trail;
    for (const DeskEvent& e : d.events) trail.push_back(e.action);
    EXPECT_EQ(trail, (std::vector<std::string>{"report", "dispatch", "accept", "start", "request_info", "provide_info",
                                               "reply", "confirm"}));
    // Enterprises see the unit that acted, not the person.
    const CaseDetail seen = get(u_.ent1, id);
    EXPECT_EQ(seen.events.at(2).actor_name, kHrss);
}

TEST_P(DeskServiceTest, StepsNotLegalFromTheStateAreConflicts) {
    const std::int64_t id = report(u_.ent1, new_case("labor", "用工问题一")).c.id;
    ActionRequest confirm = act("confirm");
    confirm.rating = 4;
    EXPECT_EQ(code(u_.ent1, id, confirm), StatusCode::kConflict) << "confirm before the reply";
    EXPECT_EQ(code(u_.ent1, id, act("reopen", "没有解决")), StatusCode::kConflict);
    EXPECT_EQ(code(u_.hrss, id, act("reply", "答复内容")), StatusCode::kConflict) << "reply before accepting";
    EXPECT_EQ(code(u_.hrss, id, act("start")), StatusCode::kConflict);
    ASSERT_TRUE(step(u_.hrss, id, act("accept")));
    EXPECT_EQ(code(u_.hrss, id, act("accept")), StatusCode::kConflict) << "accept twice";
    ActionRequest redispatch = act("redispatch", "不属我厅职责");
    redispatch.department = kFgw;
    EXPECT_EQ(code(u_.hrss, id, redispatch), StatusCode::kConflict) << "re-dispatch after accepting";
    EXPECT_EQ(code(u_.admin, id, redispatch), StatusCode::kConflict);
    EXPECT_EQ(code(u_.hrss, id, act("return", "请服务台重新分办")), StatusCode::kConflict);
    ASSERT_TRUE(step(u_.hrss, id, act("request_info", "请补充材料")));
    EXPECT_EQ(code(u_.hrss, id, act("reply", "答复内容")), StatusCode::kConflict) << "reply while waiting";
    EXPECT_EQ(code(u_.hrss, id, act("request_info", "再补充")), StatusCode::kConflict);
    EXPECT_EQ(code(u_.admin, id, act("approve_extension")), StatusCode::kConflict) << "no extension request waits";
    EXPECT_EQ(code(u_.admin, id, act("close", "归档")), StatusCode::kConflict);
    EXPECT_EQ(get(u_.admin, id).c.status, "waiting") << "refused steps change nothing";
    EXPECT_EQ(get(u_.admin, id).events.size(), 4u);
}

TEST_P(DeskServiceTest, RedispatchAndReturnOnlyWithinTheResponseLimit) {
    const std::int64_t id = report(u_.ent1, new_case("labor", "用工问题二")).c.id;
    ActionRequest redispatch = act("redispatch", "属发展改革委职责");
    redispatch.department = kFgw;
    clock_.advance(24 * kHour);  // at the limit: still allowed
    // By the desk: the lead's own re-dispatch commits too, but answers kNotFound (see the DISABLED_ test).
    {
        const Status st = step(u_.admin, id, redispatch);
        ASSERT_TRUE(st) << st.message();
    }
    const CaseDetail moved = get(u_.admin, id);
    EXPECT_EQ(moved.c.lead_department, kFgw);
    EXPECT_EQ(moved.c.status, "dispatched");
    EXPECT_EQ(notes(u_.fgw, id, "redispatch"), 1);
    EXPECT_EQ(code(u_.hrss, id, act("accept")), StatusCode::kNotFound) << "no longer the lead's case";
    clock_.advance(1);  // one second past the response limit
    redispatch.department = kHrss;
    EXPECT_EQ(code(u_.fgw, id, redispatch), StatusCode::kConflict);
    EXPECT_EQ(code(u_.admin, id, redispatch), StatusCode::kConflict);
    EXPECT_EQ(code(u_.fgw, id, act("return", "请服务台重新分办")), StatusCode::kConflict);
    const auto left = actions_of(get(u_.fgw, id));
    EXPECT_EQ(left, std::vector<std::string>{"accept"}) << "only accepting is left, late";
    EXPECT_TRUE(step(u_.fgw, id, act("accept")));
}

// BUG (not fixed): act() answers with get(who, id) after the commit, and a lead that re-dispatched or
// returned the case no longer sees it, so a step that succeeded answers kNotFound (HTTP 404) and the
// page shows an error for a change that was made. Enabled, this test fails on the first ASSERT.
TEST_P(DeskServiceTest, TheLeadThatRedispatchesOrReturnsIsAnsweredWithSuccess) {
    const std::int64_t id = report(u_.ent1, new_case("labor", "不属本厅职责的问题")).c.id;
    ActionRequest redispatch = act("redispatch", "属发展改革委职责");
    redispatch.department = kFgw;
    const Status moved = step(u_.hrss, id, redispatch);
    EXPECT_EQ(get(u_.admin, id).c.lead_department, kFgw) << "the re-dispatch committed";
    ASSERT_TRUE(moved) << moved.message();
    const Status back = step(u_.fgw, id, act("return", "请服务台重新分办"));
    EXPECT_EQ(get(u_.admin, id).c.status, "submitted") << "the return committed";
    ASSERT_TRUE(back) << back.message();
}

TEST_P(DeskServiceTest, TheWrongPartyIsForbidden) {
    const std::int64_t id = report(u_.ent1, new_case("energy", "迎峰度夏有序用电")).c.id;
    EXPECT_EQ(code(u_.ent1, id, act("accept")), StatusCode::kForbidden) << "the reporter accepts nothing";
    EXPECT_EQ(code(u_.tpy1, id, act("accept")), StatusCode::kForbidden);
    EXPECT_EQ(code(u_.nanning, id, act("accept")), StatusCode::kForbidden) << "the city sees, not handles";
    EXPECT_EQ(code(u_.grid, id, act("accept")), StatusCode::kForbidden) << "a co-handler is not the lead";
    EXPECT_EQ(code(u_.admin, id, act("accept")), StatusCode::kForbidden);
    ASSERT_TRUE(step(u_.fgw, id, act("accept")));
    EXPECT_EQ(code(u_.admin, id, act("reply", "答复")), StatusCode::kForbidden);
    ActionRequest ext = act("request_extension", "需协调电网改造");
    ext.extension_days = 10;
    EXPECT_EQ(code(u_.admin, id, ext), StatusCode::kForbidden) << "the desk approves, the lead asks";
    ASSERT_TRUE(step(u_.fgw, id, act("reply", "已协调增容")));
    ActionRequest confirm = act("confirm");
    confirm.rating = 3;
    EXPECT_EQ(code(u_.fgw, id, confirm), StatusCode::kForbidden) << "the lead does not rate itself";
    EXPECT_EQ(code(u_.tpy2, id, confirm), StatusCode::kNotFound) << "another commissioner's enterprise";
    EXPECT_EQ(code(u_.ent2, id, confirm), StatusCode::kNotFound) << "another enterprise's case";
    EXPECT_TRUE(step(u_.tpy1, id, confirm)) << "the assigned commissioner may confirm";
}

TEST_P(DeskServiceTest, MissingReasonRatingOrDepartmentIsInvalid) {
    const std::int64_t id = report(u_.ent1, new_case("labor", "用工问题三")).c.id;
    ActionRequest redispatch = act("redispatch", "改派理由");
    EXPECT_EQ(code(u_.hrss, id, redispatch), StatusCode::kInvalidArgument) << "no department";
    redispatch.department = "不存在的单位";
    EXPECT_EQ(code(u_.hrss, id, redispatch), StatusCode::kInvalidArgument);
    redispatch.department = kHrss;
    EXPECT_EQ(code(u_.hrss, id, redispatch), StatusCode::kInvalidArgument) << "to the same department";
    redispatch.department = kFgw;
    redispatch.reason = "";
    EXPECT_EQ(code(u_.hrss, id, redispatch), StatusCode::kInvalidArgument) << "no reason";
    EXPECT_EQ(code(u_.hrss, id, act("return", " ")), StatusCode::kInvalidArgument);
    EXPECT_EQ(code(u_.hrss, id, act("no_such_action")), StatusCode::kInvalidArgument);
    ASSERT_TRUE(step(u_.hrss, id, act("accept")));
    EXPECT_EQ(code(u_.hrss, id, act("reply")), StatusCode::kInvalidArgument);
    EXPECT_EQ(code(u_.hrss, id, act("reply", "好")), StatusCode::kInvalidArgument) << "a reason has 2 characters";
    EXPECT_EQ(code(u_.hrss, id, act("request_info")), StatusCode::kInvalidArgument);
    ActionRequest ext = act("request_extension", "需要时间");
    EXPECT_EQ(code(u_.hrss, id, ext), StatusCode::kInvalidArgument) << "no days";
    ext.extension_days = 7;
    EXPECT_EQ(code(u_.hrss, id, ext), StatusCode::kInvalidArgument) << "not longer than the limit";
    ext.extension_days = 16;
    EXPECT_EQ(code(u_.hrss, id, ext), StatusCode::kInvalidArgument) << "over max_extension_days";
    ASSERT_TRUE(step(u_.hrss, id, act("reply", "已答复")));
    for (std::optional<int> r : {std::optional<int>{}, std::optional<int>{0}, std::optional<int>{6}}) {
        ActionRequest confirm = act("confirm");
        confirm.rating = r;
        EXPECT_EQ(code(u_.ent1, id, confirm), StatusCode::kInvalidArgument) << (r ? *r : -1);
    }
    EXPECT_EQ(code(u_.ent1, id, act("reopen")), StatusCode::kInvalidArgument);
    EXPECT_EQ(get(u_.admin, id).c.status, "replied");
}

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

// ---- scope ----

TEST_P(DeskServiceTest, EachRoleSeesItsOwnCases) {
    const std::int64_t labor1 = report(u_.ent1, new_case("labor", "南宁甲用工")).c.id;
    const std::int64_t energy1 = report(u_.ent1, new_case("energy", "南宁甲用电")).c.id;
    const std::int64_t labor2 = report(u_.ent2, new_case("labor", "柳州乙用工")).c.id;
    const std::int64_t land3 = report(u_.ent3, new_case("land", "南宁丙用地")).c.id;
    using V = std::vector<std::int64_t>;
    EXPECT_EQ(ids(list(u_.admin)), (V{labor1, energy1, labor2, land3}));
    EXPECT_EQ(ids(list(u_.hrss)), (V{labor1, labor2}));
    EXPECT_EQ(ids(list(u_.fgw)), (V{energy1}));
    EXPECT_EQ(ids(list(u_.grid)), (V{energy1})) << "co-handled";
    EXPECT_EQ(ids(list(u_.zrzyt)), (V{land3}));
    EXPECT_EQ(ids(list(u_.nanning)), (V{labor1, energy1, land3}));
    EXPECT_EQ(ids(list(u_.liuzhou)), (V{labor2}));
    EXPECT_EQ(ids(list(u_.ent1)), (V{labor1, energy1}));
    EXPECT_EQ(ids(list(u_.ent2)), (V{labor2}));
    EXPECT_EQ(ids(list(u_.tpy1)), (V{labor1, energy1})) << "the assigned enterprise's";
    EXPECT_TRUE(list(u_.tpy2).items.empty());
    EXPECT_EQ(list(u_.ent2).total, 1);

    for (const auto& [who, id] : std::vector<std::pair<Principal, std::int64_t>>{{u_.hrss, energy1},
                                                                                 {u_.grid, labor1},
                                                                                 {u_.zrzyt, labor1},
                                                                                 {u_.liuzhou, labor1},
                                                                                 {u_.nanning, labor2},
                                                                                 {u_.ent2, labor1},
                                                                                 {u_.ent1, land3},
                                                                                 {u_.tpy1, labor2},
                                                                                 {u_.tpy2, labor1}}) {
        auto d = desk_->get(who, id);
        EXPECT_FALSE(d) << who.username << " reads #" << id;
        if (!d) {
            EXPECT_EQ(d.status().code(), StatusCode::kNotFound) << who.username;
        }
    }
    EXPECT_TRUE(desk_->get(u_.grid, energy1));
    EXPECT_TRUE(desk_->get(u_.tpy1, labor1));
    // A filter never widens the scope.
    EXPECT_TRUE(list(u_.ent2, {.uscc = kE1}).items.empty());
    EXPECT_TRUE(list(u_.liuzhou, {.city = "南宁市"}).items.empty());
}

TEST_P(DeskServiceTest, ReportersReportOnlyForThemselvesOrTheirEnterprises) {
    auto own = desk_->report(u_.tpy1, kCtx, new_case("labor", "特派员代报", "normal", kE1), "tpy1-key-0001");
    ASSERT_TRUE(own) << own.status().message();
    EXPECT_EQ(own->detail.c.uscc, kE1);
    auto other = desk_->report(u_.tpy1, kCtx, new_case("labor", "特派员越权代报", "normal", kE2), "tpy1-key-0002");
    ASSERT_FALSE(other);
    EXPECT_EQ(other.status().code(), StatusCode::kForbidden);
    auto unassigned = desk_->report(u_.tpy2, kCtx, new_case("labor", "未分配企业", "normal", kE2), "tpy2-key-0001");
    ASSERT_FALSE(unassigned);
    EXPECT_EQ(unassigned.status().code(), StatusCode::kForbidden);
    auto foreign = desk_->report(u_.ent2, kCtx, new_case("labor", "替别人反映", "normal", kE1), "ent2-key-0001");
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.status().code(), StatusCode::kForbidden);
    auto implied = desk_->report(u_.ent2, kCtx, new_case("labor", "本企业问题"), "ent2-key-0002");
    ASSERT_TRUE(implied) << implied.status().message();
    EXPECT_EQ(implied->detail.c.uscc, kE2);
    auto desk_call = desk_->report(u_.admin, kCtx, new_case("labor", "热线来电", "normal", kE3), "admin-key-001");
    ASSERT_TRUE(desk_call) << desk_call.status().message();
    auto city = desk_->report(u_.nanning, kCtx, new_case("labor", "城市代报", "normal", kE1), "city-key-0001");
    ASSERT_FALSE(city);
    EXPECT_EQ(city.status().code(), StatusCode::kForbidden);
    EXPECT_EQ(cases_in_db(), 3);
}

TEST_P(DeskServiceTest, TheReportIsCheckedFieldByFieldAndItsAttachmentsByContent) {
    const std::string pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    NewCase n = new_case("labor", "带附件的问题");
    n.attachments.push_back({"情况说明.pdf", pdf});
    auto ok = desk_->report(u_.ent1, kCtx, n, "attach-key-01");
    ASSERT_TRUE(ok) << ok.status().message();
    ASSERT_EQ(ok->detail.attachments.size(), 1u);
    const DeskAttachment a = ok->detail.attachments[0];
    EXPECT_EQ(a.content_type, "application/pdf");
    EXPECT_EQ(a.size, static_cast<std::int64_t>(pdf.size()));
    auto bytes = desk_->attachment(u_.hrss, ok->detail.c.id, a.sha256);
    ASSERT_TRUE(bytes) << bytes.status().message();
    EXPECT_EQ(bytes->second, pdf);
    EXPECT_EQ(desk_->attachment(u_.ent2, ok->detail.c.id, a.sha256).status().code(), StatusCode::kNotFound);
    EXPECT_EQ(desk_->attachment(u_.hrss, ok->detail.c.id, std::string(64, '0')).status().code(), StatusCode::kNotFound);

    NewCase html = new_case("labor", "伪装的附件");
    html.attachments.push_back({"说明.pdf", "<html><script>alert(1)</script></html>"});
    auto refused = desk_->report(u_.ent1, kCtx, html, "attach-key-02");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.status().code(), StatusCode::kDataError);
    EXPECT_NE(refused.status().message().find("说明.pdf"), std::string::npos) << refused.status().message();
    NewCase six = new_case("labor", "六个附件");
    for (int i = 0; i < 6; ++i) six.attachments.push_back({"f" + std::to_string(i) + ".pdf", pdf});
    EXPECT_EQ(desk_->report(u_.ent1, kCtx, six, "attach-key-03").status().code(), StatusCode::kInvalidArgument);
    NewCase big = new_case("labor", "超大附件");
    big.attachments.push_back({"big.pdf", pdf + std::string((10u << 20) - pdf.size() + 1, ' ')});
    EXPECT_EQ(desk_->report(u_.ent1, kCtx, big, "attach-key-04").status().code(), StatusCode::kDataError);

    EXPECT_EQ(desk_->report(u_.ent1, kCtx, new_case("labor", std::string(101 * 3, 'x').substr(0, 101)), "field-key-01")
                  .status()
                  .code(),
              StatusCode::kInvalidArgument)
        << "a title of 101 characters";
    EXPECT_TRUE(desk_->report(u_.ent1, kCtx, new_case("labor", std::string(100, 'x')), "field-key-02"));
    EXPECT_EQ(desk_->report(u_.ent1, kCtx, new_case("labor", "  "), "field-key-03").status().code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(desk_->report(u_.ent1, kCtx, new_case("water", "未知类别"), "field-key-04").status().code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(desk_->report(u_.ent1, kCtx, new_case("labor", "未知紧急程度", "asap"), "field-key-05").status().code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(
        desk_->report(u_.admin, kCtx, new_case("labor", "不在名录", "normal", "91450100MA5KNOPE99"), "field-key-06")
            .status()
            .code(),
        StatusCode::kDataError);
    EXPECT_EQ(desk_->report(u_.admin, kCtx, new_case("labor", "没有企业"), "field-key-07").status().code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(cases_in_db(), 2);
}

// ---- the Idempotency-Key ----

TEST_P(DeskServiceTest, TheSameKeyReplaysTheSameCaseAndAnotherBodyIsAConflict) {
    const NewCase n = new_case("labor", "重复提交的问题");
    auto first = desk_->report(u_.ent1, kCtx, n, "idem-key-0001");
    ASSERT_TRUE(first) << first.status().message();
    EXPECT_FALSE(first->replayed);
    clock_.advance(5 * kMinute);
    auto again = desk_->report(u_.ent1, kCtx, n, "idem-key-0001");
    ASSERT_TRUE(again) << again.status().message();
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(again->detail.c.id, first->detail.c.id);
    EXPECT_EQ(again->detail.c.created_at, kStart);
    NewCase changed = n;
    changed.description += "（补充）";
    auto conflict = desk_->report(u_.ent1, kCtx, changed, "idem-key-0001");
    ASSERT_FALSE(conflict);
    EXPECT_EQ(conflict.status().code(), StatusCode::kConflict);
    changed = n;
    changed.urgency = "urgent";
    EXPECT_EQ(desk_->report(u_.ent1, kCtx, changed, "idem-key-0001").status().code(), StatusCode::kConflict);
    EXPECT_EQ(cases_in_db(), 1);
    EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM desk_events"), 2) << "a replay writes no event";
    EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM desk_notifications WHERE kind = 'dispatch'"), 1);
    // The key is the account's: another account's same key is another report.
    auto tpy = desk_->report(u_.tpy1, kCtx, new_case("labor", "重复提交的问题", "normal", kE1), "idem-key-0001");
    ASSERT_TRUE(tpy) << tpy.status().message();
    EXPECT_FALSE(tpy->replayed);
    EXPECT_NE(tpy->detail.c.id, first->detail.c.id);
    EXPECT_EQ(cases_in_db(), 2);
    // Keys are 8 to 128 visible ASCII characters.
    for (const std::string& bad :
         {std::string("short"), std::string("has space 1"), std::string(129, 'k'), std::string("中文的幂等键值")})
        EXPECT_EQ(desk_->report(u_.ent1, kCtx, n, bad).status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_TRUE(desk_->report(u_.ent1, kCtx, new_case("labor", "另一问题"), std::string(128, 'k')));
}

// Eight concurrent reports with one key make one case (five rounds, each with a key of its own); with
// eight keys, eight. The pool's eight connections are opened first, so that the reports overlap
// instead of queueing behind connection set-up.
TEST_P(DeskServiceTest, ConcurrentReportsWithOneKeyMakeOneCase) {
    constexpr int kThreads = 8;
    constexpr int kRounds = 5;
    {
        std::vector<Result<db::Database::Lease>> warm;
        warm.reserve(kThreads);
        for (int i = 0; i < kThreads; ++i) {
            warm.push_back(db_->acquire());
            ASSERT_TRUE(warm.back()) << warm.back().status().message();
        }
    }
    auto race = [&](const std::function<Result<ReportOutcome>(int)>& call) {
        std::vector<Result<ReportOutcome>> out(kThreads, Status::internal({"not run", "not run"}));
        std::atomic<int> ready{0};
        std::vector<std::thread> threads;
        threads.reserve(kThreads);
        for (int i = 0; i < kThreads; ++i)
            threads.emplace_back([&, i] {
                ready.fetch_add(1);
                while (ready.load() < kThreads) std::this_thread::yield();
                out[static_cast<std::size_t>(i)] = call(i);
            });
        for (std::thread& t : threads) t.join();
        return out;
    };
    const NewCase n = new_case("energy", "并发提交的同一问题");
    for (int round = 0; round < kRounds; ++round) {
        const std::string key = "same-key-concurrent-" + std::to_string(round);
        const auto out = race([&](int) { return desk_->report(u_.ent1, kCtx, n, key); });
        std::int64_t id = 0;
        int fresh = 0;
        for (const auto& r : out) {
            ASSERT_TRUE(r) << "round " << round << ": " << r.status().message();
            if (id == 0) id = r->detail.c.id;
            EXPECT_EQ(r->detail.c.id, id);
            if (!r->replayed) ++fresh;
        }
        EXPECT_EQ(fresh, 1) << "one report made the case, the others replayed it";
        EXPECT_EQ(cases_in_db(), round + 1);
    }
    EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM desk_subtasks"), kRounds);
    EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM desk_events"), 2 * kRounds);

    const auto many = race([&](int i) {
        return desk_->report(u_.ent1, kCtx, new_case("labor", "并发问题" + std::to_string(i)),
                             "distinct-key-" + std::to_string(i));
    });
    for (const auto& r : many) {
        ASSERT_TRUE(r) << r.status().message();
        EXPECT_FALSE(r->replayed);
    }
    EXPECT_EQ(cases_in_db(), kRounds + kThreads);
    EXPECT_EQ(count(*db_, "SELECT COUNT(DISTINCT idempotency_key) FROM desk_cases"), kRounds + kThreads);
}

// ---- 三张清单 ----

TEST_P(DeskServiceTest, TheTaskListHoldsEachDepartmentsOpenWork) {
    const std::int64_t labor = report(u_.ent1, new_case("labor", "任务清单用工")).c.id;
    const CaseDetail energy = report(u_.ent2, new_case("energy", "任务清单用电"));
    auto hrss = desk_->tasks(u_.hrss, kFgw, PageRequest{});  // a department's own, whatever it asks
    ASSERT_TRUE(hrss) << hrss.status().message();
    ASSERT_EQ(hrss->total, 1);
    EXPECT_EQ(hrss->items[0].kind, "lead");
    EXPECT_EQ(hrss->items[0].case_id, labor);
    ASSERT_TRUE(hrss->items[0].due);
    EXPECT_EQ(*hrss->items[0].due, kStart + 24 * kHour) << "not yet accepted: the response is due";
    auto grid = desk_->tasks(u_.grid, "", PageRequest{});
    ASSERT_TRUE(grid);
    ASSERT_EQ(grid->total, 1);
    EXPECT_EQ(grid->items[0].kind, "subtask");
    EXPECT_EQ(grid->items[0].id, energy.subtasks.at(0).id);
    EXPECT_EQ(*grid->items[0].due, bj(2024, 3, 14));
    ASSERT_TRUE(step(u_.hrss, labor, act("accept")));
    hrss = desk_->tasks(u_.hrss, "", PageRequest{});
    EXPECT_EQ(*hrss->items.at(0).due, bj(2024, 3, 14)) << "accepted: the resolution is due";
    ASSERT_TRUE(step(u_.hrss, labor, act("reply", "已答复")));
    EXPECT_EQ(desk_->tasks(u_.hrss, "", PageRequest{})->total, 0) << "replied: off the list";
    auto all = desk_->tasks(u_.admin, "", PageRequest{});
    ASSERT_TRUE(all);
    EXPECT_EQ(all->total, 2) << "the energy case's lead task and the grid's sub-task";
    EXPECT_EQ(desk_->tasks(u_.admin, kGrid, PageRequest{})->total, 1);
    EXPECT_EQ(desk_->tasks(u_.ent1, "", PageRequest{}).status().code(), StatusCode::kForbidden);
    EXPECT_EQ(desk_->tasks(u_.admin, "不存在的单位", PageRequest{}).status().code(), StatusCode::kDataError);
}

TEST_P(DeskServiceTest, AutoAssignPrefersTheCityThenTheLeastLoaded) {
    // tpy1 (南宁市) serves kE1 already; kE3 (南宁市) and kE2 (柳州市) are uncovered.
    auto before = desk_->coverage(u_.admin, {.covered = "false"}, PageRequest{});
    ASSERT_TRUE(before);
    EXPECT_EQ(before->total, 2);
    EXPECT_EQ(desk_->auto_assign(u_.liuzhou, kCtx, "南宁市").status().code(), StatusCode::kForbidden);
    auto n = desk_->auto_assign(u_.nanning, kCtx, "");
    ASSERT_TRUE(n) << n.status().message();
    EXPECT_EQ(*n, 1) << "the city's own uncovered enterprise only";
    auto nanning = desk_->coverage(u_.nanning, {}, PageRequest{});
    ASSERT_TRUE(nanning);
    ASSERT_EQ(nanning->total, 2);
    for (const CoverageRow& r : nanning->items) {
        ASSERT_TRUE(r.commissioner_id) << r.uscc;
        EXPECT_EQ(*r.commissioner_id, u_.tpy1.user_id) << r.uscc << ": the same city's commissioner, loaded or not";
    }
    n = desk_->auto_assign(u_.admin, kCtx, "");
    ASSERT_TRUE(n);
    EXPECT_EQ(*n, 1);
    auto liuzhou = desk_->coverage(u_.liuzhou, {}, PageRequest{});
    ASSERT_TRUE(liuzhou);
    ASSERT_EQ(liuzhou->total, 1);
    EXPECT_EQ(*liuzhou->items.at(0).commissioner_id, u_.tpy2.user_id);
    EXPECT_EQ(desk_->coverage(u_.admin, {.covered = "false"}, PageRequest{})->total, 0);
    auto mine = desk_->coverage(u_.tpy1, {}, PageRequest{});
    ASSERT_TRUE(mine);
    EXPECT_EQ(mine->total, 2);
    auto loads = desk_->commissioners(u_.admin);
    ASSERT_TRUE(loads);
    std::map<std::int64_t, std::int64_t> load;
    for (const Commissioner& c : *loads) load[c.id] = c.assigned;
    EXPECT_EQ(load[u_.tpy1.user_id], 2);
    EXPECT_EQ(load[u_.tpy2.user_id], 1);
    EXPECT_EQ(desk_->assign(u_.nanning, kCtx, {kE2}, u_.tpy1.user_id).status().code(), StatusCode::kDataError)
        << "a city assigns only its own enterprises";
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

INSTANTIATE_TEST_SUITE_P(Backends, DeskServiceTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& i) {
                             return i.param == Backend::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace zx
