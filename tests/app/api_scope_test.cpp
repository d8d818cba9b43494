// The API suite (api_fixture.hpp): records outside the caller's scope (IDOR), the auditor's read-only
// role, and crafted parameters that try to widen the scope.
#include <gtest/gtest.h>

#include "app/api_fixture.hpp"

namespace zx::api::apitest {
namespace {

// ---- IDOR: records of another city, enterprise or department ----

TEST_P(ApiTest, RecordsOutsideTheScopeAreNotFound) {
    const std::int64_t run = P().demo_run();
    const std::string nn = tok("nanning");
    const std::string lz = P().one("SELECT uscc FROM run_rows WHERE run_id = $1 AND city = $2 ORDER BY uscc LIMIT 1",
                                   {db::Value(run), T(kLiuzhou)});
    ASSERT_FALSE(lz.empty());
    const std::string lz_name = name_of(lz);
    ASSERT_FALSE(lz_name.empty());
    const std::vector<std::string> secrets = {lz, lz_name};

    Reply e = P().get("/api/enterprises/" + lz, nn);
    EXPECT_EQ(e.status, 404) << e.body;
    expect_bare_error(e, secrets, "nanning reads a 柳州 enterprise");
    Reply led = P().get("/api/enterprises/" + lz + "/ledger", nn);
    EXPECT_EQ(led.status, 404) << led.body;
    expect_bare_error(led, secrets, "nanning reads a 柳州 ledger");

    Reply rows = P().get(run_path(run, "/rows?uscc=" + lz), nn);
    ASSERT_EQ(rows.status, 200) << rows.body;
    EXPECT_EQ(I(obj(rows), "total"), 0);
    EXPECT_TRUE(items(rows).empty());
    EXPECT_FALSE(contains(rows.body, lz_name));
    EXPECT_GT(P().count("SELECT COUNT(*) FROM run_rows WHERE run_id = $1 AND uscc = $2", {db::Value(run), T(lz)}), 0);

    Reply out = P().get("/api/output?uscc=" + lz, nn);
    ASSERT_EQ(out.status, 200);
    EXPECT_EQ(I(obj(out), "total"), 0);

    Reply ex = P().get(run_path(run, "/explain/" + lz), nn);
    EXPECT_EQ(ex.status, 404) << ex.body;
    expect_bare_error(ex, secrets, "nanning explains a 柳州 enterprise");

    // Another city's list is refused, not answered with an empty official-looking one (issue 8.17).
    Reply csv = P().get(run_path(run, "/export.csv?city=" + enc(kLiuzhou)), nn);
    ASSERT_EQ(csv.status, 403) << csv.body;
    EXPECT_FALSE(contains(csv.body, "柳州"));
    Reply xlsx = P().get(run_path(run, "/export.xlsx?city=" + enc(kLiuzhou)), nn);
    EXPECT_EQ(xlsx.status, 403) << xlsx.body;
    EXPECT_EQ(P().get(run_path(run, "/export.xlsx?city=" + enc("南宁")), tok("gxt_admin")).status, 422)
        << "a city name that is no city";
    Reply own_csv = P().get(run_path(run, "/export.csv"), nn);
    ASSERT_EQ(own_csv.status, 200);
    EXPECT_FALSE(contains(own_csv.body, kLiuzhou));
    for (const db::Row& r :
         P().sql("SELECT DISTINCT uscc FROM run_rows WHERE run_id = $1 AND city <> $2", {db::Value(run), T(kNanning)})
             .rows)
        ASSERT_FALSE(contains(own_csv.body, r.str(0))) << "nanning's export holds " << r.str(0);
    EXPECT_EQ(
        std::count(own_csv.body.begin(), own_csv.body.end(), '\n'),
        1 + P().count("SELECT COUNT(*) FROM run_rows WHERE run_id = $1 AND city = $2", {db::Value(run), T(kNanning)}));

    // The contact of another city's enterprise: no reading, writing or revealing.
    const std::string contact = "/api/enterprises/" + lz + "/contact";
    ASSERT_EQ(P().call("PUT", contact, tok("liuzhou"),
                       R"({"contact_name":"王五","phone":"13912345678","id_number":"","bank_account":""})")
                  .status,
              200);
    for (const auto& [method, path, body] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"GET", contact, ""},
             {"PUT", contact, R"({"contact_name":"篡改","phone":"13000000000","id_number":"","bank_account":""})"},
             {"PATCH", contact, R"({"phone":"13000000000"})"},
             {"POST", contact + "/reveal", R"({"field":"phone"})"}}) {
        Reply r = P().call(method, path, nn, body);
        EXPECT_EQ(r.status, 404) << method << " " << path << ": " << r.body;
        expect_bare_error(r, {lz, lz_name, "13912345678", "王五", "139****5678"}, "nanning " + method + " " + path);
        Reply re = P().call(method, path, tok("enterprise"), body);
        EXPECT_EQ(re.status, 404) << "enterprise " << method << " " << path << ": " << re.body;
    }
    EXPECT_EQ(S(obj(P().get(contact, tok("liuzhou"))), "contact_name"), "王五");
    EXPECT_EQ(S(obj(P().post(contact + "/reveal", tok("liuzhou"), R"({"field":"phone"})")), "value"), "13912345678");

