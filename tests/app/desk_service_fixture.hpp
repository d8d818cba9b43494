// The fixture of the DeskService suite (desk_service_test.cpp: routing, the state machine and the
// Idempotency-Key; desk_service_sla_test.cpp: the clocks through sweep(), pauses, extensions and
// provisional deadlines; desk_service_scope_test.cpp: each role's scope and the 三张清单): DeskService
// over a real database, with the policies/ rules and departments, the shipped Guangxi calendar and a
// ManualClock, on SQLite and on PostgreSQL. Instantiated once, in desk_service_test.cpp.
//
// Everything is in a named namespace so that every desk_service_*_test.cpp sees the same
// DeskServiceTest type, which GoogleTest requires of one parameterized suite spread over several files.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "app/schema.hpp"
#include "core/clock.hpp"
#include "core/working_calendar.hpp"
#include "modules/service_desk/calendar_files.hpp"
#include "modules/service_desk/desk_files.hpp"
#include "modules/service_desk/desk_service.hpp"
#include "platform/storage/db.hpp"

namespace zx::desktest {

namespace fs = std::filesystem;

inline constexpr std::int64_t kHour = kSecondsPerHour;
inline constexpr std::int64_t kMinute = 60;
inline constexpr const char* kHrss = "自治区人力资源社会保障厅";
inline constexpr const char* kFgw = "自治区发展改革委";
inline constexpr const char* kGrid = "广西电网公司";
inline constexpr const char* kZrzyt = "自治区自然资源厅";
// Enterprises: two in 南宁市, one in 柳州市.
inline constexpr const char* kE1 = "91450100MA5KTEST01";
inline constexpr const char* kE2 = "91450200MA5KTEST02";
inline constexpr const char* kE3 = "91450100MA5KTEST03";

// Beijing wall-clock time as Unix seconds.
inline std::int64_t bj(int y, int m, int d, int h = 0, int mi = 0) {
    return beijing_day_start(Date::of(y, m, d)) + h * kHour + mi * kMinute;
}

inline const RequestContext kCtx{"127.0.0.1", "desk-test"};

inline std::shared_ptr<const WorkingCalendar> guangxi_calendar() {
    auto c = load_working_calendar(fs::path(ZX_SOURCE_DIR) / "calendars", "guangxi");
    EXPECT_TRUE(c) << c.status().message();
    return std::make_shared<const WorkingCalendar>(c ? std::move(c).value() : WorkingCalendar{});
}

inline std::shared_ptr<const desk::DeskRules> desk_rules() {
    EXPECT_TRUE(api::load_responsible_departments(fs::path(ZX_SOURCE_DIR) / "policies"));
    auto r = load_desk_rules(fs::path(ZX_SOURCE_DIR) / "policies" / "service_desk");
    EXPECT_TRUE(r) << r.status().message();
    return r ? std::make_shared<const desk::DeskRules>(std::move(r).value()) : nullptr;
}

inline std::int64_t count(db::Database& db, const std::string& sql, const std::vector<db::Value>& p = {}) {
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

inline Principal add_user(db::Database& db, const std::string& username, Role role, const std::string& city = {},
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

inline void add_enterprise(db::Database& db, const std::string& uscc, const std::string& name,
                           const std::string& city) {
    auto lease = db.acquire();
    ASSERT_TRUE(lease);
    const db::Value p[] = {uscc, name, city, std::string("C34"), std::int64_t{1'700'000'000}};
    auto r = (*lease)->exec(
        "INSERT INTO enterprises (uscc, name, city, industry, updated_at) VALUES ($1, $2, $3, $4, $5)", p);
    ASSERT_TRUE(r) << r.status().message();
}

inline People seed(db::Database& db) {
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

inline NewCase new_case(const std::string& category, const std::string& title, const std::string& urgency = "normal",
                        const std::string& uscc = {}) {
    NewCase n;
    n.uscc = uscc;
    n.category = category;
    n.urgency = urgency;
    n.title = title;
    n.description = "测试问题描述：" + title;
    return n;
}

inline ActionRequest act(const std::string& action, const std::string& reason = {}) {
    ActionRequest a;
    a.action = action;
    a.reason = reason;
    return a;
}

inline std::vector<std::string> actions_of(const CaseDetail& d) {
    std::vector<std::string> out;
    for (const desk::ActionRule* a : d.actions) out.push_back(a->name);
    return out;
}

inline std::vector<std::int64_t> ids(const Page<CaseRecord>& p) {
    std::vector<std::int64_t> out;
    for (const CaseRecord& c : p.items) out.push_back(c.id);
    std::sort(out.begin(), out.end());
    return out;
}

enum class Backend { kSqlite, kPostgres };

inline const char* pg_url() {
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

}  // namespace zx::desktest
