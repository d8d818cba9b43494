#include "app/demo_seed.hpp"

#include "core/clock.hpp"

#include <ctime>

#include "modules/enterprise_data/data_service.hpp"
#include "modules/enterprise_data/rules/demo_data.hpp"
#include "modules/identity/auth.hpp"
#include "platform/crypto/crypto.hpp"

namespace zx {
namespace {

// A random password that satisfies the policy (four character classes).
std::string demo_password() {
    return "Zx-" + random_token(9) + "7a";
}

// The synthetic population in three bulk inserts, one transaction; `enterprise_uscc` receives the
// enterprise the demo enterprise account will be (the first of 南宁市).
Status seed_population(db::Database& db, std::size_t enterprises, std::uint64_t seed, DemoSeedResult& out,
                       std::string& enterprise_uscc) {
    DemoOptions o;
    o.enterprises = enterprises;
    o.seed = seed;
    DemoGenerator gen(o);
    std::vector<std::vector<db::Value>> ents, des, outs;
    DemoEnterprise e;
    std::string first_uscc_city0, first_uscc;
    const std::int64_t t = unix_now();
    while (gen.next(e)) {
        ents.push_back({e.uscc, e.name, std::string(kCities[e.city]),
                        [&] {
                            char b[8];
                            std::snprintf(b, sizeof b, "%04d", e.industry);
                            return std::string(b);
                        }(),
                        e.scale_since ? db::Value(format_year_month(*e.scale_since)) : db::null(), t});
        for (const auto& d : e.designations)
            des.push_back({e.uscc, std::string(kDesignationCodes[static_cast<int>(d.kind)]), format_date(d.valid_from),
                           d.valid_to == kOpenEnd ? db::null() : db::Value(format_date(d.valid_to))});
        for (std::size_t i = 0; i < e.output_fen.size(); ++i) {
            if (!e.present[i]) continue;
            const YearMonth m = o.months.first + static_cast<int>(i);
            // Cities have verified everything but the last quarter of a tenth of the enterprises.
            const bool pending = e.index % 10 == 3 && m >= YearMonth::of(2023, 10);
            outs.push_back({e.uscc, format_year_month(m), e.output_fen[i],
                            std::string(pending ? "pending" : "verified"), pending ? db::null() : db::Value(t), t});
        }
        if (first_uscc.empty()) first_uscc = e.uscc;
        if (e.city == 0 && first_uscc_city0.empty()) first_uscc_city0 = e.uscc;
    }
    Status st = db::in_transaction(db, [&](db::Connection& c) -> Status {
        if (auto s = c.bulk_insert(
                "enterprises",
                std::vector<std::string>{"uscc", "name", "city", "industry", "scale_since", "updated_at"}, ents);
            !s)
            return s;
        if (auto s = c.bulk_insert("designations",
                                   std::vector<std::string>{"uscc", "designation", "valid_from", "valid_to"}, des);
            !s)
            return s;
        if (auto s = bump_data_version(c); !s) return s;  // simulation caches see the new data
        return c.bulk_insert(
            "output", std::vector<std::string>{"uscc", "month", "output_fen", "status", "verified_at", "updated_at"},
            outs);
    });
    if (!st) return st;
    for (const char* t : {"enterprises", "designations", "output"}) db::analyze_after_bulk_load(db, t);
    out.seeded = true;
    out.enterprises = ents.size();
    out.output_rows = outs.size();
    enterprise_uscc = first_uscc_city0.empty() ? first_uscc : first_uscc_city0;
    return Status::ok();
}

// One account per role, with generated passwords (printed once by the caller); without
// `enterprise_uscc` all but the enterprise's.
Status seed_accounts(db::Database& db, const std::string& enterprise_uscc, DemoSeedResult& out) {
    AuthService auth(db);
    Principal system;
    system.username = "system";
    RequestContext ctx{"127.0.0.1", "demo-seed"};
    struct Spec {
        const char* username;
        Role role;
        std::string city, department, uscc;
        const char* display;
    };
    const Spec specs[] = {
        {"gxt_admin", Role::kProvinceAdmin, "", "", "", "自治区工信厅 管理员"},
        {"gxt_reviewer", Role::kProvinceAdmin, "", "", "", "自治区工信厅 复核人"},
        {"gxt_approver", Role::kProvinceAdmin, "", "", "", "自治区工信厅 审批人"},
        {"nanning", Role::kCityOfficial, "南宁市", "", "", "南宁市工信局"},
        {"liuzhou", Role::kCityOfficial, "柳州市", "", "", "柳州市工信局"},
        {"hrss", Role::kDeptHandler, "", "自治区人力资源社会保障厅", "", "人社厅 经办人"},
        {"fgw", Role::kDeptHandler, "", "自治区发展改革委", "", "发展改革委 经办人"},
        {"zrzyt", Role::kDeptHandler, "", "自治区自然资源厅", "", "自然资源厅 经办人"},
        {"jrjgj", Role::kDeptHandler, "", "自治区地方金融监管局", "", "地方金融监管局 经办人"},
        {"jtyst", Role::kDeptHandler, "", "自治区交通运输厅", "", "交通运输厅 经办人"},
        {"gxt_desk", Role::kDeptHandler, "", "自治区工业和信息化厅", "", "工信厅 服务台经办人"},
        {"gxdw", Role::kDeptHandler, "", "广西电网公司", "", "广西电网 经办人"},
        {"tpy_nanning", Role::kCommissioner, "南宁市", "", "", "特派员 南宁工作队"},
        {"tpy_liuzhou", Role::kCommissioner, "柳州市", "", "", "特派员 柳州工作队"},
        {"tpy_guilin", Role::kCommissioner, "桂林市", "", "", "特派员 桂林工作队"},
        {"enterprise", Role::kEnterprise, "", "", enterprise_uscc, "企业用户"},
        {"auditor", Role::kAuditor, "", "", "", "审计"},
        {"sysadmin", Role::kSystemAdmin, "", "", "", "系统管理员"},
        {"secadmin", Role::kSecurityAdmin, "", "", "", "安全管理员"},
        {"auditadmin", Role::kAuditAdmin, "", "", "", "审计管理员"},
    };
    for (const Spec& s : specs) {
        // The enterprise account is for an enterprise the publicized run awards (known after it):
        // the first call makes the others, the second the enterprise's alone.
        if ((s.role == Role::kEnterprise) == enterprise_uscc.empty()) continue;
        NewUser u;
        u.username = s.username;
        u.display_name = s.display;
        u.role = s.role;
        u.city = s.city;
        u.department = s.department;
        u.uscc = s.uscc;
        u.must_change_password = false;  // demo accounts: the operator reads the passwords from the console
        const std::string pw = demo_password();
        auto id = auth.create_user(u, pw, system, ctx);
        if (!id) return id.status();
        Principal p;
        p.user_id = *id;
        p.role = s.role;
        p.city = s.city;
        p.department = s.department;
        p.uscc = s.uscc;
        out.accounts.push_back({s.username, pw, std::string(role_code(s.role)), p.scope().describe()});
    }
    return Status::ok();
}

// A dispatched problem so that the department has something to see.
Status seed_task(db::Database& db, const std::string& enterprise_uscc) {
    {
        Status t = db::in_transaction(db, [&](db::Connection& c) -> Status {
            const db::Value p[] = {enterprise_uscc, std::string("自治区人力资源社会保障厅"),
                                   std::string("春节后用工缺口约120人，请协调对接招聘"),
                                   std::string("企业上报：节后返岗率不足，急需普工和焊工。"), unix_now()};
            auto r = c.exec(
                "INSERT INTO tasks (uscc, department, title, detail, status, created_at, updated_at) "
                "VALUES ($1, $2, $3, $4, 'open', $5, $5)",
                p);
            return r ? Status::ok() : r.status();
        });
        if (!t) return t;
    }
    return Status::ok();
}

Result<Principal> demo_user(db::Database& db, const char* username) {
    auto lease = db.acquire();
    if (!lease) return lease.status();
    const db::Value p[] = {std::string(username)};
    auto r = (*lease)->query("SELECT id FROM users WHERE username = $1", p);
    if (!r) return r.status();
    if (r->empty()) return Status::internal({"缺少演示账号", "a demo account is missing"});
    Principal u;
    u.user_id = r->rows[0].i64(0);
    u.username = username;
    u.role = Role::kProvinceAdmin;
    return u;
}

// Two award runs by the demo administrators (none when the policies are missing: said, not fatal):
// the first walked through review and approval (three people) into 公示, so that the enterprise
// account has awards to see and object to; the second a draft, to walk through by hand.
// `enterprise_uscc` receives the enterprise with the largest award in the first (of 南宁市 if it can).
Status seed_runs(db::Database& db, RunService& runs, DemoSeedResult& out, std::string& enterprise_uscc) {
    RequestContext ctx{"127.0.0.1", "demo-seed"};
    auto admin = demo_user(db, "gxt_admin");
    auto reviewer = demo_user(db, "gxt_reviewer");
    auto approver = demo_user(db, "gxt_approver");
    for (auto* u : {&admin, &reviewer, &approver})
        if (!*u) return u->status();
    RunRequest req;
    req.policy_id = "guangxi-2023";
    req.confirm_pending = true;  // the demo's last quarter is still being verified, as in practice
    req.notice_days = std::max(req.notice_days, runs.settings().min_notice_days);
    auto shown = runs.create(*admin, ctx, req);
    if (!shown) {
        out.run_error = shown.status().text();  // e.g. no policies directory: the demo has no run yet
        return Status::ok();
    }
    const std::pair<const Principal*, const char*> steps[] = {
        {&*reviewer, "reviewed"}, {&*approver, "approved"}, {&*admin, "publicized"}};
    for (const auto& [who, to] : steps)
        if (auto r = runs.transition(*who, ctx, shown->id, to, "演示 / demo"); !r) return r.status();
    out.publicized_run_id = shown->id;
    {
        auto lease = db.acquire();
        if (!lease) return lease.status();
        // 南宁市 first (the demo's city account is 南宁市's), then any city.
        const db::Value p[] = {shown->id, std::string(kCities[0])};
        auto r = (*lease)->query(
            "SELECT uscc FROM run_rows WHERE run_id = $1 AND eligible = 1 AND amount_yuan > 0 GROUP BY uscc, city "
            "ORDER BY CASE WHEN city = $2 THEN 0 ELSE 1 END, SUM(amount_yuan) DESC, uscc LIMIT 1",
            p);
        if (!r) return r.status();
        if (!r->empty()) enterprise_uscc = r->rows[0].str(0);
    }
    auto draft = runs.create(*admin, ctx, req);
    if (!draft) return draft.status();
    out.run_id = draft->id;
    return Status::ok();
}

}  // namespace

Result<DemoSeedResult> seed_demo(db::Database& db, RunService& runs, std::size_t enterprises, std::uint64_t seed,
                                 DeskService* desk, parks::ParkService* parks,
                                 monitoring::MonitoringService* monitoring) {
    DemoSeedResult out;
    {
        auto lease = db.acquire();
        if (!lease) return lease.status();
        auto n = (*lease)->query("SELECT COUNT(*) FROM enterprises");
        if (!n) return n.status();
        if (n->rows.at(0).i64(0) > 0) return out;  // seeded before, or real data: never mixed
    }
    std::string enterprise_uscc;
    if (auto s = seed_population(db, enterprises, seed, out, enterprise_uscc); !s) return s;
    if (auto s = seed_accounts(db, "", out); !s) return s;
    if (auto s = seed_runs(db, runs, out, enterprise_uscc); !s) return s;
    if (auto s = seed_accounts(db, enterprise_uscc, out); !s) return s;  // the enterprise's alone
    if (auto s = seed_task(db, enterprise_uscc); !s) return s;
    out.enterprise_uscc = enterprise_uscc;
    if (desk && desk->ready())
        if (auto s = seed_desk_demo(db, *desk, out); !s) return s;
    if (parks) {
        auto admin = demo_user(db, "gxt_admin");
        if (!admin) return admin.status();
        auto id = parks->seed_demo(*admin, seed, enterprise_uscc);
        if (!id) return id.status();
        // Walked through review and approval (three people) into 公示, the demo enterprise objecting
        // to its land area; a second evaluation of the same year stays a draft, to walk by hand.
        RequestContext ctx{"127.0.0.1", "demo-seed"};
        auto reviewer = demo_user(db, "gxt_reviewer");
        auto approver = demo_user(db, "gxt_approver");
        for (auto* u : {&reviewer, &approver})
            if (!*u) return u->status();
        const std::pair<const Principal*, const char*> steps[] = {
            {&*reviewer, "reviewed"}, {&*approver, "approved"}, {&*admin, "publicized"}};
        for (const auto& [who, to] : steps)
            if (auto r = parks->transition(*who, ctx, *id, to, "演示 / demo"); !r) return r.status();
        out.park_evaluation_id = *id;
        auto ent = demo_user(db, "enterprise");
        if (ent && !enterprise_uscc.empty()) {
            ent->role = Role::kEnterprise;
            ent->uscc = enterprise_uscc;
            if (auto o =
                    parks->file_objection(*ent, ctx, *id, "", "厂区一宗租赁地块已于去年退租，用地面积应核减，请复核。");
                !o)
                return o.status();
        }
        auto year = parks->get(*admin, *id);
        if (!year) return year.status();
        auto draft = parks->create(*admin, ctx, "guangxi-default", static_cast<int>(year->at("year").as_int64()));
        if (!draft) return draft.status();
    }
    if (monitoring) {
        auto admin = demo_user(db, "gxt_admin");
        if (!admin) return admin.status();
        if (auto s = monitoring->seed_demo(*admin, seed); !s) return s;
    }
    return out;
}

}  // namespace zx