    // Writes to another city's data: refused, nothing changed.
    const std::string lz_month = month_with(lz, "verified");
    ASSERT_FALSE(lz_month.empty());
    const std::string before = output_status(lz, lz_month);
    Reply v = P().post(
        "/api/output/verify", nn,
        "{\"uscc\":" + quote(lz) + ",\"months\":[" + quote(lz_month) + "],\"action\":\"reject\",\"reason\":\"x\"}");
    EXPECT_TRUE(v.status == 404 || v.status == 403) << v.body;
    expect_bare_error(v, secrets, "nanning verifies a 柳州 month");
    Reply rv = P().post("/api/output/revise", nn,
                        "{\"uscc\":" + quote(lz) + ",\"month\":" + quote(lz_month) +
                            ",\"output_yuan\":\"1.00\",\"reason\":\"越权修订测试\"}");
    EXPECT_TRUE(rv.status == 404 || rv.status == 403) << rv.body;
    expect_bare_error(rv, secrets, "nanning revises a 柳州 month");
    EXPECT_EQ(output_status(lz, lz_month), before);
    // Nor can an upload take over another city's enterprise or its output.
    db::Rows lzrow = P().sql("SELECT industry, scale_since FROM enterprises WHERE uscc = $1", {T(lz)});
    Reply hijack = upload("nanning", "enterprises",
                          "uscc,name,city,industry,scale_since\n" + lz + ",被改名企业,南宁市," + lzrow.rows[0].str(0) +
                              "," + lzrow.rows[0].str(1) + "\n");
    EXPECT_EQ(hijack.status, 422) << hijack.body;
    EXPECT_EQ(city_of(lz), kLiuzhou);
    EXPECT_EQ(name_of(lz), lz_name);
    Reply des =
        upload("nanning", "designations", "uscc,designation,valid_from,valid_to\n" + lz + ",dragon_head,2020-01-01,\n");
    EXPECT_EQ(des.status, 403) << des.body;

    // Another city's defect report.
    Reply bad = upload("nanning", "output", "uscc,month,output_yuan\n" + own_uscc() + ",2024-02,abc\n");
    ASSERT_EQ(bad.status, 422);
    const std::string report = "/api/uploads/" + std::to_string(I(obj(bad), "upload_id")) + "/defects.csv";
    EXPECT_EQ(P().get(report, nn).status, 200);
    Reply other_city = P().get(report, tok("liuzhou"));
    EXPECT_EQ(other_city.status, 404) << other_city.body;
    expect_bare_error(other_city, {"abc"}, "liuzhou reads nanning's defect report");

    // Tasks of another department, or of another city's enterprise.
    const std::string admin = tok("gxt_admin");
    Reply task = P().post("/api/tasks", admin,
                          "{\"uscc\":" + quote(lz) +
                              ",\"department\":\"自治区商务厅\",\"title\":\"出口订单对接\",\"detail\":\"秘密细节\"}");
    ASSERT_EQ(task.status, 201) << task.body;
    const std::string task_path = "/api/tasks/" + std::to_string(I(obj(task), "id"));
    const std::string hrss = tok("hrss");
    Reply ht = P().get(task_path, hrss);
    EXPECT_EQ(ht.status, 404) << ht.body;
    expect_bare_error(ht, {"出口订单对接", "秘密细节", lz}, "hrss reads another department's task");
    Reply hs = P().post(task_path + "/status", hrss, R"({"status":"resolved"})");
    EXPECT_EQ(hs.status, 404) << hs.body;
    EXPECT_EQ(P().one("SELECT status FROM tasks WHERE id = $1", {db::Value(I(obj(task), "id"))}), "open");
    Reply hl = P().get("/api/tasks?page_size=500", hrss);
    ASSERT_EQ(hl.status, 200);
    for (const auto& it : items(hl)) {
        EXPECT_EQ(S(it, "department"), "自治区人力资源社会保障厅");
    }
    EXPECT_EQ(I(obj(hl), "total"), 1);
    EXPECT_EQ(P().get(task_path, nn).status, 404);
    EXPECT_EQ(P().get(task_path, admin).status, 200);

