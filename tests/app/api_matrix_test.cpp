// The API suite (api_fixture.hpp), part 2: the role × endpoint matrix over every route.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <iostream>
#include <set>
#include <sstream>

#include "app/api_fixture.hpp"

namespace zx::api::apitest {
namespace {

// ---- 2. The role × endpoint matrix ----

enum Who { kAnon, kProv, kCity, kDept, kEnt, kAud, kSys, kSec, kAudAdm, kWhoCount };
constexpr const char* kUserOf[kWhoCount] = {"",        "gxt_admin", "nanning",  "hrss",      "enterprise",
                                            "auditor", "sysadmin",  "secadmin", "auditadmin"};
constexpr const char* kWhoLabel[kWhoCount] = {"anon",    "province", "city:南宁", "dept",      "enterprise",
                                              "auditor", "sysadmin", "secadmin",  "auditadmin"};

struct Probe {
    std::string method, pattern;
    std::array<int, kWhoCount> expect;  // in the order of Who
};

Role role_of(Who w) {
    switch (w) {
        case kProv:
            return Role::kProvinceAdmin;
        case kCity:
            return Role::kCityOfficial;
        case kDept:
            return Role::kDeptHandler;
        case kEnt:
            return Role::kEnterprise;
        case kAud:
            return Role::kAuditor;
        case kSys:
            return Role::kSystemAdmin;
        case kSec:
            return Role::kSecurityAdmin;
        case kAudAdm:
            return Role::kAuditAdmin;
        case kAnon:
        case kWhoCount:
            break;
    }
    return Role::kNone;
}

// What the access check of a route implies for each caller: anonymous 401 unless public, 403 unless
// the role holds the route's permission, else the route's success status.
std::array<int, kWhoCount> expected_by_access(const http::Route& r) {
    std::array<int, kWhoCount> e{};
    for (int w = 0; w < kWhoCount; ++w) {
        const auto who = static_cast<Who>(w);
        int s = r.status;
        if (r.access != http::Access::kPublic && who == kAnon) s = 401;
        if (r.access == http::Access::kPermission && who != kAnon && !r.permission->granted_to(role_of(who))) s = 403;
        e[static_cast<std::size_t>(w)] = s;
    }
    return e;
}

// Where a service's rule answers differently from the route's permission (the data scope, or a step
// with a permission of its own). Each entry says why; everything else follows from the tables.
struct Override {
    const char* method;
    const char* pattern;
    Who who;
    int status;
    const char* why;
};
constexpr Override kOverrides[] = {
    {"GET", "/api/runs/{id}", kEnt, 404, "an enterprise sees a run once publicized"},
    {"GET", "/api/runs/{id}/rows", kEnt, 404, "an enterprise sees a run once publicized"},
    {"GET", "/api/runs/{id}/compare/{other}", kEnt, 404, "an enterprise sees a run once publicized"},
    {"GET", "/api/runs/{id}/explain/{uscc}", kEnt, 404, "an enterprise sees a run once publicized"},
    {"POST", "/api/runs/{id}/transition", kEnt, 404, "an enterprise sees a run once publicized"},
    {"POST", "/api/runs/{id}/transition", kCity, 403, "each step has its permission (run:run:review)"},
    {"POST", "/api/runs/{id}/transition", kAud, 403, "each step has its permission (run:run:review)"},
    {"POST", "/api/runs/{id}/transition", kProv, 403, "the creator cannot review their own run (separated duties)"},
    {"GET", "/api/runs/{id}/events", kEnt, 404, "an enterprise sees a run once publicized"},
    {"GET", "/api/runs/{id}/objections", kEnt, 404, "an enterprise sees a run once publicized"},
    {"POST", "/api/runs/{id}/objections", kEnt, 404, "an enterprise sees a run once publicized"},
    {"GET", "/api/runs/{id}/ledger", kEnt, 404, "an enterprise sees a run once publicized"},
    {"POST", "/api/runs/{id}/objections/{objection}/decision", kProv, 404, "the draft run has no objection"},
    {"POST", "/api/audit/anchor", kAudAdm, 409, "the fixture's App has no audit signer (no --audit-anchor)"},
    {"POST", "/api/desk/cases/{id}/actions", kProv, 403, "accept is the lead department's (workflow.toml)"},
    {"POST", "/api/desk/cases/{id}/actions", kCity, 403, "accept is the lead department's (workflow.toml)"},
    {"POST", "/api/desk/cases/{id}/actions", kEnt, 403, "accept is the lead department's (workflow.toml)"},
    {"POST", "/api/desk/subtasks/{id}/actions", kProv, 404, "a sub-task is its department's alone"},
    {"POST", "/api/desk/subtasks/{id}/actions", kCity, 404, "a sub-task is its department's alone"},
    {"POST", "/api/desk/subtasks/{id}/actions", kDept, 404, "the sub-task is another department's"},
    {"POST", "/api/desk/subtasks/{id}/actions", kEnt, 404, "a sub-task is its department's alone"},
    {"POST", "/api/monitoring/bulletins/{month}/issue", kProv, 409, "the demo's 通报 of that month is issued"},
};

// The order the probes run in: route order, except that the contact is recorded before it is read
// and revealed, and the two requests that end sessions come last.
int rank(const http::Route& r) {
    if (r.method == "PUT" && r.path == "/api/enterprises/{uscc}/contact") return -1;
    if (r.path == "/api/auth/password") return 1;
    if (r.path == "/api/auth/logout") return 2;
    return 0;
}

TEST_P(ApiTest, RoleEndpointMatrixCoversEveryRoute) {
    Targets t = find_targets(
        P(), [&](const std::string& u, const std::string& k, const std::string& c) { return upload(u, k, c); });
    ASSERT_FALSE(t.explain_uscc.empty());
    ASSERT_GT(t.task_id, 0);
    ASSERT_EQ(t.session_id.size(), 64u);
    EXPECT_EQ(city_of(t.own_uscc), kNanning);

    // The expectations come from the route tables themselves (every route of every module), with
    // the overrides above.
    std::vector<const http::Route*> routes;
    for (const http::Route& r : P().app().routes()) routes.push_back(&r);
    std::stable_sort(routes.begin(), routes.end(),
                     [](const http::Route* a, const http::Route* b) { return rank(*a) < rank(*b); });
    std::vector<Probe> table;
    for (const http::Route* r : routes) table.push_back({r->method, r->path, expected_by_access(*r)});
    for (const Override& o : kOverrides) {
        bool found = false;
        for (Probe& pr : table)
            if (pr.method == o.method && pr.pattern == o.pattern) {
                pr.expect[static_cast<std::size_t>(o.who)] = o.status;
                found = true;
            }
        EXPECT_TRUE(found) << "override for a route that does not exist: " << o.method << " " << o.pattern << " ("
                           << o.why << ")";
    }
    // The router serves exactly the tables' routes.
    std::set<std::pair<std::string, std::string>> in_table, in_router;
    for (const Probe& pr : table) EXPECT_TRUE(in_table.insert({pr.method, pr.pattern}).second) << pr.pattern;
    for (const auto& r : P().app().router()->routes()) in_router.insert(r);
    EXPECT_EQ(in_table, in_router);
    // A few fixed points, so that a table and its generator cannot drift together unnoticed.
    auto row = [&](const char* m, const char* p) {
        for (const Probe& pr : table)
            if (pr.method == m && pr.pattern == p) return pr.expect;
        ADD_FAILURE() << "no route " << m << " " << p;
        return std::array<int, kWhoCount>{};
    };
    //                                                   anon prov city dept ent  aud  sys  sec  audadm
    EXPECT_EQ(row("GET", "/api/users"), (std::array<int, kWhoCount>{401, 403, 403, 403, 403, 403, 200, 200, 403}));
    EXPECT_EQ(row("POST", "/api/runs"), (std::array<int, kWhoCount>{401, 201, 403, 403, 403, 403, 403, 403, 403}));
    EXPECT_EQ(row("GET", "/api/audit"), (std::array<int, kWhoCount>{401, 403, 403, 403, 403, 403, 403, 403, 200}));
    EXPECT_EQ(row("POST", "/api/tasks/{id}/status"),
              (std::array<int, kWhoCount>{401, 200, 403, 200, 403, 403, 403, 403, 403}));
    EXPECT_EQ(row("GET", "/api/runs/{id}"), (std::array<int, kWhoCount>{401, 200, 200, 403, 404, 200, 403, 403, 403}));
    EXPECT_EQ(row("GET", "/api/cities"), (std::array<int, kWhoCount>{200, 200, 200, 200, 200, 200, 200, 200, 200}));

    // Tokens first, so that logins are not part of what is measured.
    std::array<std::string, kWhoCount> token;
    for (int w = kProv; w < kWhoCount; ++w) token[static_cast<std::size_t>(w)] = tok(kUserOf[w]);

    const std::vector<std::string> secrets = {t.own_uscc,
                                              t.own_name,
                                              t.verify_uscc,
                                              t.revise_uscc,
                                              name_of(t.verify_uscc),
                                              name_of(t.explain_uscc),
                                              "13800138000",
                                              "6222020200112233445"};
    // Readers first, writers last, so that a successful state change by one role cannot turn another
    // role's 403 into a 409.
    const Who order[] = {kAnon, kCity, kDept, kEnt, kAud, kAudAdm, kSec, kSys, kProv};
    std::ostringstream report;
    int mismatches = 0, probes = 0;
    for (const Probe& pr : table) {
        const std::string target = fill(pr.pattern, t);
        std::array<int, kWhoCount> got{};
        for (Who w : order) {
            const std::string user = kUserOf[w];
            std::string body, headers;
            if (pr.method != "GET" && pr.method != "DELETE") {
                if (pr.pattern == "/api/auth/login") {
                    body = "{\"username\":\"gxt_reviewer\",\"password\":" + quote(P().password("gxt_reviewer")) +
                           ",\"bearer\":true}";
                } else if (pr.pattern == "/api/auth/password") {
                    const std::string old_pw = w == kAnon ? std::string("Anything-1") : P().password(user);
                    body = "{\"old_password\":" + quote(old_pw) + ",\"new_password\":" + quote(old_pw + "N2") + "}";
                } else {
                    body = write_body(pr.pattern, t);
                }
                if (pr.pattern == "/api/uploads/{kind}" || pr.pattern == "/api/parks/data/{table}" ||
                    pr.pattern == "/api/monitoring/data/{table}")
                    headers = "Content-Type: text/csv\r\n";
                if (pr.pattern == "/api/desk/cases") headers = "Idempotency-Key: matrix-probe-0001\r\n";
            }
            Reply r = P().call(pr.method, target, token[static_cast<std::size_t>(w)], body, headers);
            ++probes;
            got[static_cast<std::size_t>(w)] = r.status;
            if (pr.pattern == "/api/auth/password" && r.status == 200)
                P().set_password(user, P().password(user) + "N2");
            if (r.status == 401 || r.status == 403 || r.status == 404)
                expect_bare_error(r, secrets, pr.method + " " + target + " as " + kWhoLabel[w]);
            if (r.status >= 200 && r.status < 300 && contains(r.header("content-type"), "json")) {
                EXPECT_TRUE(try_parse(r.body).has_value()) << pr.method << " " << target << ": invalid JSON";
            }
            // Masked unless revealed: GET contact never shows the full phone or account number.
            if (pr.method == "GET" && contains(pr.pattern, "/contact") && r.status == 200) {
                EXPECT_EQ(S(obj(r), "phone"), "138****8000") << kWhoLabel[w];
                EXPECT_FALSE(contains(r.body, "6222020200112233445"));
            }
        }
        report << (got == pr.expect ? "  " : "! ") << pr.method << " " << pr.pattern;
        for (int w = 0; w < kWhoCount; ++w) {
            const auto i = static_cast<std::size_t>(w);
            report << "  " << kWhoLabel[w] << "=" << got[i];
            if (got[i] != pr.expect[i]) {
                report << "(want " << pr.expect[i] << ")";
                ++mismatches;
            }
        }
        report << "\n";
    }
    EXPECT_EQ(mismatches, 0) << "role × endpoint matrix (" << probes << " requests):\n" << report.str();
    EXPECT_EQ(probes, static_cast<int>(table.size()) * kWhoCount);
    if (std::getenv("ZX_API_TEST_VERBOSE")) std::cout << report.str();

    // After the logout row every session is gone.
    for (int w = kProv; w < kWhoCount; ++w) {
        EXPECT_EQ(P().get("/api/auth/me", token[static_cast<std::size_t>(w)]).status, 401) << kWhoLabel[w];
    }
}

}  // namespace
}  // namespace zx::api::apitest
