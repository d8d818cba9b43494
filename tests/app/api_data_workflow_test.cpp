// The API suite (api_fixture.hpp), part 4: the data workflow (upload, 核定, reject, revise).
#include <gtest/gtest.h>

#include "app/api_fixture.hpp"

namespace zx::api::apitest {
namespace {

// ---- 4. The data workflow ----

TEST_P(ApiTest, UploadVerifyRejectReviseWorkflow) {
    const std::string nn = tok("nanning");
    const std::string x =
        P().one("SELECT uscc FROM enterprises WHERE city = $1 ORDER BY uscc DESC LIMIT 1", {T(kNanning)});
    const std::string lz = P().one("SELECT uscc FROM enterprises WHERE city = $1 ORDER BY uscc LIMIT 1", {T(kLiuzhou)});
    ASSERT_FALSE(x.empty());
    ASSERT_FALSE(lz.empty());
    auto output_count = [&] { return P().count("SELECT COUNT(*) FROM output"); };

    Reply ok = upload("nanning", "output",
                      "uscc,month,output_yuan\n" + x + ",2024-01,1234567.89\n" + x + ",2024-02,2000000\n");
    ASSERT_EQ(ok.status, 201) << ok.body;
    EXPECT_TRUE(B(obj(ok), "accepted"));
    EXPECT_EQ(I(obj(ok), "rows"), 2);
    EXPECT_EQ(I(obj(ok), "defects_total"), 0);
    Reply pending = P().get("/api/output?status=pending&month_from=2024-01&uscc=" + x, nn);
    ASSERT_EQ(pending.status, 200);
    auto pend = items(pending);
    ASSERT_EQ(pend.size(), 2u) << pending.body;
    EXPECT_EQ(S(pend[0], "month"), "2024-01");
    EXPECT_EQ(S(pend[0], "output_yuan"), "1234567.89");
    EXPECT_EQ(S(pend[0], "status"), "pending");
    EXPECT_EQ(S(pend[1], "output_yuan"), "2000000.00");

    // One bad row: nothing of the file is written; the defect names file, line and field.
    const std::int64_t n0 = output_count();
    Reply bad =
        upload("nanning", "output",
               "uscc,month,output_yuan\n" + x + ",2024-03,100.00\n" + x + ",2024-04,12abc\n" + x + ",2024-05,200\n");
    ASSERT_EQ(bad.status, 422) << bad.body;
    json::object bo = obj(bad);
    EXPECT_FALSE(B(bo, "accepted"));
    EXPECT_EQ(I(bo, "defects_total"), 1);
    ASSERT_EQ(A(bo, "defects").size(), 1u) << bad.body;
    const json::object d = A(bo, "defects")[0].as_object();
    EXPECT_EQ(S(d, "file"), "output.csv");
    EXPECT_EQ(I(d, "line"), 3);
    EXPECT_EQ(S(d, "field"), "output_yuan");
    EXPECT_EQ(S(d, "value"), "12abc");
    EXPECT_EQ(output_count(), n0);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM output WHERE uscc = $1 AND month IN ('2024-03', '2024-05')", {T(x)}), 0);
    const std::string report_path = S(bo, "defect_report");
    ASSERT_FALSE(report_path.empty());
    Reply report = P().get(report_path, nn);
    ASSERT_EQ(report.status, 200) << report.body;
    EXPECT_TRUE(contains(report.header("content-type"), "text/csv"));
    EXPECT_EQ(report.body.rfind("\xEF\xBB\xBF"
                                "file,line,field,value,message_zh,message_en\n",
                                0),
              0u)
        << report.body;
    EXPECT_TRUE(contains(report.body, "output.csv,3,output_yuan,12abc,")) << report.body;

    // A 柳州 enterprise in nanning's file.
    Reply foreign =
        upload("nanning", "output", "uscc,month,output_yuan\n" + x + ",2024-03,1.00\n" + lz + ",2024-01,100.00\n");
    ASSERT_EQ(foreign.status, 422) << foreign.body;
    const auto fd = A(obj(foreign), "defects");
    ASSERT_EQ(fd.size(), 1u) << foreign.body;
    EXPECT_EQ(I(fd[0].as_object(), "line"), 3);
    EXPECT_EQ(S(fd[0].as_object(), "field"), "uscc");
    EXPECT_TRUE(contains(S(fd[0].as_object(), "message_en"), "not among your city's enterprises")) << foreign.body;
    EXPECT_TRUE(contains(S(fd[0].as_object(), "message_zh"), "不在本市企业名录中")) << foreign.body;
    EXPECT_FALSE(contains(foreign.body, name_of(lz)));
    EXPECT_EQ(output_count(), n0);

    // 核定: verify one month, reject the other (a reason is required).
    Reply verified = P().post("/api/output/verify", nn,
                              "{\"uscc\":" + quote(x) + ",\"months\":[\"2024-01\"],\"action\":\"verify\"}");
    ASSERT_EQ(verified.status, 200) << verified.body;
    EXPECT_EQ(I(obj(verified), "changed"), 1);
    Reply no_reason = P().post("/api/output/verify", nn,
                               "{\"uscc\":" + quote(x) + ",\"months\":[\"2024-02\"],\"action\":\"reject\"}");
    EXPECT_EQ(no_reason.status, 400) << no_reason.body;
    Reply rejected = P().post(
        "/api/output/verify", nn,
        "{\"uscc\":" + quote(x) + ",\"months\":[\"2024-02\"],\"action\":\"reject\",\"reason\":\"与税务数据不符\"}");
    ASSERT_EQ(rejected.status, 200) << rejected.body;
    auto now = items(P().get("/api/output?month_from=2024-01&uscc=" + x, nn));
    ASSERT_EQ(now.size(), 2u);
    EXPECT_EQ(S(now[0], "status"), "verified");
    EXPECT_NE(S(now[0], "verified_at"), "");
    EXPECT_EQ(S(now[1], "status"), "rejected");
    EXPECT_EQ(S(now[1], "reject_reason"), "与税务数据不符");
    EXPECT_EQ(
        P().post("/api/output/verify", nn, "{\"uscc\":" + quote(x) + ",\"months\":[\"2024-01\"],\"action\":\"verify\"}")
            .status,
        409);

    // A verified month cannot be overwritten by an upload; the same value is harmless.
    Reply overwrite = upload("nanning", "output", "uscc,month,output_yuan\n" + x + ",2024-01,999.00\n");
    ASSERT_EQ(overwrite.status, 422) << overwrite.body;
    const auto od = A(obj(overwrite), "defects");
    ASSERT_EQ(od.size(), 1u);
    EXPECT_EQ(I(od[0].as_object(), "line"), 2);
    EXPECT_TRUE(contains(S(od[0].as_object(), "message_en"), "revision")) << overwrite.body;
    EXPECT_TRUE(contains(S(od[0].as_object(), "message_zh"), "修订")) << overwrite.body;
    EXPECT_EQ(output_status(x, "2024-01"), "verified/123456789/1");
    Reply same = upload("nanning", "output",
                        "uscc,month,output_yuan\n" + x + ",2024-01,1234567.89\n" + x + ",2024-02,2100000\n");
    EXPECT_EQ(same.status, 201) << same.body;
    EXPECT_EQ(output_status(x, "2024-01"), "verified/123456789/1");
    EXPECT_EQ(output_status(x, "2024-02"), "pending/210000000/1");  // a rejected month is uploaded again

    // Revision with a reason: the old value stays in the audit log.
    EXPECT_EQ(P().post("/api/output/revise", nn,
                       "{\"uscc\":" + quote(x) + ",\"month\":\"2024-01\",\"output_yuan\":\"2000000.00\"}")
                  .status,
              400);
    EXPECT_EQ(
        P().post("/api/output/revise", nn,
                 "{\"uscc\":" + quote(x) + ",\"month\":\"2024-01\",\"output_yuan\":\"2000000.00\",\"reason\":\"ab\"}")
            .status,
        400);
    EXPECT_EQ(P().post("/api/output/revise", nn,
                       "{\"uscc\":" + quote(x) +
                           ",\"month\":\"2024-02\",\"output_yuan\":\"1.00\",\"reason\":\"未核定的月份\"}")
                  .status,
              409);
    Reply revised =
        P().post("/api/output/revise", nn,
                 "{\"uscc\":" + quote(x) +
                     ",\"month\":\"2024-01\",\"output_yuan\":\"2000000.50\",\"reason\":\"企业更正统计报表\"}");
    ASSERT_EQ(revised.status, 200) << revised.body;
    EXPECT_EQ(output_status(x, "2024-01"), "verified/200000050/2");
    Reply audit = P().get("/api/audit?action=output.revise&page_size=500", tok("auditadmin"));
    ASSERT_EQ(audit.status, 200);
    bool found = false;
    for (const auto& e : items(audit)) {
        if (S(e, "object_id") != x + "/2024-01") continue;
        found = true;
        EXPECT_EQ(S(e, "username"), "nanning");
        EXPECT_TRUE(contains(strip_commas(S(e, "before")), "1234567.89")) << S(e, "before");
        EXPECT_TRUE(contains(strip_commas(S(e, "after")), "2000000.50")) << S(e, "after");
        EXPECT_TRUE(contains(S(e, "after"), "企业更正统计报表")) << S(e, "after");
    }
    EXPECT_TRUE(found) << audit.body;

    // Progress: the province sees every city, a city only itself, with the same numbers.
    Reply prov = P().get("/api/verification/progress", tok("gxt_admin"));
    ASSERT_EQ(prov.status, 200);
    std::map<std::string, json::object> by_city;
    std::int64_t enterprises = 0, pending_total = 0;
    for (const auto& r : items(prov)) {
        by_city[S(r, "city")] = r;
        enterprises += I(r, "enterprises");
        pending_total += I(r, "pending");
    }
    EXPECT_GT(by_city.size(), 2u);
    EXPECT_TRUE(by_city.count(kNanning) && by_city.count(kLiuzhou));
    EXPECT_EQ(enterprises, P().count("SELECT COUNT(*) FROM enterprises"));
    EXPECT_EQ(pending_total, P().count("SELECT COUNT(*) FROM output WHERE status = 'pending'"));
    Reply city = P().get("/api/verification/progress", nn);
    ASSERT_EQ(city.status, 200);
    auto ci = items(city);
    ASSERT_EQ(ci.size(), 1u) << city.body;
    EXPECT_EQ(S(ci[0], "city"), kNanning);
    for (const char* k : {"enterprises", "pending", "verified", "rejected"}) {
        EXPECT_EQ(I(ci[0], k), I(by_city[kNanning], k)) << k;
    }
    EXPECT_EQ(I(ci[0], "rejected"), 0);
    EXPECT_EQ(P().get("/api/verification/progress", tok("enterprise")).status, 403);
}

}  // namespace
}  // namespace zx::api::apitest
