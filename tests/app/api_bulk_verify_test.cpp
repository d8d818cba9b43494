// The API suite (api_fixture.hpp), part 11: bulk 核定 (issue 8, item 11): count first, then confirm the
// count; all-or-nothing; within the city's scope; one audit entry.
#include <gtest/gtest.h>

#include "app/api_fixture.hpp"

namespace zx::api::apitest {
namespace {

TEST_P(ApiTest, BulkVerifyCountsThenConfirmsAllOrNothing) {
    const std::string nn = tok("nanning");
    // The first two pending months of 南宁市 (a later one stays pending for the list case below).
    const std::string month = P().one(
        "SELECT MIN(o.month) FROM output o JOIN enterprises e ON e.uscc = o.uscc WHERE e.city = $1 AND o.status = "
        "'pending'",
        {T(kNanning)});
    const std::string last = P().one(
        "SELECT DISTINCT o.month FROM output o JOIN enterprises e ON e.uscc = o.uscc WHERE e.city = $1 AND o.status = "
        "'pending' ORDER BY o.month LIMIT 1 OFFSET 1",
        {T(kNanning)});
    ASSERT_FALSE(month.empty());
    auto pending_in = [&](const std::string& city) {
        return P().count(
            "SELECT COUNT(*) FROM output o JOIN enterprises e ON e.uscc = o.uscc WHERE e.city = $1 AND o.month >= $2 "
            "AND o.month <= $3 AND o.status = 'pending'",
            {T(city), T(month), T(last)});
    };
    const std::int64_t n = pending_in(kNanning);
    const std::int64_t lz = pending_in(kLiuzhou);
    ASSERT_GT(n, 1);
    const std::int64_t version = P().count("SELECT verified_version FROM data_version WHERE id = 1");
    const std::string filter = "\"filter\":{\"month_from\":" + quote(month) + ",\"month_to\":" + quote(last) + "}";
    auto bulk = [&](const std::string& body) { return P().post("/api/output/verify-bulk", nn, body); };

    // Without expected_count: the count, nothing changed.
    Reply dry = bulk("{" + filter + ",\"action\":\"verify\"}");
    ASSERT_EQ(dry.status, 200) << dry.body;
    EXPECT_EQ(I(obj(dry), "count"), n);
    EXPECT_EQ(I(obj(dry), "changed"), 0);
    EXPECT_TRUE(B(obj(dry), "dry_run"));
    EXPECT_EQ(pending_in(kNanning), n);

    // A count that is not the actual one: 409, nothing changed.
    Reply stale = bulk("{" + filter + ",\"action\":\"verify\",\"expected_count\":" + std::to_string(n + 1) + "}");
    EXPECT_EQ(stale.status, 409) << stale.body;
    EXPECT_EQ(pending_in(kNanning), n);
    EXPECT_EQ(P().count("SELECT verified_version FROM data_version WHERE id = 1"), version);

    // A rejection needs a reason; another city's filter is outside the scope (0); unknown values are 422.
    EXPECT_EQ(bulk("{" + filter + ",\"action\":\"reject\",\"reason\":\"\u3000\"}").status, 400);
    Reply other = bulk("{\"filter\":{\"city\":" + quote(kLiuzhou) + "},\"action\":\"verify\"}");
    ASSERT_EQ(other.status, 200);
    EXPECT_EQ(I(obj(other), "count"), 0);
    EXPECT_EQ(bulk("{\"filter\":{\"city\":\"南宁\"},\"action\":\"verify\"}").status, 422);
    EXPECT_EQ(bulk("{\"action\":\"verify\"}").status, 400);

    // Confirmed: exactly those months, one audit entry, the verified data version moves.
    Reply done = bulk("{" + filter + ",\"action\":\"verify\",\"expected_count\":" + std::to_string(n) + "}");
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_EQ(I(obj(done), "changed"), n);
    EXPECT_FALSE(B(obj(done), "dry_run"));
    EXPECT_EQ(pending_in(kNanning), 0);
    EXPECT_EQ(pending_in(kLiuzhou), lz);
    EXPECT_GT(P().count("SELECT verified_version FROM data_version WHERE id = 1"), version);
    const std::string after =
        P().one("SELECT after_json FROM audit_log WHERE action = 'output.verify_bulk' ORDER BY id DESC LIMIT 1");
    EXPECT_TRUE(contains(after, "\"count\":" + std::to_string(n))) << after;

    // Explicit items: one outside the scope and nothing changes; one not pending is a conflict.
    const auto [pu, pm] = city_month(kNanning, "pending");
    const auto [lu, lm] = city_month(kLiuzhou, "pending");
    const auto [vu, vm] = city_month(kNanning, "verified");
    ASSERT_FALSE(pu.empty() || lu.empty() || vu.empty());
    auto item = [](const std::string& u, const std::string& m) {
        return "{\"uscc\":" + quote(u) + ",\"month\":" + quote(m) + "}";
    };
    Reply foreign = bulk("{\"items\":[" + item(pu, pm) + "," + item(lu, lm) +
                         "],\"action\":\"reject\",\"reason\":\"数据不符\",\"expected_count\":2}");
    EXPECT_EQ(foreign.status, 404) << foreign.body;
    expect_bare_error(foreign, {name_of(lu)}, "bulk item of another city");
    Reply not_pending =
        bulk("{\"items\":[" + item(pu, pm) + "," + item(vu, vm) + "],\"action\":\"verify\",\"expected_count\":2}");
    EXPECT_EQ(not_pending.status, 409) << not_pending.body;
    EXPECT_EQ(output_status(pu, pm).substr(0, 8), "pending/");
    Reply one = bulk("{\"items\":[" + item(pu, pm) +
                     "],\"action\":\"reject\",\"reason\":\"与税务数据不符\",\"expected_count\":1}");
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(output_status(pu, pm).substr(0, 9), "rejected/");

    // Only the city verifies.
    EXPECT_EQ(P().post("/api/output/verify-bulk", tok("gxt_admin"), "{" + filter + ",\"action\":\"verify\"}").status,
              403);
}

}  // namespace
}  // namespace zx::api::apitest
