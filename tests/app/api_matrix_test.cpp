// The API suite (api_fixture.hpp), part 2: the role × endpoint matrix over every route.
#include <gtest/gtest.h>

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

// A valid 18-character resident ID: 17 digits and the GB 11643 check character.
struct Probe {
    std::string method, pattern;
    std::array<int, kWhoCount> expect;  // in the order of Who
};

TEST_P(ApiTest, RoleEndpointMatrixCoversEveryRoute) {
    Targets t = find_targets(
        P(), [&](const std::string& u, const std::string& k, const std::string& c) { return upload(u, k, c); });
    ASSERT_FALSE(t.explain_uscc.empty());
    ASSERT_GT(t.task_id, 0);
    ASSERT_EQ(t.session_id.size(), 64u);
    EXPECT_EQ(city_of(t.own_uscc), kNanning);

    // Expected status per role. Rows run in this order (the contact is recorded before it is
    // revealed); the last two change the sessions themselves.
    // clang-format off
  const std::vector<Probe> table = {
      //                                                   anon prov city dept ent  aud  sys  sec  audadm
      {"POST",   "/api/auth/login",                       {200, 200, 200, 200, 200, 200, 200, 200, 200}},
      {"GET",    "/api/auth/login-key",                   {200, 200, 200, 200, 200, 200, 200, 200, 200}},
      {"GET",    "/api/auth/captcha",                     {200, 200, 200, 200, 200, 200, 200, 200, 200}},
      {"GET",    "/api/auth/me",                          {401, 200, 200, 200, 200, 200, 200, 200, 200}},
      {"GET",    "/api/users",                            {401, 403, 403, 403, 403, 403, 200, 200, 403}},
      {"POST",   "/api/users",                            {401, 403, 403, 403, 403, 403, 201, 403, 403}},
      {"POST",   "/api/users/{id}/unlock",                {401, 403, 403, 403, 403, 403, 403, 200, 403}},
      {"POST",   "/api/users/{id}/disable",               {401, 403, 403, 403, 403, 403, 200, 403, 403}},
      {"POST",   "/api/users/{id}/reset-password",        {401, 403, 403, 403, 403, 403, 200, 403, 403}},
      {"GET",    "/api/security/settings",                {401, 403, 403, 403, 403, 403, 403, 200, 403}},
      {"PUT",    "/api/security/settings",                {401, 403, 403, 403, 403, 403, 403, 200, 403}},
      {"GET",    "/api/security/sessions",                {401, 403, 403, 403, 403, 403, 403, 200, 403}},
      {"DELETE", "/api/security/sessions/{id}",           {401, 403, 403, 403, 403, 403, 403, 200, 403}},
      {"GET",    "/api/enterprises",                      {401, 200, 200, 403, 200, 200, 403, 403, 403}},
      {"GET",    "/api/enterprises/{uscc}",               {401, 200, 200, 403, 200, 200, 403, 403, 403}},
      {"GET",    "/api/enterprises/{uscc}/ledger",        {401, 200, 200, 403, 200, 200, 403, 403, 403}},
      {"PUT",    "/api/enterprises/{uscc}/contact",       {401, 403, 200, 403, 200, 403, 403, 403, 403}},
      {"GET",    "/api/enterprises/{uscc}/contact",       {401, 200, 200, 403, 200, 200, 403, 403, 403}},
      {"POST",   "/api/enterprises/{uscc}/contact/reveal", {401, 200, 200, 403, 200, 403, 403, 403, 403}},
      {"POST",   "/api/uploads/{kind}",                   {401, 201, 201, 403, 403, 403, 403, 403, 403}},
      {"GET",    "/api/uploads/{id}/defects.csv",         {401, 200, 200, 403, 403, 403, 403, 403, 403}},
      {"GET",    "/api/output",                           {401, 200, 200, 403, 200, 200, 403, 403, 403}},
      {"POST",   "/api/output/verify",                    {401, 403, 200, 403, 403, 403, 403, 403, 403}},
      {"POST",   "/api/output/revise",                    {401, 403, 200, 403, 403, 403, 403, 403, 403}},
      {"GET",    "/api/verification/progress",            {401, 200, 200, 403, 403, 200, 403, 403, 403}},
      {"GET",    "/api/tasks",                            {401, 200, 200, 200, 403, 200, 403, 403, 403}},
      {"GET",    "/api/tasks/{id}",                       {401, 200, 200, 200, 403, 200, 403, 403, 403}},
      {"POST",   "/api/tasks",                            {401, 201, 403, 403, 403, 403, 403, 403, 403}},
      {"POST",   "/api/tasks/{id}/status",                {401, 200, 403, 200, 403, 403, 403, 403, 403}},
      {"GET",    "/api/policies",                         {401, 200, 200, 200, 200, 200, 200, 403, 403}},
      {"GET",    "/api/policies/{id}",                    {401, 200, 200, 200, 200, 200, 200, 403, 403}},
      {"POST",   "/api/runs",                             {401, 201, 403, 403, 403, 403, 403, 403, 403}},
      {"GET",    "/api/runs",                             {401, 200, 200, 403, 200, 200, 403, 403, 403}},
      {"GET",    "/api/runs/{id}",                        {401, 200, 200, 403, 404, 200, 403, 403, 403}},
      {"GET",    "/api/runs/{id}/rows",                   {401, 200, 200, 403, 404, 200, 403, 403, 403}},
      {"POST",   "/api/runs/{id}/transition",             {401, 200, 403, 403, 404, 403, 403, 403, 403}},
      {"GET",    "/api/runs/{id}/compare/{other}",        {401, 200, 200, 403, 404, 200, 403, 403, 403}},
      {"GET",    "/api/runs/{id}/export.xlsx",            {401, 200, 200, 403, 403, 200, 403, 403, 403}},
      {"GET",    "/api/runs/{id}/export.csv",             {401, 200, 200, 403, 403, 200, 403, 403, 403}},
      {"GET",    "/api/runs/{id}/explain/{uscc}",         {401, 200, 200, 403, 404, 200, 403, 403, 403}},
      {"GET",    "/api/audit",                            {401, 403, 403, 403, 403, 403, 403, 403, 200}},
      {"GET",    "/api/audit/verify",                     {401, 403, 403, 403, 403, 403, 403, 403, 200}},
      {"GET",    "/api/audit/export.csv",                 {401, 403, 403, 403, 403, 403, 403, 403, 200}},
      {"GET",    "/api/openapi.json",                     {200, 200, 200, 200, 200, 200, 200, 200, 200}},
      {"GET",    "/api/cities",                           {200, 200, 200, 200, 200, 200, 200, 200, 200}},
      {"POST",   "/api/auth/password",                    {401, 200, 200, 200, 200, 200, 200, 200, 200}},
      {"POST",   "/api/auth/logout",                      {401, 200, 200, 200, 200, 200, 200, 200, 200}},
  };
    // clang-format on

    // Every route is in the table, and the table names only routes.
    std::set<std::pair<std::string, std::string>> in_table, in_router;
    for (const Probe& pr : table) {
        EXPECT_TRUE(in_table.insert({pr.method, pr.pattern}).second) << pr.pattern << " twice";
    }
    for (const auto& r : P().app().router()->routes()) {
        in_router.insert(r);
        EXPECT_TRUE(in_table.count(r)) << "route not covered by the role matrix: " << r.first << " " << r.second;
    }
    for (const auto& r : in_table) {
        EXPECT_TRUE(in_router.count(r)) << "matrix row for a route that does not exist: " << r.first << " " << r.second;
    }

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
                if (pr.pattern == "/api/uploads/{kind}") headers = "Content-Type: text/csv\r\n";
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
