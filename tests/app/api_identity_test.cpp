// The API suite (api_fixture.hpp): account findings of the security review (issue 8) — usernames
// unique regardless of case, client addresses behind trusted proxies, the raster captcha, the
// two-person rule for accounts with business authority.
#include <gtest/gtest.h>

#include "app/api_fixture.hpp"

namespace zx::api::apitest {
namespace {

// Regression (issue 8, item 7): `GXT_ADMIN` could be created beside `gxt_admin`.
TEST_P(ApiTest, UsernamesAreUniqueRegardlessOfCaseAndLoginTakesAnyCase) {
    const std::string sys = tok("sysadmin");
    Reply twin =
        P().post("/api/users", sys,
                 R"({"username":"GXT_ADMIN","role":"city_official","city":"南宁市","password":"Twin-Pass-123"})");
    EXPECT_EQ(twin.status, 409) << twin.body;
    EXPECT_EQ(error_code(twin), "conflict");
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM users WHERE lower(username) = 'gxt_admin'"), 1);

    // The database refuses it too, whatever the application does.
    EXPECT_THROW(P().sql("INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES "
                         "('Gxt_Admin', 'x', 'auditor', 'x', 0)"),
                 std::runtime_error);

    // Stored as given, found in any case.
    Reply login = P().login("GXT_Admin", P().password("gxt_admin"));
    ASSERT_EQ(login.status, 200) << login.body;
    EXPECT_EQ(S(obj(login).at("user").as_object(), "username"), "gxt_admin");
}

// Regression (issue 8, item 6): behind a proxy every client had the proxy's address, so one client's
// failures throttled everyone, and a forged X-Forwarded-For would have been believed from anyone.
TEST_P(ApiTest, FailedLoginsAreCountedPerClientBehindATrustedProxyOnly) {
    http::ServerOptions so;
    so.port = 0;
    so.access_log = false;
    so.trusted_proxies = http::TrustedProxies({*http::Cidr::parse("127.0.0.0/8"), *http::Cidr::parse("::1")});
    http::Server proxied(so, P().app().router());
    std::string error;
    ASSERT_TRUE(proxied.start(&error)) << error;
    auto login_from = [&](std::uint16_t port, const std::string& xff, const std::string& body) {
        Client c(port);
        return c
            .request("POST", "/api/auth/login", "Content-Type: application/json\r\nX-Forwarded-For: " + xff + "\r\n",
                     body)
            .value_or(Reply{});
    };
    const std::string wrong = Platform::login_body("liuzhou", "Wrong-Password-1", true);
    // Three failures of one client behind the proxy: that client needs a captcha, the next does not.
    for (int i = 0; i < 3; ++i) EXPECT_EQ(login_from(proxied.port(), "6.6.6.6, 203.0.113.5", wrong).status, 401);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM login_failures WHERE key = 'ip:203.0.113.5'"), 3);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM login_failures WHERE key = 'ip:127.0.0.1'"), 0);
    const std::string right = Platform::login_body("gxt_admin", P().password("gxt_admin"), true);
    Reply gated = login_from(proxied.port(), "203.0.113.5", right);
    EXPECT_EQ(error_code(gated), "captcha_required") << gated.body;
    Reply other = login_from(proxied.port(), "203.0.113.6", right);
    EXPECT_EQ(other.status, 200) << other.body;
    // The audit log records the client, not the proxy.
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login' AND ip = '203.0.113.6'"), 1);

    // The same header from a peer that is no trusted proxy (the fixture's server trusts none) is ignored.
    const std::string wrong2 = Platform::login_body("nanning", "Wrong-Password-1", true);
    for (int i = 0; i < 2; ++i) EXPECT_EQ(login_from(P().port(), "198.51.100.7", wrong2).status, 401);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM login_failures WHERE key = 'ip:198.51.100.7'"), 0);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM login_failures WHERE key = 'ip:127.0.0.1'"), 2);
    // Garbage through the trusted proxy counts against the proxy itself, and is answered.
    EXPECT_EQ(
        login_from(proxied.port(), "not-an-address", Platform::login_body("hrss", "Wrong-Password-1", true)).status,
        401);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM login_failures WHERE key = 'ip:127.0.0.1'"), 3);
    proxied.stop();
}

