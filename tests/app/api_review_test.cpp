// The API suite (api_fixture.hpp), part 9: the findings of the independent review (issue 8), each
// pinned from the outside: reasons, header-only files, what an upload tells about other cities,
// unknown filter values and LIKE wildcards (the departments: api_departments_test.cpp).
#include <gtest/gtest.h>

#include "app/api_fixture.hpp"
#include "core/uscc.hpp"

namespace zx::api::apitest {
namespace {

// A USCC with a valid check character that no seeded enterprise has.
std::string unknown_uscc() {
    const std::string first17 = "91450100MA5QQQQQ1";
    return first17 + uscc_check_character(first17);
}

TEST_P(ApiTest, RevisionReasonIsTrimmedAndCountedInCharacters) {
    const std::string nn = tok("nanning");
    const auto [u, m] = city_month(kNanning, "verified");
    ASSERT_FALSE(u.empty());
    const std::string before = output_status(u, m);
    auto revise = [&](const std::string& reason) {
        return P().post("/api/output/revise", nn,
                        "{\"uscc\":" + quote(u) + ",\"month\":" + quote(m) +
                            ",\"output_yuan\":\"12.34\",\"reason\":" + quote(reason) + "}");
    };
    for (const std::string& blank :
         {std::string("    "), std::string("\t \n "), std::string("\u3000\u3000\u3000\u3000"),
          std::string("\u00a0\u2003\u00a0\u2003\ufeff"), std::string("修订"), std::string("  修订  \u3000"),
          std::string("abc")}) {
        Reply r = revise(blank);
        EXPECT_EQ(r.status, 400) << quote(blank) << ": " << r.body;
    }
    EXPECT_EQ(output_status(u, m), before);
    Reply ok = revise("\u3000 统计更正 \u3000");
    ASSERT_EQ(ok.status, 200) << ok.body;
    const std::string after =
        P().one("SELECT after_json FROM audit_log WHERE action = 'output.revise' ORDER BY id DESC LIMIT 1");
    EXPECT_TRUE(contains(after, "\"reason\":\"统计更正\"")) << after;

    // A rejection's reason: blanks are no reason.
    const auto [pu, pm] = city_month(kNanning, "pending");
    ASSERT_FALSE(pu.empty());
    Reply blank_reject = P().post(
        "/api/output/verify", nn,
        "{\"uscc\":" + quote(pu) + ",\"months\":[" + quote(pm) + "],\"action\":\"reject\",\"reason\":\" \u3000 \"}");
    EXPECT_EQ(blank_reject.status, 400) << blank_reject.body;
    EXPECT_EQ(output_status(pu, pm).substr(0, 8), "pending/");
    Reply reject = P().post("/api/output/verify", nn,
                            "{\"uscc\":" + quote(pu) + ",\"months\":[" + quote(pm) +
                                "],\"action\":\"reject\",\"reason\":\"\u3000数据有误 \"}");
    ASSERT_EQ(reject.status, 200) << reject.body;
    EXPECT_EQ(P().one("SELECT reject_reason FROM output WHERE uscc = $1 AND month = $2", {T(pu), T(pm)}), "数据有误");
}

TEST_P(ApiTest, HeaderOnlyUploadIsRefusedNamingTheFile) {
    const std::int64_t uploads = P().count("SELECT COUNT(*) FROM uploads WHERE status = 'accepted'");
    for (const auto& [kind, header] : {std::pair<std::string, std::string>{"output", "uscc,month,output_yuan\n"},
                                       {"enterprises", "uscc,name,city,industry,scale_since\n"}}) {
        Reply r = upload("nanning", kind, header, "三月报表.csv");
        ASSERT_EQ(r.status, 422) << kind << ": " << r.body;
        const json::object o = obj(r);
        EXPECT_FALSE(B(o, "accepted"));
        ASSERT_EQ(A(o, "defects").size(), 1u) << r.body;
        EXPECT_TRUE(contains(S(A(o, "defects")[0].as_object(), "message_zh"), "三月报表.csv")) << r.body;
        EXPECT_TRUE(contains(S(A(o, "defects")[0].as_object(), "message_en"), "no data rows")) << r.body;
    }
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM uploads WHERE status = 'accepted'"), uploads);
}

TEST_P(ApiTest, EnterpriseUploadDoesNotTellThatAnotherCitysEnterpriseExists) {
    const std::string lz = P().one("SELECT uscc FROM enterprises WHERE city = $1 ORDER BY uscc LIMIT 1", {T(kLiuzhou)});
    db::Rows row = P().sql("SELECT industry, scale_since FROM enterprises WHERE uscc = $1", {T(lz)});
    Reply foreign = upload("nanning", "enterprises",
                           "uscc,name,city,industry,scale_since\n" + lz + ",改名企业,南宁市," + row.rows[0].str(0) +
                               "," + row.rows[0].str(1) + "\n");
    ASSERT_EQ(foreign.status, 422) << foreign.body;
    // What the output upload answers for an enterprise the city does not have.
    Reply unknown = upload("nanning", "output", "uscc,month,output_yuan\n" + unknown_uscc() + ",2024-01,1.00\n");
    ASSERT_EQ(unknown.status, 422) << unknown.body;
    const json::object f = A(obj(foreign), "defects").at(0).as_object();
    const json::object u = A(obj(unknown), "defects").at(0).as_object();
    EXPECT_EQ(S(f, "message_zh"), S(u, "message_zh"));
    EXPECT_EQ(S(f, "message_en"), S(u, "message_en"));
    EXPECT_FALSE(contains(foreign.body, "其他设区市")) << foreign.body;
    EXPECT_FALSE(contains(foreign.body, "another city")) << foreign.body;
    EXPECT_EQ(city_of(lz), kLiuzhou);
}

TEST_P(ApiTest, UnknownFilterValuesAreRefusedNamingTheParameter) {
    const std::string admin = tok("gxt_admin");
    struct Case {
        std::string target, param, allowed;
    };
    const std::vector<Case> cases = {
        {"/api/enterprises?city=" + enc("南宁"), "city", "南宁市"},
        {"/api/enterprises?designation=nonsense", "designation", "dragon_head"},
        {"/api/enterprises?industry=3x", "industry", "GB/T 4754"},
        {"/api/enterprises?sort=size", "sort", "name"},
        {"/api/output?status=approved", "status", "pending"},
        {"/api/output?city=" + enc("南宁"), "city", "柳州市"},
        {"/api/output?month_from=2024-1", "month_from", "YYYY-MM"},
        {"/api/output?uscc=NOTAUSCC", "uscc", "USCC"},
        {"/api/uploads?kind=contacts", "kind", "designations"},
        {"/api/uploads?status=ok", "status", "rejected"},
    };
    for (const Case& c : cases) {
        Reply r = P().call("GET", c.target, admin, {}, "Accept-Language: en\r\n");
        EXPECT_EQ(r.status, 422) << c.target << ": " << r.body;
        EXPECT_EQ(error_code(r), "validation_failed") << c.target;
        EXPECT_EQ(error_message(r).rfind(c.param + ":", 0), 0u) << c.target << ": " << r.body;
        EXPECT_TRUE(contains(error_message(r), c.allowed)) << c.target << ": " << r.body;
    }
    // Known values still filter.
    EXPECT_EQ(P().get("/api/enterprises?city=" + enc(kNanning), admin).status, 200);
    EXPECT_EQ(P().get("/api/uploads?kind=output&status=rejected", admin).status, 200);
}

TEST_P(ApiTest, SearchTextIsMatchedLiterallyNotAsWildcards) {
    const std::string admin = tok("gxt_admin");
    const std::int64_t all = I(obj(P().get("/api/enterprises?page_size=1", admin)), "total");
    ASSERT_GT(all, 0);
    for (const std::string q : {"%", "_", "%%", "!"}) {
        Reply r = P().get("/api/enterprises?q=" + enc(q), admin);
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(I(obj(r), "total"), 0) << "q=" << q;
    }
    // A name that does have a % in it is found by it.
    const std::string u = P().one("SELECT uscc FROM enterprises ORDER BY uscc LIMIT 1");
    P().sql("UPDATE enterprises SET name = $1 WHERE uscc = $2", {T("百分之100%_公司"), T(u)});
    Reply r = P().get("/api/enterprises?q=" + enc("100%_"), admin);
    ASSERT_EQ(r.status, 200);
    ASSERT_EQ(I(obj(r), "total"), 1) << r.body;
    EXPECT_EQ(S(items(r)[0], "uscc"), u);
}

}  // namespace
}  // namespace zx::api::apitest