    // The enterprise: a draft run does not exist for it; a public one shows only its own rows.
    const std::string ent = tok("enterprise");
    const std::string own = own_uscc();
    Reply draft = P().get(run_path(run), ent);
    EXPECT_EQ(draft.status, 404) << draft.body;
    expect_bare_error(draft, {}, "enterprise reads a draft run");
    EXPECT_EQ(P().get(run_path(run, "/rows"), ent).status, 404);
    Reply listed = P().get("/api/runs", ent);
    ASSERT_EQ(listed.status, 200);
    for (const auto& it : items(listed)) {
        EXPECT_NE(I(it, "id"), run) << listed.body;
        EXPECT_TRUE(S(it, "status") == "publicized" || S(it, "status") == "disbursed") << listed.body;
    }

    advance(run, "publicized");
    Reply pub = P().get(run_path(run), ent);
    EXPECT_EQ(pub.status, 200) << pub.body;
    Reply own_rows = P().get(run_path(run, "/rows?page_size=500"), ent);
    ASSERT_EQ(own_rows.status, 200);
    const auto own_items = items(own_rows);
    EXPECT_EQ(static_cast<std::int64_t>(own_items.size()),
              P().count("SELECT COUNT(*) FROM run_rows WHERE run_id = $1 AND uscc = $2", {db::Value(run), T(own)}));
    for (const auto& r : own_items) {
        EXPECT_EQ(S(r, "uscc"), own);
    }
    EXPECT_EQ(I(obj(P().get(run_path(run, "/rows?uscc=" + lz), ent)), "total"), 0);
    EXPECT_EQ(I(obj(P().get(run_path(run, "/rows?city=" + enc(kLiuzhou)), ent)), "total"), 0);
    EXPECT_EQ(P().get(run_path(run, "/explain/" + lz), ent).status, 404);
    EXPECT_EQ(P().get("/api/enterprises/" + lz, ent).status, 404);
    EXPECT_EQ(P().get("/api/enterprises/" + lz + "/ledger", ent).status, 404);
    Reply ents = P().get("/api/enterprises?page_size=500", ent);
    ASSERT_EQ(ents.status, 200);
    EXPECT_EQ(I(obj(ents), "total"), 1);
    for (const auto& r : items(ents)) {
        EXPECT_EQ(S(r, "uscc"), own);
    }
    Reply outs = P().get("/api/output?page_size=500", ent);
    ASSERT_EQ(outs.status, 200);
    for (const auto& r : items(outs)) {
        EXPECT_EQ(S(r, "uscc"), own);
    }
    EXPECT_EQ(I(obj(P().get("/api/output?uscc=" + lz, ent)), "total"), 0);
    Reply cmp = P().get(run_path(run, "/compare/" + std::to_string(run)), ent);
    EXPECT_EQ(cmp.status, 200);
    EXPECT_TRUE(items(cmp).empty());
}

