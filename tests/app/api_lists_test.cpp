// The API suite (api_fixture.hpp): the upload history, enterprise filters, designations, and what
// /api/auth/me tells the interface about the session.
#include <gtest/gtest.h>

#include "app/api_fixture.hpp"

namespace zx::api::apitest {
namespace {

TEST_P(ApiTest, UploadHistoryIsScopedToTheCity) {
    Reply up = upload("nanning", "output", "uscc,month,output_yuan\nnot-a-uscc,2024-01,1\n");
    ASSERT_EQ(up.status, 422) << up.body;
    const std::int64_t id = I(obj(up), "upload_id");
    auto listed_by = [&](const std::string& user) {
        Reply r = P().get("/api/uploads?page_size=100", tok(user));
        EXPECT_EQ(r.status, 200) << r.body;
        const json::object page = obj(r);
        for (const auto& u : page.at("items").as_array())
            if (I(u.as_object(), "id") == id) return u.as_object();
        return json::object{};
    };
    const json::object mine = listed_by("nanning");
    ASSERT_FALSE(mine.empty()) << "the uploader's city sees its upload";
    EXPECT_EQ(S(mine, "kind"), "output");
    EXPECT_FALSE(mine.at("accepted").as_bool());
    EXPECT_GE(I(mine, "defects_total"), 1);
    EXPECT_EQ(S(mine, "username"), "nanning");
    EXPECT_FALSE(listed_by("gxt_admin").empty()) << "the province sees every upload";
    EXPECT_TRUE(listed_by("liuzhou").empty()) << "another city does not";
    EXPECT_EQ(P().get("/api/uploads", tok("enterprise")).status, 403);
}

TEST_P(ApiTest, EnterpriseFiltersByIndustryAndDesignationNarrowTheList) {
    const std::string admin = tok("gxt_admin");
    const std::int64_t all = I(obj(P().get("/api/enterprises?page_size=1", admin)), "total");
    const std::string industry = P().one("SELECT industry FROM enterprises ORDER BY uscc LIMIT 1");
    const std::string prefix = industry.substr(0, 2);
    const std::int64_t expect_industry =
        std::stoll(P().one("SELECT COUNT(*) FROM enterprises WHERE industry LIKE $1", {T(prefix + "%")}));
    Reply by_industry = P().get("/api/enterprises?page_size=500&industry=" + prefix, admin);
    ASSERT_EQ(by_industry.status, 200) << by_industry.body;
    const json::object bi = obj(by_industry);
    EXPECT_EQ(I(bi, "total"), expect_industry);
    EXPECT_LT(I(bi, "total"), all);
    for (const auto& e : bi.at("items").as_array()) EXPECT_EQ(S(e.as_object(), "industry").substr(0, 2), prefix);

    Reply codes = P().get("/api/designations");
    ASSERT_EQ(codes.status, 200);
    EXPECT_EQ(obj(codes).at("items").as_array().size(), 7u);
    const std::string des =
        P().one("SELECT designation FROM designations WHERE valid_to IS NULL OR valid_to = '' LIMIT 1");
    ASSERT_FALSE(des.empty());
    Reply by_des = P().get("/api/enterprises?page_size=1&designation=" + des, admin);
    ASSERT_EQ(by_des.status, 200) << by_des.body;
    EXPECT_GT(I(obj(by_des), "total"), 0);
    EXPECT_LT(I(obj(by_des), "total"), all);
    EXPECT_EQ(P().get("/api/enterprises?designation=nonsense", admin).status, 422);
    EXPECT_EQ(P().get("/api/enterprises?industry=3x", admin).status, 422);
    // A filter narrows the scope, never widens it: a city filtering by industry sees only its city.
    Reply city = P().get("/api/enterprises?page_size=500&industry=" + prefix, tok("nanning"));
    ASSERT_EQ(city.status, 200);
    const json::object ci = obj(city);
    for (const auto& e : ci.at("items").as_array()) EXPECT_EQ(S(e.as_object(), "city"), kNanning);
}

TEST_P(ApiTest, MeTellsTheIdleTimeout) {
    Reply me = P().get("/api/auth/me", tok("nanning"));
    ASSERT_EQ(me.status, 200);
    EXPECT_EQ(I(obj(me), "idle_timeout_minutes"), 30);
}

}  // namespace
}  // namespace zx::api::apitest
