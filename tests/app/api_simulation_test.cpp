// The API suite (api_fixture.hpp): 政策模拟 over the verified data, its parameters and saved scenarios.
#include <gtest/gtest.h>

#include "app/api_fixture.hpp"

namespace zx::api::apitest {
namespace {

std::int64_t total(const json::object& sim, const char* side) {
    return I(sim.at(side).as_object(), "total_yuan");
}

TEST_P(ApiTest, SimulationComparesWithThePolicyAsFiledAndReusesTheSnapshot) {
    const std::string admin = tok("gxt_admin");
    // The baseline is the policy as filed: it pays what an award run over the same data pays.
    Reply run = P().post("/api/runs", admin, R"({"policy":"guangxi-2023","notice_days":0,"confirm_pending":true})");
    ASSERT_EQ(run.status, 201) << run.body;
    Reply same = P().post("/api/simulate", admin, R"({"policy":"guangxi-2023"})");
    ASSERT_EQ(same.status, 200) << same.body;
    const json::object s0 = obj(same);
    EXPECT_EQ(total(s0, "baseline"), I(obj(run), "total_yuan"));
    EXPECT_EQ(total(s0, "scenario"), total(s0, "baseline")) << "no setting: no change";
    EXPECT_EQ(S(s0, "data_hash"), S(obj(run), "data_hash"));
    EXPECT_EQ(I(s0.at("changes").as_object(), "gainers"), 0);

    // A stricter growth minimum pays less and to fewer; the snapshot is reused.
    Reply strict = P().post("/api/simulate", admin,
                            R"({"policy":"guangxi-2023","set":{"clause2.growth_min":"30%"},"changes_limit":5})");
    ASSERT_EQ(strict.status, 200) << strict.body;
    const json::object s1 = obj(strict);
    EXPECT_TRUE(s1.at("snapshot_reused").as_bool());
    EXPECT_LT(total(s1, "scenario"), total(s1, "baseline"));
    const json::object& ch = s1.at("changes").as_object();
    EXPECT_GT(I(ch, "losers"), 0);
    const json::array& items = ch.at("items").as_array();
    ASSERT_FALSE(items.empty());
    EXPECT_LE(items.size(), 5u);
    EXPECT_LT(I(items[0].as_object(), "after_yuan"), I(items[0].as_object(), "before_yuan"));
    std::int64_t by_clause = 0;
    for (const auto& l : s1.at("scenario").as_object().at("by_clause").as_array())  // s1 outlives the loop
        by_clause += I(l.as_object(), "total_yuan");
    EXPECT_EQ(by_clause, total(s1, "scenario")) << "the clause lines add up to the total";

    // A budget below the cost scales the scenario to it exactly.
    Reply budget = P().post("/api/simulate", admin, R"({"policy":"guangxi-2023","budget_yuan":1000000})");
    ASSERT_EQ(budget.status, 200) << budget.body;
    const json::object scaled = obj(budget);
    EXPECT_EQ(total(scaled, "scenario"), 1000000);
    EXPECT_TRUE(scaled.at("scenario").as_object().at("budget_scaled").as_bool());

    // New verified data is seen: the fingerprint changes, the snapshot is rebuilt.
    Targets t = find_targets(
        P(), [&](const std::string& u, const std::string& k, const std::string& c) { return upload(u, k, c); });
    Reply verify = P().post(
        "/api/output/verify", tok("nanning"),
        "{\"uscc\":" + quote(t.verify_uscc) + ",\"months\":[" + quote(t.verify_month) + "],\"action\":\"verify\"}");
    ASSERT_EQ(verify.status, 200) << verify.body;
    Reply after = P().post("/api/simulate", admin, R"({"policy":"guangxi-2023"})");
    ASSERT_EQ(after.status, 200);
    EXPECT_FALSE(obj(after).at("snapshot_reused").as_bool());
}

TEST_P(ApiTest, SimulationRefusesBadSettingsNamingThem) {
    const std::string admin = tok("gxt_admin");
    Reply bad = P().call("POST", "/api/simulate", admin, R"({"policy":"guangxi-2023","set":{"clause9.rate":"1%"}})",
                         "Accept-Language: en\r\n");
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_TRUE(contains(error_message(bad), "clause9")) << bad.body;
    EXPECT_EQ(P().post("/api/simulate", admin, R"({"policy":"guangxi-2023","set":{"clause2.rate":"lots"}})").status,
              400);
    EXPECT_EQ(P().post("/api/simulate", admin, R"({"policy":"no-such"})").status, 404);
    EXPECT_EQ(P().post("/api/simulate", admin, R"({"policy":"guangxi-2023","set":[1]})").status, 400);
    EXPECT_EQ(P().post("/api/simulate", admin, R"({"policy":"guangxi-2023","budget_yuan":-5})").status, 400);
    EXPECT_EQ(P().post("/api/simulate", tok("nanning"), R"({"policy":"guangxi-2023"})").status, 403);
}

TEST_P(ApiTest, SimulationParametersAndSavedScenarios) {
    const std::string admin = tok("gxt_admin");
    Reply params = P().get("/api/policies/guangxi-2023/parameters", admin);
    ASSERT_EQ(params.status, 200) << params.body;
    bool growth = false;
    const json::object offered = obj(params);
    for (const auto& p : offered.at("items").as_array()) {
        const json::object& o = p.as_object();
        if (S(o, "key") == "clause2.growth_min") {
            growth = true;
            EXPECT_EQ(S(o, "kind"), "percent");
            EXPECT_EQ(S(o, "value"), "12%");
        }
        // Every offered key is one the simulation accepts, at its current value.
        Reply one =
            P().post("/api/simulate", admin,
                     "{\"policy\":\"guangxi-2023\",\"set\":{" + quote(S(o, "key")) + ":" + quote(S(o, "value")) + "}}");
        EXPECT_EQ(one.status, 200) << S(o, "key") << ": " << one.body;
        if (one.status == 200) {
            const json::object sim = obj(one);
            EXPECT_EQ(total(sim, "scenario"), total(sim, "baseline")) << S(o, "key");
        }
    }
    EXPECT_TRUE(growth);

    Reply saved = P().post("/api/scenarios", admin,
                           R"({"name":"增速15%","policy":"guangxi-2023","set":{"clause2.growth_min":"15%"}})");
    ASSERT_EQ(saved.status, 201) << saved.body;
    Reply list = P().get("/api/scenarios", admin);
    ASSERT_EQ(list.status, 200);
    bool found = false;
    const json::object listed = obj(list);
    const std::int64_t saved_id = I(obj(saved), "id");
    for (const auto& s : listed.at("items").as_array()) {
        const json::object& o = s.as_object();
        if (I(o, "id") != saved_id) continue;
        found = true;
        EXPECT_EQ(S(o, "name"), "增速15%");
        EXPECT_EQ(S(o.at("set").as_object(), "clause2.growth_min"), "15%");
    }
    EXPECT_TRUE(found);
    EXPECT_EQ(P().post("/api/scenarios", admin, R"({"name":"x","policy":"guangxi-2023","set":{"nope":"1"}})").status,
              400);
    EXPECT_EQ(P().get("/api/scenarios", tok("enterprise")).status, 403);
}

}  // namespace
}  // namespace zx::api::apitest
