// The API suite (api_fixture.hpp), part 14: monitoring over HTTP (issue 11): the city table in each
// scope (a city sees its own row in full and the others only as the issued 通报 publishes them),
// totals that agree with the verified output, warnings that open cases, tables uploaded
// all-or-nothing and 核定, and the 通报 prepared, frozen once issued, and read back as DOCX.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "app/api_fixture.hpp"

namespace zx::api::apitest {
namespace {

const std::string kNanningUrl = "%E5%8D%97%E5%AE%81%E5%B8%82";
const std::string kLiuzhouUrl = "%E6%9F%B3%E5%B7%9E%E5%B8%82";

// "123.45" → 12345 fen.
std::int64_t fen_of(const json::value& v) {
    std::string s(v.as_string());
    const bool neg = !s.empty() && s[0] == '-';
    std::int64_t f = 0;
    for (char c : s)
        if (c >= '0' && c <= '9') f = f * 10 + (c - '0');
    return neg ? -f : f;
}

std::string month_of(Platform& p, const char* status) {
    return p.one("SELECT MAX(month) FROM monitoring_bulletins WHERE status = $1", {T(status)});
}

TEST_P(ApiTest, MonitoringCityTableAgreesWithTheVerifiedOutputAndIsScoped) {
    const std::string draft = month_of(P(), "draft"), issued = month_of(P(), "issued");
    ASSERT_FALSE(draft.empty());
    ASSERT_FALSE(issued.empty());
    Reply all = P().get("/api/monitoring/cities?month=" + draft, tok("gxt_admin"));
    ASSERT_EQ(all.status, 200) << all.body;
    const json::object a = obj(all);
    ASSERT_EQ(a.at("rows").as_array().size(), 14u);
    EXPECT_EQ(a.at("rows").as_array()[0].at("city").as_string(), "南宁市");
    EXPECT_TRUE(a.at("published").as_bool());
    // 全区 = every enterprise with output this year: the verified output of the period, summed in SQL.
    const std::string year = draft.substr(0, 4);
    const std::int64_t sql_total =
        P().count("SELECT SUM(output_fen) FROM output WHERE status = 'verified' AND month >= $1 AND month <= $2",
                  {T(year + "-01"), T(draft)});
    EXPECT_EQ(fen_of(a.at("total").at("output_yuan")), sql_total);
    std::int64_t rows_sum = 0;
    for (const auto& r : a.at("rows").as_array()) rows_sum += fen_of(r.at("output_yuan"));
    EXPECT_EQ(rows_sum, sql_total);

    // A city before the 通报 is issued: its own row only, in full.
    Reply mine = P().get("/api/monitoring/cities?month=" + draft, tok("nanning"));
    ASSERT_EQ(mine.status, 200) << mine.body;
    const json::object m = obj(mine);
    ASSERT_EQ(m.at("rows").as_array().size(), 1u) << mine.body;
    EXPECT_EQ(m.at("rows").as_array()[0].at("city").as_string(), "南宁市");
    EXPECT_TRUE(m.at("rows").as_array()[0].at("own").as_bool());
    EXPECT_EQ(m.at("rows").as_array()[0].at("output_yuan"), a.at("rows").as_array()[0].at("output_yuan"));
    EXPECT_FALSE(m.at("published").as_bool());
    EXPECT_TRUE(m.at("total").is_null());
    // After it is issued: all 14, the others as published.
    Reply pub = P().get("/api/monitoring/cities?month=" + issued, tok("nanning"));
    ASSERT_EQ(pub.status, 200);
    EXPECT_EQ(obj(pub).at("rows").as_array().size(), 14u);
    EXPECT_TRUE(obj(pub).at("published").as_bool());
    // Another city's enterprises: not found; its own: listed.
    EXPECT_EQ(P().get("/api/monitoring/cities/" + kLiuzhouUrl + "/enterprises", tok("nanning")).status, 404);
    Reply ents = P().get("/api/monitoring/cities/" + kNanningUrl + "/enterprises?page_size=5", tok("nanning"));
    ASSERT_EQ(ents.status, 200) << ents.body;
    EXPECT_LE(obj(ents).at("items").as_array().size(), 5u);
    EXPECT_GT(I(obj(ents), "total"), 0);
    // January is not reported alone.
    Reply jan = P().get("/api/monitoring/cities?month=" + year + "-01", tok("gxt_admin"));
    EXPECT_GE(jan.status, 400);
    EXPECT_NE(jan.body.find("January"), std::string::npos) << jan.body;
    // A department sees none of it.
    EXPECT_EQ(P().get("/api/monitoring/cities", tok("hrss")).status, 403);
}

TEST_P(ApiTest, MonitoringWarningsOpenCasesAndAreScoped) {
    Reply scan = P().post("/api/monitoring/warnings/scan", tok("gxt_admin"), "{}");
    ASSERT_EQ(scan.status, 200) << scan.body;
    Reply list = P().get("/api/monitoring/warnings?page_size=500", tok("gxt_admin"));
    ASSERT_EQ(list.status, 200);
    const json::object l = obj(list);
    ASSERT_GT(I(l, "total"), 0);
    for (const auto& w : l.at("items").as_array()) {
        const std::string level(w.at("level").as_string());
        // Red and orange carry their case; every warning names its rule and figures.
        if (level == "red" || level == "orange") {
            EXPECT_TRUE(w.at("case_id").is_int64()) << w;
        }
        EXPECT_FALSE(w.at("rule").as_string().empty());
        EXPECT_FALSE(w.at("figures").as_object().empty());
    }
    // Scanning again opens no second case.
    const std::int64_t cases = P().count("SELECT COUNT(*) FROM desk_cases");
    ASSERT_EQ(P().post("/api/monitoring/warnings/scan", tok("gxt_admin"), "{}").status, 200);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM desk_cases"), cases);
    Reply city = P().get("/api/monitoring/warnings?page_size=500", tok("nanning"));
    ASSERT_EQ(city.status, 200);
    const json::object co = obj(city);
    for (const auto& w : co.at("items").as_array()) EXPECT_EQ(w.at("city").as_string(), "南宁市");
    Reply ent = P().get("/api/monitoring/warnings", tok("enterprise"));
    ASSERT_EQ(ent.status, 200);
    const json::object eo = obj(ent);
    for (const auto& w : eo.at("items").as_array()) EXPECT_EQ(w.at("uscc").as_string(), own_uscc());
    EXPECT_EQ(P().post("/api/monitoring/warnings/scan", tok("nanning"), "{}").status, 403);
}

TEST_P(ApiTest, MonitoringTablesAreAllOrNothingAndVerified) {
    const std::int64_t before = P().count("SELECT COUNT(*) FROM monitoring_files");
    const std::string bad =
        "city,month,value_added_growth_pct,investment_growth_pct,special_bonds_issued_yuan,special_bonds_used_yuan,"
        "manufacturing_share_pct\n南宁市,2023-06,5.1,,,,\n北京市,2023-06,5.1,,,,\n";
    Reply r = P().call("PUT", "/api/monitoring/data/city_indicators?name=c.csv", tok("gxt_admin"), bad,
                       "Content-Type: text/csv\r\n");
    ASSERT_EQ(r.status, 422) << r.body;
    const json::object o = obj(r);
    ASSERT_GE(o.at("defects").as_array().size(), 1u);
    EXPECT_EQ(o.at("defects").as_array()[0].at("line").as_int64(), 3);
    EXPECT_EQ(o.at("defects").as_array()[0].at("field").as_string(), "city");
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM monitoring_files"), before);
    const std::string good =
        "city,month,value_added_growth_pct,investment_growth_pct,special_bonds_issued_yuan,special_bonds_used_yuan,"
        "manufacturing_share_pct\n南宁市,2023-06,5.1,-2.0,100,80,30.5\n";
    Reply ok = P().call("PUT", "/api/monitoring/data/city_indicators?name=c.csv", tok("gxt_admin"), good,
                        "Content-Type: text/csv\r\n");
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(obj(ok).at("status").as_string(), "pending");
    Reply v = P().post("/api/monitoring/data/city_indicators/verify", tok("gxt_admin"), "{}");
    ASSERT_EQ(v.status, 200) << v.body;
    EXPECT_EQ(P().post("/api/monitoring/data/city_indicators/verify", tok("gxt_admin"), "{}").status, 409);
    Reply cities = P().get("/api/monitoring/cities?month=2023-06", tok("gxt_admin"));
    ASSERT_EQ(cities.status, 200) << cities.body;
    EXPECT_EQ(obj(cities).at("rows").as_array()[0].at("indicators").at("value_added_growth_pct").as_string(), "5.1");
}

TEST_P(ApiTest, MonitoringBulletinIsFrozenOnceIssuedAndOpensAsWord) {
    const std::string issued = month_of(P(), "issued"), draft = month_of(P(), "draft");
    EXPECT_EQ(P().post("/api/monitoring/bulletins", tok("gxt_admin"), "{\"month\":\"" + issued + "\"}").status, 409);
    EXPECT_EQ(P().post("/api/monitoring/bulletins", tok("nanning"), "{\"month\":\"" + draft + "\"}").status, 403);
    Reply list = P().get("/api/monitoring/bulletins", tok("nanning"));
    ASSERT_EQ(list.status, 200);
    const json::object lo = obj(list);
    for (const auto& b : lo.at("items").as_array()) EXPECT_EQ(b.at("status").as_string(), "issued");
    EXPECT_EQ(P().get("/api/monitoring/bulletins/" + draft, tok("nanning")).status, 404);
    Reply b = P().get("/api/monitoring/bulletins/" + issued, tok("nanning"));
    ASSERT_EQ(b.status, 200) << b.body;
    const json::object bo = obj(b);
    ASSERT_FALSE(bo.at("highlights").as_array().empty());
    EXPECT_NE(bo.at("highlights").as_array()[0].as_string().find("全区规上工业总产值"), std::string::npos);
    Reply docx = P().get("/api/monitoring/bulletins/" + issued + "/docx", tok("nanning"));
    ASSERT_EQ(docx.status, 200);
    ASSERT_EQ(docx.body.substr(0, 2), "PK");
    const auto file = std::filesystem::temp_directory_path() / ("zx-bulletin-" + std::to_string(::getpid()) + ".docx");
    std::ofstream(file, std::ios::binary) << docx.body;
    // python-docx (Debian python3-docx) reads every paragraph and table cell back.
    const std::string cmd =
        "/usr/bin/python3 -c \"import docx,sys; d=docx.Document(sys.argv[1]); "
        "print('\\n'.join(p.text for p in d.paragraphs)); "
        "print('\\n'.join(c.text for t in d.tables for r in t.rows for c in r.cells))\" " +
        file.string();
    std::string text;
    if (FILE* f = ::popen(cmd.c_str(), "r")) {
        char buf[4096];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
        EXPECT_EQ(::pclose(f), 0);
    }
    std::filesystem::remove(file);
    EXPECT_NE(text.find("全区工业经济运行监测通报"), std::string::npos) << text.substr(0, 400);
    EXPECT_NE(text.find(std::string(bo.at("highlights").as_array()[0].as_string())), std::string::npos);
    EXPECT_NE(text.find("崇左市"), std::string::npos);
    EXPECT_NE(text.find(std::string(bo.at("cities").as_array()[0].at("growth_pct").as_string())), std::string::npos);
    Reply xlsx = P().get("/api/monitoring/bulletins/" + issued + "/xlsx", tok("gxt_admin"));
    ASSERT_EQ(xlsx.status, 200);
    EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
}

}  // namespace
}  // namespace zx::api::apitest
