// The API suite (api_fixture.hpp), part 12: the service desk over HTTP (issue 10): reporting with an
// Idempotency-Key, attachments checked by content, the walk from report to rating with the KPI counting
// it, what an enterprise sees of the handlers, and the exchange with other systems.
#include <gtest/gtest.h>

#include "app/api_fixture.hpp"
#include "platform/formats/base64.hpp"

namespace zx::api::apitest {
namespace {

Reply report(Platform& p, const std::string& token, const std::string& key, const std::string& body) {
    return p.call("POST", "/api/desk/cases", token, body, key.empty() ? "" : "Idempotency-Key: " + key + "\r\n");
}

std::string case_body(const std::string& title, const std::string& extra = "") {
    return R"({"category":"labor","urgency":"normal","title":)" + quote(title) +
           R"(,"description":"节后返岗不足，请协调招聘。")" + extra + "}";
}

json::object act(Platform& p, const std::string& token, std::int64_t id, const std::string& body, int want) {
    Reply r = p.post("/api/desk/cases/" + std::to_string(id) + "/actions", token, body);
    EXPECT_EQ(r.status, want) << body << ": " << r.body;
    return r.status == 200 ? obj(r) : json::object{};
}

TEST_P(ApiTest, DeskReportIsIdempotentPerKeyAndChecksAttachmentsByContent) {
    const std::string ent = tok("enterprise");
    const std::int64_t before = P().count("SELECT COUNT(*) FROM desk_cases");
    EXPECT_EQ(report(P(), ent, "", case_body("没有幂等键")).status, 400);
    EXPECT_EQ(report(P(), ent, "short", case_body("键太短")).status, 400);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM desk_cases"), before);

    Reply first = report(P(), ent, "api-desk-key-0001", case_body("用工缺口，请协调"));
    ASSERT_EQ(first.status, 201) << first.body;
    const json::object c = obj(first);
    EXPECT_EQ(S(c, "status"), "dispatched");
    EXPECT_EQ(S(c, "lead_department"), "自治区人力资源社会保障厅");
    EXPECT_EQ(S(c, "uscc"), own_uscc());
    EXPECT_GT(I(c, "response_due"), I(c, "created_at"));
    Reply again = report(P(), ent, "api-desk-key-0001", case_body("用工缺口，请协调"));
    EXPECT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(I(obj(again), "id"), I(c, "id"));
    EXPECT_EQ(report(P(), ent, "api-desk-key-0001", case_body("另一个问题")).status, 409);
    // Keys are per account: the same key from the province is another report.
    Reply desk =
        report(P(), tok("gxt_admin"), "api-desk-key-0001", case_body("电话受理", ",\"uscc\":" + quote(own_uscc())));
    EXPECT_EQ(desk.status, 201) << desk.body;
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM desk_cases"), before + 2);

    // An enterprise reports only for itself; unknown categories and HTML "PDFs" are refused.
    EXPECT_EQ(report(P(), ent, "api-desk-key-0002", case_body("别家", ",\"uscc\":\"91450100MA5QQQQQ2X\"")).status, 403);
    EXPECT_EQ(
        report(P(), ent, "api-desk-key-0003", R"({"category":"weather","urgency":"normal","title":"天气"})").status,
        400);
    const std::string html = base64_encode("<html><script>alert(1)</script></html>");
    Reply fake =
        report(P(), ent, "api-desk-key-0004",
               case_body("附件", ",\"attachments\":[{\"filename\":\"a.pdf\",\"content_base64\":\"" + html + "\"}]"));
    EXPECT_EQ(fake.status, 422) << fake.body;
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM desk_cases"), before + 2);
    const std::string png = base64_encode(std::string("\x89PNG\r\n\x1a\n", 8) + std::string(32, '\0'));
    Reply real = report(
        P(), ent, "api-desk-key-0005",
        case_body("附照片", ",\"attachments\":[{\"filename\":\"现场.png\",\"content_base64\":\"" + png + "\"}]"));
    ASSERT_EQ(real.status, 201) << real.body;
    const json::array atts = A(obj(real), "attachments");
    ASSERT_EQ(atts.size(), 1u);
    EXPECT_EQ(S(atts[0].as_object(), "content_type"), "image/png");
    Reply file = P().get(
        "/api/desk/cases/" + std::to_string(I(obj(real), "id")) + "/attachments/" + S(atts[0].as_object(), "sha256"),
        ent);
    EXPECT_EQ(file.status, 200);
    EXPECT_EQ(file.header("content-type"), "image/png");
    EXPECT_EQ(file.header("x-content-type-options"), "nosniff");
    EXPECT_TRUE(contains(file.header("content-disposition"), "attachment"));
    // Another city's official does not see it.
    EXPECT_EQ(P().get("/api/desk/cases/" + std::to_string(I(obj(real), "id")), tok("liuzhou")).status, 404);
}

TEST_P(ApiTest, DeskCaseWalksFromReportToRatingAndTheKpiCountsIt) {
    const std::string ent = tok("enterprise"), hrss = tok("hrss"), admin = tok("gxt_admin");
    Reply r = report(P(), ent, "api-desk-walk-0001", case_body("走完流程的问题"));
    ASSERT_EQ(r.status, 201) << r.body;
    const std::int64_t id = I(obj(r), "id");
    auto kpi_total = [&] {
        Reply k = P().get("/api/desk/kpi?group=department", admin);
        EXPECT_EQ(k.status, 200) << k.body;
        return k.body.empty() ? json::object{} : obj(k).at("total").as_object();
    };
    const std::int64_t rated_before = I(kpi_total(), "rated");

    // Illegal steps: the enterprise cannot accept, nobody replies before acceptance, no rating yet.
    act(P(), ent, id, R"({"action":"accept"})", 403);
    act(P(), hrss, id, R"({"action":"reply","reason":"已解决"})", 409);
    act(P(), ent, id, R"({"action":"confirm","rating":5})", 409);
    act(P(), hrss, id, R"({"action":"dance"})", 400);
    json::object d = act(P(), hrss, id, R"({"action":"accept"})", 200);
    EXPECT_EQ(S(d, "status"), "accepted");
    EXPECT_EQ(S(d.at("clocks").as_object().at("response").as_object(), "state"), "met");
    act(P(), hrss, id, R"({"action":"accept"})", 409);
    act(P(), hrss, id, R"({"action":"redispatch","department":"自治区商务厅","reason":"不属本单位"})", 409);
    d = act(P(), hrss, id, R"({"action":"request_info","reason":"请补充岗位清单"})", 200);
    EXPECT_TRUE(B(d.at("clocks").as_object().at("resolution").as_object(), "paused"));
    act(P(), ent, id, R"({"action":"provide_info","reason":"已上传岗位清单"})", 200);
    act(P(), hrss, id, R"({"action":"reply","reason":"x"})", 400);  // a reason of at least two characters
    act(P(), hrss, id, R"({"action":"reply","reason":"已对接招聘会，安排120个岗位"})", 200);
    act(P(), ent, id, R"({"action":"confirm"})", 400);
    act(P(), ent, id, R"({"action":"confirm","rating":6})", 400);
    d = act(P(), ent, id, R"({"action":"confirm","rating":5})", 200);
    EXPECT_EQ(S(d, "status"), "closed");
    EXPECT_EQ(S(d, "sla_state"), "met");
    EXPECT_TRUE(A(d, "actions").empty());
    // The enterprise sees the unit that acted, never the handler's name.
    for (const auto& e : A(d, "events")) {
        const json::object& ev = e.as_object();
        if (S(ev, "by_role") == "dept_handler") {
            EXPECT_EQ(S(ev, "by"), "自治区人力资源社会保障厅");
        }
    }
    Reply seen = P().get("/api/desk/cases/" + std::to_string(id), admin);
    bool named = false;
    for (const auto& e : A(obj(seen), "events"))
        if (S(e.as_object(), "action") == "accept") named = S(e.as_object(), "by") == "人社厅 经办人";
    EXPECT_TRUE(named) << seen.body;

    const json::object total = kpi_total();
    EXPECT_EQ(I(total, "rated"), rated_before + 1);
    Reply ids = P().get(
        "/api/desk/kpi/cases?group=department&key=" + enc("自治区人力资源社会保障厅") + "&metric=satisfied", admin);
    ASSERT_EQ(ids.status, 200) << ids.body;
    bool listed = false;
    for (const auto& v : A(obj(ids), "ids")) listed = listed || v.as_int64() == id;
    EXPECT_TRUE(listed) << ids.body;
    // The department sees its task list without the closed case; the XLSX exports open as ZIPs.
    Reply tasks = P().get("/api/desk/tasks?page_size=500", hrss);
    ASSERT_EQ(tasks.status, 200);
    for (const auto& t : items(tasks)) EXPECT_NE(I(t, "case_id"), id);
    for (const char* path : {"/api/desk/cases/export.xlsx", "/api/desk/kpi/export.xlsx"}) {
        Reply x = P().get(path, admin);
        EXPECT_EQ(x.status, 200) << path;
        EXPECT_EQ(x.body.substr(0, 2), "PK") << path;
    }
    EXPECT_EQ(P().get("/api/desk/tasks", tok("nanning")).status, 403);
}

TEST_P(ApiTest, DeskPossibleDuplicatesAreFlaggedAndMergedOnlyByTheDesk) {
    const std::string ent = tok("enterprise"), admin = tok("gxt_admin");
    Reply a = report(P(), ent, "api-desk-dup-0001", case_body("厂区用电增容申请迟迟未批复"));
    Reply b = report(P(), ent, "api-desk-dup-0002", case_body("厂区用电增容申请，迟迟未批复！"));
    ASSERT_EQ(a.status, 201) << a.body;
    ASSERT_EQ(b.status, 201) << b.body;
    const std::int64_t first = I(obj(a), "id"), second = I(obj(b), "id");
    bool flagged = false;
    for (const auto& d : A(obj(b), "possible_duplicates")) flagged = flagged || d.as_int64() == first;
    EXPECT_TRUE(flagged) << b.body;
    EXPECT_EQ(S(obj(b), "status"), "dispatched") << "flagged, not merged";
    Reply dups = P().get("/api/desk/cases?duplicates=true&page_size=500", admin);
    bool listed = false;
    for (const auto& c : items(dups)) listed = listed || I(c, "id") == second;
    EXPECT_TRUE(listed);
    const std::string merge = "{\"action\":\"merge\",\"reason\":\"同一问题\",\"target\":" + std::to_string(first) + "}";
    act(P(), ent, second, merge, 403);
    act(P(), admin, second, R"({"action":"merge","reason":"同一问题","target":)" + std::to_string(second) + "}", 400);
    const json::object merged = act(P(), admin, second, merge, 200);
    EXPECT_EQ(S(merged, "status"), "closed");
    bool named = false;
    for (const auto& e : A(merged, "events"))
        if (S(e.as_object(), "action") == "merge")
            named = contains(S(e.as_object(), "reason"), "#" + std::to_string(first));
    EXPECT_TRUE(named) << "the event names the case it merged into";
    Reply kept = P().get("/api/desk/cases/" + std::to_string(first), admin);
    EXPECT_EQ(S(obj(kept), "status"), "dispatched");
}

TEST_P(ApiTest, DeskExchangeImportsEachExternalCaseOnceAndAnswersIt) {
    const std::string admin = tok("gxt_admin");
    const std::string own = own_uscc();
    auto line = [&](const std::string& ext, const std::string& uscc, const std::string& category) {
        return "{\"source\":\"12345\",\"external_id\":" + quote(ext) + ",\"uscc\":" + quote(uscc) +
               ",\"category\":" + quote(category) + R"(,"urgency":"normal","title":"12345转办：用电报装"})";
    };
    const std::int64_t before = P().count("SELECT COUNT(*) FROM desk_cases");
    // One bad line: nothing is written, and the message names the line and the field.
    Reply bad = P().post("/api/desk/exchange/import", admin,
                         "{\"cases\":[" + line("X-1", own, "energy") + "," + line("X-2", own, "weather") + "]}");
    EXPECT_EQ(bad.status, 422) << bad.body;
    EXPECT_TRUE(contains(bad.body, "第2行")) << bad.body;
    EXPECT_TRUE(contains(bad.body, "category")) << bad.body;
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM desk_cases"), before);

    Reply ok = P().post("/api/desk/exchange/import", admin,
                        "{\"cases\":[" + line("X-1", own, "energy") + "," + line("X-2", own, "finance") + "]}");
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(I(obj(ok), "created"), 2);
    Reply twice = P().post("/api/desk/exchange/import", admin,
                           "{\"cases\":[" + line("X-1", own, "energy") + "," + line("X-3", own, "land") + "]}");
    ASSERT_EQ(twice.status, 200) << twice.body;
    EXPECT_EQ(I(obj(twice), "created"), 1);
    EXPECT_EQ(I(obj(twice), "existing"), 1);
    EXPECT_EQ(A(obj(twice), "ids")[0].as_int64(), A(obj(ok), "ids")[0].as_int64());
    // The same exchange as CSV.
    Reply csv = P().call("POST", "/api/desk/exchange/import", admin,
                         "source,external_id,uscc,category,urgency,title\n12345,X-3," + own +
                             ",land,normal,12345转办：用地\n12345,X-4," + own + ",logistics,urgent,\"运输，受阻\"\n",
                         "Content-Type: text/csv\r\n");
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_EQ(I(obj(csv), "created"), 1);
    EXPECT_EQ(I(obj(csv), "existing"), 1);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM desk_cases WHERE external_source = '12345'"), 4);

    // Answered back once the lead department replies.
    const std::int64_t energy = A(obj(ok), "ids")[0].as_int64();
    const std::string fgw = tok("fgw");
    act(P(), fgw, energy, R"({"action":"accept"})", 200);
    act(P(), fgw, energy, R"({"action":"reply","reason":"已安排增容报装"})", 200);
    Reply answers = P().get("/api/desk/exchange/answers?source=12345", admin);
    ASSERT_EQ(answers.status, 200) << answers.body;
    bool found = false;
    for (const auto& a : items(answers))
        if (S(a, "external_id") == "X-1") {
            found = true;
            EXPECT_EQ(S(a, "status"), "replied");
            EXPECT_EQ(S(a, "reply"), "已安排增容报装");
        }
    EXPECT_TRUE(found) << answers.body;
    EXPECT_EQ(P().get("/api/desk/exchange/answers", tok("nanning")).status, 403);
}

}  // namespace
}  // namespace zx::api::apitest