TEST_P(ApiTest, AuditorCannotWriteAnything) {
    Targets t = find_targets(
        P(), [&](const std::string& u, const std::string& k, const std::string& c) { return upload(u, k, c); });
    const std::string aud = tok("auditor");
    const char* tables[] = {"users",    "tasks",       "runs",     "run_events",          "uploads",     "ledger",
                            "sessions", "enterprises", "settings", "enterprise_contacts", "designations"};
    std::map<std::string, std::int64_t> before;
    for (const char* table : tables) before[table] = P().count(std::string("SELECT COUNT(*) FROM ") + table);
    const std::string output_sql =
        "SELECT COUNT(*) || '/' || SUM(output_fen) || '/' || SUM(revision) || '/' || "
        "SUM(CASE WHEN status = 'verified' THEN 1 ELSE 0 END) FROM output";
    const std::string output_before = P().one(output_sql);
    const std::string users_before =
        P().one("SELECT SUM(disabled) || '/' || SUM(failed_logins) || '/' || MIN(password_hash) FROM users");
    int writes = 0;
    for (const auto& [method, pattern] : P().app().router()->routes()) {
        if (method == "GET" || pattern.rfind("/api/auth/", 0) == 0) continue;  // the own session is not a write
        for (const std::string kind : {"output", "enterprises", "designations"}) {
            if (pattern != "/api/uploads/{kind}" && kind != "output") continue;
            std::string target = fill(pattern, t);
            std::string body = method == "DELETE" ? std::string() : write_body(pattern, t);
            if (pattern == "/api/uploads/{kind}") {
                target = "/api/uploads/" + kind + "?filename=" + kind + ".csv";
                if (kind == "enterprises")
                    body = "uscc,name,city,industry,scale_since\n" + t.own_uscc + ",改名,南宁市,3311,\n";
                if (kind == "designations")
                    body = "uscc,designation,valid_from,valid_to\n" + t.own_uscc + ",dragon_head,2020-01-01,\n";
            }
            Reply r = P().call(method, target, aud, body);
            ++writes;
            EXPECT_EQ(r.status, 403) << "auditor " << method << " " << target << ": " << r.body;
            expect_bare_error(r, {t.own_uscc, t.own_name}, "auditor " + method + " " + target);
        }
    }
    EXPECT_GE(writes, 17);
    for (const char* table : tables) {
        EXPECT_EQ(P().count(std::string("SELECT COUNT(*) FROM ") + table), before[table]) << table;
    }
    EXPECT_EQ(P().one(output_sql), output_before);
    EXPECT_EQ(P().one("SELECT SUM(disabled) || '/' || SUM(failed_logins) || '/' || MIN(password_hash) FROM users"),
              users_before);
    EXPECT_EQ(P().one("SELECT status FROM runs WHERE id = $1", {db::Value(t.run_id)}), "draft");
    EXPECT_EQ(P().one("SELECT status FROM tasks WHERE id = $1", {db::Value(t.task_id)}), "open");
}

// ---- 3. Crafted parameters ----

