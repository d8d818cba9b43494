// The API suite (api_fixture.hpp), part 13: what an auditor can reconstruct of uploads (issue 8,
// item 9): every changed master-data field with before and after, every file kept by its SHA-256,
// the history with who, when, rows and the outcome, and the defect report, each within its scope.
#include <gtest/gtest.h>

#include "app/api_fixture.hpp"
#include "platform/crypto/crypto.hpp"

namespace zx::api::apitest {
namespace {

TEST_P(ApiTest, EnterpriseUploadAuditsEveryChangedFieldBeforeAndAfter) {
    db::Rows two = P().sql(
        "SELECT uscc, name, industry, scale_since FROM enterprises WHERE city = $1 ORDER BY uscc "
        "LIMIT 2",
        {T(kNanning)});
    ASSERT_EQ(two.size(), 2u);
    const std::string a = two.rows[0].str(0), b = two.rows[1].str(0);
    const std::string a_name = two.rows[0].str(1);
    const std::string b_industry = two.rows[1].str(2) == "3411" ? "3412" : "3411";
    const std::string csv = "uscc,name,city,industry,scale_since\n" + a + ",新名称有限公司,南宁市," +
                            two.rows[0].str(2) + "," + two.rows[0].str(3) + "\n" + b + "," + two.rows[1].str(1) +
                            ",南宁市," + b_industry + "," + two.rows[1].str(3) + "\n";
    Reply r = upload("nanning", "enterprises", csv);
    ASSERT_EQ(r.status, 201) << r.body;
    const std::int64_t id = I(obj(r), "upload_id");
    db::Rows audits = P().sql(
        "SELECT object_id, before_json, after_json FROM audit_log WHERE action = 'enterprise.update' ORDER BY "
        "object_id");
    ASSERT_EQ(audits.size(), 2u);
    EXPECT_EQ(audits.rows[0].str(0), a);
    EXPECT_EQ(audits.rows[0].str(1), "{\"name\":" + quote(a_name) + "}");
    EXPECT_EQ(audits.rows[0].str(2), "{\"name\":\"新名称有限公司\",\"upload_id\":" + std::to_string(id) + "}");
    EXPECT_EQ(audits.rows[1].str(0), b);
    EXPECT_EQ(audits.rows[1].str(1), "{\"industry\":" + quote(two.rows[1].str(2)) + "}");
    EXPECT_TRUE(contains(audits.rows[1].str(2), "\"industry\":\"" + b_industry + "\"")) << audits.rows[1].str(2);
    // The same file again changes nothing: no new entry.
    ASSERT_EQ(upload("nanning", "enterprises", csv).status, 201);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM audit_log WHERE action = 'enterprise.update'"), 2);
}

TEST_P(ApiTest, UploadFilesAreKeptAndDownloadableWithinTheScope) {
    const std::string own = own_uscc();
    const std::string ok_csv = "uscc,month,output_yuan\n" + own + ",2024-01,100.00\n";
    const std::string bad_csv = "uscc,month,output_yuan\n" + own + ",2024-02,abc\n";
    Reply ok = upload("nanning", "output", ok_csv, "一月.csv");
    ASSERT_EQ(ok.status, 201) << ok.body;
    Reply bad = upload("nanning", "output", bad_csv, "二月.csv");
    ASSERT_EQ(bad.status, 422) << bad.body;
    const std::string ok_id = std::to_string(I(obj(ok), "upload_id"));
    const std::string bad_id = std::to_string(I(obj(bad), "upload_id"));
    // The same bytes twice are kept once.
    ASSERT_EQ(upload("nanning", "output", ok_csv, "一月-重传.csv").status, 201);
    EXPECT_EQ(P().count("SELECT COUNT(*) FROM upload_files WHERE sha256 = $1", {T(sha256_hex(ok_csv))}), 1);

    for (const std::string user : {"nanning", "gxt_admin", "auditor"}) {
        Reply hist = P().get("/api/uploads?page_size=500", tok(user));
        ASSERT_EQ(hist.status, 200) << user << ": " << hist.body;
        bool seen_ok = false, seen_bad = false;
        for (const auto& u : items(hist)) {
            if (std::to_string(I(u, "id")) == ok_id) {
                seen_ok = true;
                EXPECT_EQ(S(u, "username"), "nanning");
                EXPECT_TRUE(B(u, "accepted"));
                EXPECT_EQ(I(u, "rows"), 1);
                EXPECT_EQ(S(u, "sha256"), sha256_hex(ok_csv));
                EXPECT_GT(I(u, "created_at"), 0);
            }
            if (std::to_string(I(u, "id")) == bad_id) {
                seen_bad = true;
                EXPECT_FALSE(B(u, "accepted"));
                EXPECT_EQ(I(u, "defects_total"), 1);
            }
        }
        EXPECT_TRUE(seen_ok && seen_bad) << user;
        Reply file = P().get("/api/uploads/" + ok_id + "/file", tok(user));
        ASSERT_EQ(file.status, 200) << user << ": " << file.body;
        EXPECT_EQ(file.body, ok_csv);
        EXPECT_EQ(file.header("x-content-sha256"), sha256_hex(ok_csv));
        EXPECT_EQ(P().get("/api/uploads/" + bad_id + "/file", tok(user)).body, bad_csv);
        Reply defects = P().get("/api/uploads/" + bad_id + "/defects", tok(user));
        ASSERT_EQ(defects.status, 200) << user;
        EXPECT_TRUE(contains(defects.header("content-type"), "text/csv"));
        EXPECT_TRUE(contains(defects.body, "output_yuan,abc,")) << defects.body;
    }
    // Another city sees neither the record nor the file nor the report.
    const std::string lz = tok("liuzhou");
    for (const auto& u : items(P().get("/api/uploads?page_size=500", lz))) EXPECT_NE(S(u, "city"), kNanning);
    Reply other = P().get("/api/uploads/" + ok_id + "/file", lz);
    EXPECT_EQ(other.status, 404) << other.body;
    expect_bare_error(other, {own}, "liuzhou downloads nanning's file");
    EXPECT_EQ(P().get("/api/uploads/" + bad_id + "/defects", lz).status, 404);
    EXPECT_EQ(P().get("/api/uploads/" + ok_id + "/file", tok("enterprise")).status, 403);
}

}  // namespace
}  // namespace zx::api::apitest
