// apply_budget on its own: the largest-remainder scaling of award rows to a budget, its tie-breaking by
// USCC, and its invariants on random awards.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <tuple>
#include <vector>

#include "core/dataset.hpp"
#include "modules/awards/rules/evaluator.hpp"
#include "modules/awards/rules_test_support.hpp"

namespace zx {
namespace {

__extension__ typedef __int128 i128;  // exact products of money and budget
using test::make_uscc;

// A dataset of n enterprises with increasing USCCs, for apply_budget.
Dataset enterprises(int n) {
    Dataset d;
    for (int i = 0; i < n; ++i) d.add_enterprise(make_uscc(i + 1), "测试企业", 0, 3612, std::nullopt);
    d.finish();
    return d;
}

AwardRow award_row(EntId e, std::uint16_t clause, std::uint16_t period, std::int64_t capped) {
    AwardRow r;
    r.ent = e;
    r.clause = clause;
    r.period = period;
    r.computed_yuan = capped;
    r.capped_yuan = capped;
    r.amount_yuan = capped;
    return r;
}

TEST(BudgetTest, TiesGoToTheSmallerUscc) {
    const Dataset d = enterprises(3);
    // 10, 10, 10 with budget 20: 10 × 20 = 200 = 6 × 30 + 20 each; floors 18, 2 left over for three
    // equal remainders → the two smallest USCCs. Rows are listed largest USCC first on purpose.
    std::vector<AwardRow> rows = {award_row(2, 0, 0, 10), award_row(1, 0, 0, 10), award_row(0, 0, 0, 10)};
    EXPECT_TRUE(apply_budget(rows, 20, d));
    EXPECT_EQ(rows[0].amount_yuan, 6);  // ent 2, largest USCC
    EXPECT_EQ(rows[1].amount_yuan, 7);
    EXPECT_EQ(rows[2].amount_yuan, 7);
    // 1, 1, 1 with budget 1: floors 0, one yuan → the smallest USCC.
    rows = {award_row(1, 0, 0, 1), award_row(2, 0, 0, 1), award_row(0, 0, 0, 1)};
    EXPECT_TRUE(apply_budget(rows, 1, d));
    EXPECT_EQ(rows[0].amount_yuan, 0);
    EXPECT_EQ(rows[1].amount_yuan, 0);
    EXPECT_EQ(rows[2].amount_yuan, 1);
}

TEST(BudgetTest, LargestRemainderBeatsUsccOrder) {
    const Dataset d = enterprises(3);
    // 100, 200, 400 (T = 700) with budget 100: 10,000 = 14 × 700 + 200; 20,000 = 28 × 700 + 400;
    // 40,000 = 57 × 700 + 100. Floors 99, 1 left → the largest remainder (400: ent 1), not ent 0.
    std::vector<AwardRow> rows = {award_row(0, 0, 0, 100), award_row(1, 0, 0, 200), award_row(2, 0, 0, 400)};
    EXPECT_TRUE(apply_budget(rows, 100, d));
    EXPECT_EQ(rows[0].amount_yuan, 14);
    EXPECT_EQ(rows[1].amount_yuan, 29);
    EXPECT_EQ(rows[2].amount_yuan, 57);
}

TEST(BudgetTest, UntouchedWhenTotalWithinBudget) {
    const Dataset d = enterprises(2);
    std::vector<AwardRow> rows = {award_row(0, 0, 0, 300), award_row(1, 1, 0, 700), award_row(1, 2, 0, 0)};
    EXPECT_FALSE(apply_budget(rows, 1000, d));  // equal
    EXPECT_EQ(rows[0].amount_yuan, 300);
    EXPECT_EQ(rows[1].amount_yuan, 700);
    EXPECT_FALSE(apply_budget(rows, 5000, d));  // below
    EXPECT_EQ(rows[0].amount_yuan, 300);
    EXPECT_EQ(rows[1].amount_yuan, 700);
    EXPECT_EQ(rows[2].amount_yuan, 0);
}

TEST(BudgetTest, InvariantsOnRandomAwards) {
    constexpr int kEnterprises = 40;
    const Dataset d = enterprises(kEnterprises);
    std::mt19937_64 rng(20230101);
    for (int iter = 0; iter < 500; ++iter) {
        const int n = std::uniform_int_distribution<int>(1, 80)(rng);
        std::vector<AwardRow> rows;
        std::int64_t total = 0;
        const std::int64_t hi = std::uniform_int_distribution<int>(0, 1)(rng) ? 5'000'000 : 50;  // small: many ties
        for (int i = 0; i < n; ++i) {
            const auto e = static_cast<EntId>(std::uniform_int_distribution<int>(0, kEnterprises - 1)(rng));
            const auto clause = static_cast<std::uint16_t>(std::uniform_int_distribution<int>(0, 2)(rng));
            const auto period = static_cast<std::uint16_t>(i);  // keeps (ent, clause, period) unique
            std::int64_t award = std::uniform_int_distribution<std::int64_t>(0, hi)(rng);
            if (std::uniform_int_distribution<int>(0, 9)(rng) == 0) award = 0;
            rows.push_back(award_row(e, clause, period, award));
            total += award;
        }
        const std::int64_t budget = std::uniform_int_distribution<std::int64_t>(0, total + total / 4)(rng);
        std::vector<AwardRow> scaled = rows;
        const bool did = apply_budget(scaled, budget, d);
        SCOPED_TRACE("iteration " + std::to_string(iter) + " total " + std::to_string(total) + " budget " +
                     std::to_string(budget));
        ASSERT_EQ(did, total > budget);

        std::int64_t paid = 0;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const std::int64_t award = rows[i].capped_yuan;
            const std::int64_t got = scaled[i].amount_yuan;
            paid += got;
            EXPECT_EQ(scaled[i].capped_yuan, award);
            if (!did) {
                EXPECT_EQ(got, award);
                continue;
            }
            EXPECT_LE(got, award);  // no award increases
            EXPECT_GE(got, 0);
            // Within 1 yuan of the exact share award × B ÷ T: floor or floor + 1, and exact when it divides.
            const i128 exact_num = static_cast<i128>(award) * budget;
            const auto floor_share = static_cast<std::int64_t>(exact_num / total);
            EXPECT_GE(got, floor_share);
            EXPECT_LE(got, floor_share + 1);
            if (exact_num % total == 0) {
                EXPECT_EQ(got, floor_share);
            }
        }
        EXPECT_EQ(paid, did ? budget : total);
        if (!did) continue;

        // Largest remainders first, ties by USCC: a row that got the extra yuan never has a smaller remainder
        // than one that did not (nor an equal remainder and a larger USCC).
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const i128 ri = static_cast<i128>(rows[i].capped_yuan) * budget % total;
            const bool up_i =
                static_cast<i128>(scaled[i].amount_yuan) * total > static_cast<i128>(rows[i].capped_yuan) * budget;
            if (!up_i) continue;
            for (std::size_t j = 0; j < rows.size(); ++j) {
                const i128 rj = static_cast<i128>(rows[j].capped_yuan) * budget % total;
                const bool up_j =
                    static_cast<i128>(scaled[j].amount_yuan) * total > static_cast<i128>(rows[j].capped_yuan) * budget;
                if (up_j || rj == 0) continue;
                EXPECT_GE(ri, rj);
                if (ri == rj && rows[i].ent != rows[j].ent) {
                    EXPECT_LT(d.uscc(rows[i].ent), d.uscc(rows[j].ent));
                }
            }
        }

        // Deterministic: the order of the rows does not change who gets what.
        std::vector<AwardRow> shuffled = rows;
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        apply_budget(shuffled, budget, d);
        std::map<std::tuple<EntId, int, int>, std::int64_t> by_key;
        for (const auto& r : scaled) by_key[{r.ent, r.clause, r.period}] = r.amount_yuan;
        for (const auto& r : shuffled) EXPECT_EQ(r.amount_yuan, (by_key[{r.ent, r.clause, r.period}]));
    }
}

}  // namespace
}  // namespace zx