// Regression (issue 8, item 4b): the system administrator could create or reset a province_admin or
// auditor and so, with two accounts, approve a run alone. Such changes now wait for a security
// administrator, another person.
TEST_P(ApiTest, BusinessAccountChangesWaitForASecurityAdministrator) {
    const std::string sys = tok("sysadmin"), sec = tok("secadmin");
    Reply created = P().post("/api/users", sys,
                             R"({"username":"second_approver","role":"province_admin","password":"Second-Pass-1"})");
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(S(obj(created), "pending_confirmation"), "create");
    const std::string id = std::to_string(I(obj(created), "id"));
    Reply early = P().login("second_approver", "Second-Pass-1");
    EXPECT_EQ(early.status, 403) << early.body;
    EXPECT_FALSE(contains(early.body, "\"token\""));
    // The security administrator sees what waits; the system administrator cannot confirm it himself.
    Reply pending = P().get("/api/users?pending=true", sec);
    ASSERT_EQ(pending.status, 200) << pending.body;
    ASSERT_EQ(items(pending).size(), 1u) << pending.body;
    EXPECT_EQ(S(items(pending)[0], "username"), "second_approver");
    EXPECT_EQ(S(items(pending)[0], "pending_confirmation"), "create");
    EXPECT_EQ(P().get("/api/users?pending=maybe", sec).status, 400);
    EXPECT_EQ(P().post("/api/users/" + id + "/confirm", sys, "").status, 403);
    ASSERT_EQ(P().post("/api/users/" + id + "/confirm", sec, "").status, 200);
    EXPECT_EQ(P().post("/api/users/" + id + "/confirm", sec, "").status, 409);
    EXPECT_TRUE(items(P().get("/api/users?pending=true", sec)).empty());
    EXPECT_EQ(P().login("second_approver", "Second-Pass-1").status, 200);

    // A reset password is not usable until confirmed; the old one still is.
    const std::string rev = P().one("SELECT id FROM users WHERE username = 'gxt_reviewer'");
    Reply reset = P().post("/api/users/" + rev + "/reset-password", sys, R"({"password":"Taken-Over-12"})");
    ASSERT_EQ(reset.status, 200) << reset.body;
    EXPECT_EQ(S(obj(reset), "pending_confirmation"), "reset");
    EXPECT_EQ(P().login("gxt_reviewer", "Taken-Over-12").status, 401);
    EXPECT_EQ(P().login("gxt_reviewer", P().password("gxt_reviewer")).status, 200);
    // The requester is never the confirmer, whatever role he holds.
    Principal same;
    same.user_id = std::stoll(P().one("SELECT id FROM users WHERE username = 'sysadmin'"));
    same.username = "sysadmin";
    same.role = Role::kSecurityAdmin;
    EXPECT_EQ(P().app().auth().confirm_user(std::stoll(rev), same, {"127.0.0.1", "t"}).code(), StatusCode::kForbidden);
    ASSERT_EQ(P().post("/api/users/" + rev + "/confirm", sec, "").status, 200);
    EXPECT_EQ(P().login("gxt_reviewer", "Taken-Over-12").status, 200);

    // Disabling is immediate; enabling waits.
    const std::string aud = P().one("SELECT id FROM users WHERE username = 'auditor'");
    Reply off = P().post("/api/users/" + aud + "/disable", sys, R"({"disabled":true})");
    EXPECT_EQ(S(obj(off), "pending_confirmation"), "");
    Reply on = P().post("/api/users/" + aud + "/disable", sys, R"({"disabled":false})");
    EXPECT_EQ(S(obj(on), "pending_confirmation"), "enable");
    EXPECT_EQ(P().login("auditor", P().password("auditor")).status, 403);
    ASSERT_EQ(P().post("/api/users/" + aud + "/confirm", sec, "").status, 200);
    EXPECT_EQ(P().login("auditor", P().password("auditor")).status, 200);

    // Both steps are in the audit log, by their two people.
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM audit_log WHERE action = 'user.request_create' AND username = 'sysadmin' "
                        "AND object_id = $1",
                        {T(id)}),
              1);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM audit_log WHERE action = 'user.confirm' AND username = 'secadmin'"), 3);
}

// A database from before the rule keeps both accounts: the younger twin is renamed, then the index holds.
TEST(UsernameMigration, RenamesTwinsThatDifferOnlyInCase) {
    auto d = db::Database::open("sqlite::memory:", 1);
    ASSERT_TRUE(d);
    ASSERT_TRUE(db::migrate(**d));
    {
        auto c = (*d)->acquire();
        ASSERT_TRUE(c);
        ASSERT_TRUE((*c)->exec_script(
            "INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES "
            "('gxt_admin', 'a', 'province_admin', 'x', 0), ('GXT_ADMIN', 'b', 'province_admin', 'x', 0)"));
    }
    ASSERT_TRUE(migrate_all(**d));
    auto c = (*d)->acquire();
    ASSERT_TRUE(c);
    auto r = (*c)->query("SELECT username FROM users ORDER BY id");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->rows.size(), 2u);
    EXPECT_EQ(r->rows[0].str(0), "gxt_admin");
    EXPECT_EQ(r->rows[1].str(0), "GXT_ADMIN-2");
}

}  // namespace
}  // namespace zx::api::apitest