TEST_P(ApiTest, CraftedParametersCannotWidenTheScope) {
    const std::int64_t run = P().demo_run();
    const std::string nn = tok("nanning");
    const std::int64_t nn_enterprises = P().count("SELECT COUNT(*) FROM enterprises WHERE city = $1", {T(kNanning)});
    ASSERT_GT(nn_enterprises, 0);
    const std::int64_t users = P().count("SELECT COUNT(*) FROM users");
    const std::string lz = "?city=" + enc(kLiuzhou);

    for (const std::string& path :
         {std::string("/api/enterprises"), std::string("/api/output"), run_path(run, "/rows")}) {
        Reply r = P().get(path + lz, nn);
        ASSERT_EQ(r.status, 200) << path << ": " << r.body;
        EXPECT_EQ(I(obj(r), "total"), 0) << path;
        EXPECT_TRUE(items(r).empty()) << path;
    }
    Reply both = P().get("/api/enterprises?city=" + enc(kNanning) + "&city=" + enc(kLiuzhou) + "&page_size=500", nn);
    ASSERT_EQ(both.status, 200);
    for (const auto& e : items(both)) {
        EXPECT_EQ(S(e, "city"), kNanning);
    }

    // Each must answer 200 (or 400, 404, or 422 for a value no filter knows) and never return anything
    // outside 南宁市.
    const std::vector<std::string> crafted = {
        "/api/enterprises?sort=" + enc("name; DROP TABLE users--"),
        "/api/enterprises?sort=" + enc("(SELECT password_hash FROM users)"),
        "/api/enterprises?q=" + enc("' OR 1=1 --"),
        "/api/enterprises?q=" + enc("%"),
        "/api/enterprises?q=" + enc("_"),
        "/api/enterprises?q=" + enc("\" OR \"\"=\""),
        "/api/enterprises?q=" + std::string(5000, 'a'),
        "/api/enterprises?city=" + enc("南宁市' OR '1'='1"),
        "/api/enterprises?page_size=999999",
        "/api/enterprises?page=-1",
        "/api/enterprises?page=0&page_size=0",
        "/api/enterprises?page=99999999999999999999",
        "/api/enterprises?page=abc",
        "/api/enterprises?page_size=1e3",
        "/api/output?uscc=" + enc("%"),
        "/api/output?uscc=" + enc("' OR 1=1 --"),
        "/api/output?status=" + enc("' OR '1'='1"),
        "/api/output?month_from=" + enc("2023-01' OR 1=1 --"),
        "/api/output?month_to=" + enc("9999") + "&page_size=999999",
        "/api/output?city=" + enc("%"),
        run_path(run, "/rows?uscc=" + enc("%")),
        run_path(run, "/rows?city=" + enc("' OR 1=1 --")),
        run_path(run, "/rows?clause=" + enc("1' OR '1'='1")),
        run_path(run, "/rows?eligible=1"),
        run_path(run, "/rows?page=-1&page_size=999999"),
        "/api/tasks?status=" + enc("' OR 1=1 --"),
        "/api/enterprises/" + enc("' OR 1=1 --"),
        "/api/enterprises/" + enc("%"),
        "/api/enterprises/" + enc("%") + "/ledger",
        run_path(run, "/explain/" + enc("%")),
        run_path(run, "/explain/" + enc("' OR '1'='1")),
        run_path(run, "/export.csv?city=" + enc("' OR 1=1 --")),
        run_path(run, "/export.xlsx?city=" + enc("' OR 1=1 --")),
        run_path(run, "/export.xlsx?city=" + enc("不存在市")),
        "/api/runs/1%20OR%201=1",
        "/api/runs/-1",
        "/api/runs/999999999999999999999",
        "/api/uploads/0%20OR%201=1/defects.csv",
    };
    std::set<std::string> other_usccs;
    for (const db::Row& r : P().sql("SELECT uscc FROM enterprises WHERE city <> $1", {T(kNanning)}).rows)
        other_usccs.insert(r.str(0));
    for (const std::string& target : crafted) {
        Reply r = P().get(target, nn);
        EXPECT_TRUE(r.status == 200 || r.status == 400 || r.status == 404 || r.status == 422)
            << target << " → " << r.status << " " << r.body.substr(0, 300);
        if (r.status == 200 && contains(r.header("content-type"), "json")) {
            json::object o = obj(r);
            if (o.contains("total")) {
                EXPECT_LE(I(o, "total"), nn_enterprises * 24 * 10) << target;
            }
            for (const auto& it : items(r))
                if (it.contains("city")) {
                    EXPECT_EQ(S(it, "city"), kNanning) << target;
                }
            if (o.contains("page_size")) {
                EXPECT_GE(I(o, "page_size"), 1) << target;
                EXPECT_LE(I(o, "page_size"), 500) << target;
                EXPECT_GE(I(o, "page"), 1) << target;
            }
        }
        if (r.status == 200 && target.find("/export.") != std::string::npos && target.find(".csv") != std::string::npos)
            for (const std::string& u : other_usccs) {
                ASSERT_FALSE(contains(r.body, u)) << target;
            }
    }
    // The whole of 南宁市, not more, however the list is sorted.
    EXPECT_EQ(P().get("/api/enterprises?sort=" + enc("name; DROP TABLE users--"), nn).status, 422);
    Reply sorted = P().get("/api/enterprises?sort=name&page_size=999999", nn);
    ASSERT_EQ(sorted.status, 200);
    EXPECT_EQ(I(obj(sorted), "total"), nn_enterprises);
    EXPECT_EQ(I(obj(sorted), "page_size"), 500);
    Reply injected = P().get("/api/enterprises?q=" + enc("' OR 1=1 --"), nn);
    EXPECT_EQ(I(obj(injected), "total"), 0);
    EXPECT_EQ(P().get("/api/output?uscc=" + enc("%"), nn).status, 422);
    EXPECT_EQ(I(obj(P().get(run_path(run, "/rows?uscc=" + enc("%")), nn)), "total"), 0);
    Reply paged = P().get("/api/enterprises?page=-1", nn);
    EXPECT_EQ(I(obj(paged), "page"), 1);
    EXPECT_EQ(P().get("/api/enterprises?page=abc", nn).status, 400);

    // The same against the province and the auditor, whose scope is everything.
    const std::string admin = tok("gxt_admin");
    for (const std::string& target : crafted) {
        Reply r = P().get(target, admin);
        EXPECT_TRUE(r.status == 200 || r.status == 400 || r.status == 404 || r.status == 422)
            << target << " as gxt_admin → " << r.status;
    }
    Reply aud = P().get("/api/audit?after_id=" + enc("1 OR 1=1") + "&action=" + enc("' OR 1=1 --"), tok("auditadmin"));
    EXPECT_TRUE(aud.status == 200 || aud.status == 400) << aud.body;
    if (aud.status == 200) {
        EXPECT_TRUE(items(aud).empty());
    }
    EXPECT_EQ(P().get("/api/audit?after_id=abc", tok("auditadmin")).status, 400);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM users"), users);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM enterprises"), 300);
}

}  // namespace
}  // namespace zx::api::apitest
