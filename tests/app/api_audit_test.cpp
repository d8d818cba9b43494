// The API suite (api_fixture.hpp), part 7: the audit trail.
#include <gtest/gtest.h>

#include "app/api_fixture.hpp"

namespace zx::api::apitest {
namespace {

// ---- 7. Audit ----

TEST_P(ApiTest, AuditTrailRecordsActionsAndCannotBeRewritten) {
    const std::string nn = tok("nanning");
    const std::string admin = tok("gxt_admin");
    EXPECT_EQ(P().login("auditor", "Wrong-Password-1").status, 401);
    const auto [uscc, month] = city_month(kNanning, "pending");
    ASSERT_EQ(upload("nanning", "output", "uscc,month,output_yuan\n" + uscc + ",2024-01,100.00\n").status, 201);
    ASSERT_EQ(P().post("/api/output/verify", nn,
                       "{\"uscc\":" + quote(uscc) + ",\"months\":[" + quote(month) + "],\"action\":\"verify\"}")
                  .status,
              200);
    const std::int64_t run = create_run(0);
    ASSERT_GT(run, 0);
    advance(run, "disbursed");
    ASSERT_EQ(P().get(run_path(run, "/export.csv"), admin).status, 200);
    ASSERT_EQ(P().get(run_path(run, "/export.xlsx"), nn).status, 200);

    const std::string aud = tok("auditadmin");
    const std::string sec = tok("secadmin");
    ASSERT_EQ(P().call("PUT", "/api/security/settings", sec, R"({"lockout_minutes":20})").status, 200);
    ASSERT_EQ(P().call("PUT", "/api/enterprises/" + uscc + "/contact", nn,
                       R"({"contact_name":"","phone":"13712345678","id_number":"","bank_account":""})")
                  .status,
              200);
    ASSERT_EQ(P().post("/api/enterprises/" + uscc + "/contact/reveal", admin, R"({"field":"phone"})").status, 200);
    struct Expect {
        const char* action;
        const char* username;
        const char* result;
    };
    const Expect expected[] = {
        {"auth.login", "nanning", "ok"},        {"auth.login", "auditor", "failed"},
        {"upload.output", "nanning", "ok"},     {"output.verify", "nanning", "ok"},
        {"run.create", "gxt_admin", "ok"},      {"run.reviewed", "gxt_reviewer", "ok"},
        {"run.approved", "gxt_approver", "ok"}, {"run.publicized", "gxt_admin", "ok"},
        {"run.disbursed", "gxt_admin", "ok"},   {"run.export", "gxt_admin", "ok"},
        {"run.export", "nanning", "ok"},        {"security.settings", "secadmin", "ok"},
        {"contact.update", "nanning", "ok"},    {"contact.reveal", "gxt_admin", "ok"},
    };
    for (const Expect& e : expected) {
        Reply r = P().get(std::string("/api/audit?page_size=500&action=") + e.action + "&username=" + e.username, aud);
        ASSERT_EQ(r.status, 200) << r.body;
        bool found = false;
        for (const auto& it : items(r)) {
            if (S(it, "action") != e.action || S(it, "result") != e.result) continue;
            // The demo seed walked its own run into 公示: those entries are another run's.
            if (std::string(e.action).rfind("run.", 0) == 0 && std::string(e.action) != "run.create" &&
                S(it, "object_id") != std::to_string(run))
                continue;
            found = true;
            EXPECT_EQ(S(it, "hash").size(), 64u);
            EXPECT_FALSE(S(it, "request_id").empty());
            EXPECT_FALSE(S(it, "scope").empty());
            EXPECT_EQ(S(it, "ip"), "127.0.0.1");
            if (std::string(e.action).rfind("run.", 0) == 0 && std::string(e.action) != "run.create") {
                EXPECT_EQ(S(it, "object_id"), std::to_string(run));
            }
        }
        EXPECT_TRUE(found) << "no audit entry " << e.action << " by " << e.username << " (" << e.result << ")";
    }
    Reply scoped = P().get("/api/audit?page_size=500&action=run.export&username=nanning", aud);
    for (const auto& it : items(scoped)) {
        EXPECT_EQ(S(it, "scope"), "city:南宁市");
    }

    Reply intact = P().get("/api/audit/verify", aud);
    ASSERT_EQ(intact.status, 200) << intact.body;
    EXPECT_TRUE(B(obj(intact), "intact")) << intact.body;
    EXPECT_EQ(I(obj(intact), "first_broken_id"), 0);

    // The database refuses to rewrite history, whoever asks.
    const std::int64_t n = P().count("SELECT COUNT(*) FROM audit_log");
    const std::string first = P().one("SELECT action FROM audit_log ORDER BY id LIMIT 1");
    EXPECT_FALSE(P().exec("UPDATE audit_log SET action = 'tampered' WHERE id = (SELECT MIN(id) FROM audit_log)"));
    EXPECT_FALSE(P().exec("UPDATE audit_log SET result = 'ok'"));
    EXPECT_FALSE(P().exec("DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)"));
    EXPECT_FALSE(P().exec("DELETE FROM audit_log"));
    if (GetParam() == Backend::kPostgres) {
        EXPECT_FALSE(P().exec("TRUNCATE audit_log"));
    }
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM audit_log"), n);
    EXPECT_EQ(P().one("SELECT action FROM audit_log ORDER BY id LIMIT 1"), first);
    EXPECT_TRUE(B(obj(P().get("/api/audit/verify", aud)), "intact"));

    // The secrets stay out of the log: contact changes are logged masked.
    Reply contact_log = P().get("/api/audit?page_size=500&action=contact.", aud);
    EXPECT_FALSE(contains(contact_log.body, "13712345678")) << contact_log.body;
    EXPECT_TRUE(contains(contact_log.body, "137****5678")) << contact_log.body;

    // Who reads it: the audit administrator only (三员分立), not the business auditor.
    for (const char* user : {"nanning", "enterprise", "auditor", "gxt_admin", "sysadmin", "secadmin"}) {
        EXPECT_EQ(P().get("/api/audit", tok(user)).status, 403) << user;
        EXPECT_EQ(P().get("/api/audit/verify", tok(user)).status, 403) << user;
        EXPECT_EQ(P().get("/api/audit/export.csv", tok(user)).status, 403) << user;
    }
    EXPECT_EQ(P().get("/api/audit", aud).status, 200);
    const std::int64_t before_export = P().count("SELECT COUNT(*) FROM audit_log");
    Reply exported = P().get("/api/audit/export.csv", aud);
    ASSERT_EQ(exported.status, 200);
    EXPECT_EQ(exported.body.rfind("\xEF\xBB\xBF"
                                  "id,at,user_id,username,",
                                  0),
              0u);
    EXPECT_EQ(std::count(exported.body.begin(), exported.body.end(), '\n'), 1 + before_export);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM audit_log WHERE action = 'audit.export'"), 1);

    // A row forged behind the application's back (INSERT is the one thing left) breaks the chain.
    ASSERT_TRUE(
        P().exec("INSERT INTO audit_log (at, user_id, username, role, scope, action, object_type, object_id, "
                 "before_json, after_json, ip, request_id, result, prev_hash, hash) VALUES (1, NULL, 'x', 'none', "
                 "'none', 'forged', 'run', '1', '', '', '', '', 'ok', 'bogus', 'bogus')"));
    Reply broken = P().get("/api/audit/verify", aud);
    ASSERT_EQ(broken.status, 200);
    EXPECT_FALSE(B(obj(broken), "intact")) << broken.body;
    EXPECT_EQ(I(obj(broken), "first_broken_id"), P().count("SELECT MAX(id) FROM audit_log"));
}

}  // namespace
}  // namespace zx::api::apitest
