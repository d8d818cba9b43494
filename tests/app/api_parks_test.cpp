// The API suite (api_fixture.hpp), part 13: the 亩均 evaluation over HTTP (issue 12): the demo's
// evaluation read in each scope (an enterprise sees its own row and nothing of another's), tables
// replaced all-or-nothing with defects by file, line and field, a new evaluation, and what-if.
#include <gtest/gtest.h>

#include "app/api_fixture.hpp"

namespace zx::api::apitest {
namespace {

std::int64_t latest(Platform& p) {
    return p.count("SELECT MIN(id) FROM park_evaluations WHERE status = 'publicized'");
}

TEST_P(ApiTest, ParksEvaluationIsScopedAndExplained) {
    const std::int64_t id = latest(P());
    ASSERT_GT(id, 0) << "the demo seeds an evaluation";
    const std::string base = "/api/parks/evaluations/" + std::to_string(id);

    Reply all = P().get(base + "/enterprises?page_size=200", tok("gxt_admin"));
    ASSERT_EQ(all.status, 200) << all.body;
    const std::int64_t total = I(obj(all), "total");
    EXPECT_GT(total, 50);

    // A city sees its own enterprises only.
    Reply city = P().get(base + "/enterprises?page_size=200", tok("nanning"));
    ASSERT_EQ(city.status, 200);
    const json::object co = obj(city);
    EXPECT_LT(I(co, "total"), total);
    for (const auto& r : co.at("items").as_array()) EXPECT_EQ(r.at("city").as_string(), "南宁市");

    // An enterprise sees exactly its own row, and another's is not found.
    Reply own = P().get(base + "/enterprises", tok("enterprise"));
    ASSERT_EQ(own.status, 200);
    const json::object oo = obj(own);
    ASSERT_EQ(I(oo, "total"), 1) << own.body;
    EXPECT_EQ(oo.at("items").as_array()[0].at("uscc").as_string(), own_uscc());
    const std::string other = P().one(
        "SELECT uscc FROM park_eval_rows WHERE evaluation_id = $1 AND uscc <> $2 AND state = 'rated' ORDER BY uscc "
        "LIMIT 1",
        {db::Value(id), T(own_uscc())});
    EXPECT_EQ(P().get(base + "/enterprises/" + other, tok("enterprise")).status, 404);
    Reply mine = P().get(base + "/enterprises/" + own_uscc(), tok("enterprise"));
    ASSERT_EQ(mine.status, 200) << mine.body;
    EXPECT_FALSE(obj(mine).at("lines").as_array().empty());
    // A rated enterprise's explanation: a line per indicator, the total, the rank and the grade rule.
    const std::string rated = P().one(
        "SELECT uscc FROM park_eval_rows WHERE evaluation_id = $1 AND city = $2 AND state = 'rated' ORDER BY uscc "
        "LIMIT 1",
        {db::Value(id), T(kNanning)});
    Reply ex = P().get(base + "/enterprises/" + rated, tok("nanning"));
    ASSERT_EQ(ex.status, 200) << ex.body;
    const json::object m = obj(ex);
    EXPECT_GE(m.at("lines").as_array().size(), 7u);
    EXPECT_NE(m.at("lines").as_array().back().at("zh").as_string().find("排名"), std::string::npos);
    // The summary's missing list is per enterprise: the enterprise sees at most itself.
    Reply summary = P().get(base, tok("enterprise"));
    ASSERT_EQ(summary.status, 200);
    for (const auto& x : obj(summary).at("missing").as_array()) EXPECT_EQ(x.at("uscc").as_string(), own_uscc());
    Reply mine_list = P().get("/api/parks/mine", tok("enterprise"));
    ASSERT_EQ(mine_list.status, 200);
    EXPECT_GE(obj(mine_list).at("items").as_array().size(), 1u);

    // Parks, flips, what-if.
    Reply parks = P().get(base + "/parks", tok("nanning"));
    ASSERT_EQ(parks.status, 200) << parks.body;
    EXPECT_GT(obj(parks).at("items").as_array().size(), 3u);
    EXPECT_EQ(P().get(base + "/sensitivity", tok("enterprise")).status, 403);
    EXPECT_EQ(P().get(base + "/sensitivity", tok("nanning")).status, 200);
    Reply same = P().post(base + "/what-if", tok("gxt_admin"), "{}");
    ASSERT_EQ(same.status, 200) << same.body;
    EXPECT_EQ(I(obj(same), "changed"), 0);
    Reply moved =
        P().post(base + "/what-if", tok("gxt_admin"),
                 R"({"weights":{"tax_per_mu":"60"},"splits":[{"grade":"A","percent":10},{"grade":"B","percent":60},)"
                 R"({"grade":"C","percent":90},{"grade":"D","percent":100}]})");
    ASSERT_EQ(moved.status, 200) << moved.body;
    EXPECT_GT(I(obj(moved), "changed"), 0);
    EXPECT_EQ(P().post(base + "/what-if", tok("gxt_admin"), R"({"weights":{"nope":"1"}})").status, 400);
    EXPECT_EQ(P().post(base + "/what-if", tok("nanning"), "{}").status, 403);
}

TEST_P(ApiTest, ParksTablesAreReplacedWholeOrNotAtAll) {
    const std::string admin = tok("gxt_admin");
    const std::int64_t before = P().count("SELECT row_count FROM park_files WHERE table_name = 'land'");
    ASSERT_GT(before, 0);
    const std::string bad =
        "uscc,parcel_id,area_mu,tenure,park_id\n" + own_uscc() + ",X-1,12.5,owned,\n" + own_uscc() + ",X-2,0,rented,\n";
    Reply r = P().call("PUT", "/api/parks/data/land?name=land.csv", admin, bad, "Content-Type: text/csv\r\n");
    ASSERT_EQ(r.status, 422) << r.body;
    const json::object o = obj(r);
    EXPECT_EQ(I(o, "defects_total"), 2);
    const auto& d = o.at("defects").as_array();
    EXPECT_EQ(d[0].at("file").as_string(), "land.csv");
    EXPECT_EQ(d[0].at("line").as_int64(), 3);
    EXPECT_EQ(d[0].at("field").as_string(), "area_mu");
    EXPECT_EQ(d[1].at("field").as_string(), "tenure");
    EXPECT_EQ(P().count("SELECT row_count FROM park_files WHERE table_name = 'land'"), before);
    EXPECT_EQ(P().call("PUT", "/api/parks/data/land", tok("nanning"), bad, "Content-Type: text/csv\r\n").status, 403);
    EXPECT_EQ(P().call("PUT", "/api/parks/data/roads", admin, bad, "Content-Type: text/csv\r\n").status, 404);

    // A new evaluation of the demo's year; an unknown scheme or a year without data is refused.
    const std::int64_t year = P().count("SELECT MAX(year) FROM park_evaluations");
    Reply created = P().post("/api/parks/evaluations", admin,
                             "{\"scheme\":\"guangxi-default\",\"year\":" + std::to_string(year) + "}");
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_GT(I(obj(created), "rated"), 50);
    EXPECT_EQ(P().post("/api/parks/evaluations", admin, R"({"scheme":"../etc","year":2023})").status, 400);
    EXPECT_EQ(P().post("/api/parks/evaluations", admin, R"({"scheme":"no-such","year":2023})").status, 404);
    EXPECT_EQ(P().post("/api/parks/evaluations", admin, R"({"scheme":"guangxi-default","year":2001})").status, 400);
    EXPECT_EQ(P().post("/api/parks/evaluations", tok("nanning"), R"({"scheme":"guangxi-default","year":2023})").status,
              403);
}

TEST_P(ApiTest, ParksEvaluationWalksTheSharedReviewLifecycle) {
    const std::string admin = tok("gxt_admin"), ent = tok("enterprise");
    const std::int64_t year = P().count("SELECT MAX(year) FROM park_evaluations");
    Reply created =
        P().post("/api/parks/evaluations", admin,
                 "{\"scheme\":\"guangxi-default\",\"year\":" + std::to_string(year) + ",\"notice_days\":7}");
    ASSERT_EQ(created.status, 201) << created.body;
    const std::int64_t id = I(obj(created), "id");
    EXPECT_EQ(S(obj(created), "status"), "draft");
    const std::string base = "/api/parks/evaluations/" + std::to_string(id);
    // A draft is not the enterprises' to see.
    EXPECT_EQ(P().get(base + "/enterprises/" + own_uscc(), ent).status, 404);
    auto step = [&](const std::string& token, const std::string& to) {
        return P().post(base + "/transition", token, "{\"to\":" + quote(to) + "}");
    };
    // Separation of duties, from the shared lifecycle: the creator does not review.
    EXPECT_EQ(step(admin, "reviewed").status, 403);
    ASSERT_EQ(step(tok("gxt_reviewer"), "reviewed").status, 200);
    EXPECT_EQ(step(tok("gxt_reviewer"), "approved").status, 403);
    ASSERT_EQ(step(tok("gxt_approver"), "approved").status, 200);
    Reply pub = step(admin, "publicized");
    ASSERT_EQ(pub.status, 200) << pub.body;
    EXPECT_GT(I(obj(pub), "notice_until"), I(obj(pub), "notice_from"));
    EXPECT_EQ(step(admin, "effective").status, 409);  // the notice has not ended

    // The enterprise sees its row now and objects to its land area; twice is a conflict.
    EXPECT_EQ(P().get(base + "/enterprises/" + own_uscc(), ent).status, 200);
    const std::string body = R"({"clause":"land_mu","text":"地块面积登记有误，请核实。"})";
    Reply filed = P().post(base + "/objections", ent, body);
    ASSERT_EQ(filed.status, 201) << filed.body;
    EXPECT_EQ(P().post(base + "/objections", ent, body).status, 409);
    EXPECT_EQ(P().post(base + "/objections", ent, R"({"clause":"nope","text":"不存在的指标异议"})").status, 400);
    EXPECT_EQ(P().post(base + "/objections", admin, body).status, 403);
    Reply listed = P().get(base + "/objections", tok("nanning"));
    ASSERT_EQ(listed.status, 200);
    // Upheld: the evaluation is withdrawn (to be recomputed) and the enterprise no longer sees it.
    const std::string oid = std::to_string(I(obj(filed), "id"));
    EXPECT_EQ(
        P().post(base + "/objections/" + oid + "/decision", admin, R"({"decision":"upheld","reason":"短"})").status,
        400);
    Reply upheld = P().post(base + "/objections/" + oid + "/decision", admin,
                            R"({"decision":"upheld","reason":"经核实面积有误"})");
    ASSERT_EQ(upheld.status, 200) << upheld.body;
    EXPECT_EQ(S(obj(P().get(base, admin)), "status"), "withdrawn");
    EXPECT_EQ(P().get(base + "/enterprises/" + own_uscc(), ent).status, 404);
    Reply events = P().get(base + "/events", admin);
    ASSERT_EQ(events.status, 200);
    EXPECT_GE(obj(events).at("items").as_array().size(), 5u);
}

}  // namespace
}  // namespace zx::api::apitest
