// Exact arithmetic of the 亩均 evaluation: round_sum must decide x.xx5 boundaries exactly (doubles
// only see that a sum is far from one), compare() must stay exact past 127-bit cross products, and
// the formatters must round half away from zero for negatives too.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "modules/park_evaluation/rules/exact.hpp"

namespace zx::parks {
namespace {

i128 p10(int d) {
    i128 r = 1;
    for (int i = 0; i < d; ++i) r *= 10;
    return r;
}

std::int64_t rsum(std::vector<Frac> terms, int decimals) {
    bool ok = true;
    const std::int64_t v = round_sum(terms, decimals, ok);
    EXPECT_TRUE(ok);
    return v;
}

// ---- round_sum: a single term on and beside the half ----

TEST(ParksExact, ExactlyHalfAtTheLastDecimalRoundsUp) {
    EXPECT_EQ(rsum({{1, 8}}, 2), 13);                 // 0.125 → 0.13
    EXPECT_EQ(rsum({{12345, 1000}}, 2), 1235);        // 12.345 → 12.35
    EXPECT_EQ(rsum({{80225, 1000}}, 2), 8023);        // 80.225 → 80.23 (80.225 is not exact in binary)
    EXPECT_EQ(rsum({{1, 2}}, 0), 1);                  // 0.5 → 1
    EXPECT_EQ(rsum({{5, 2}}, 0), 3);                  // 2.5 → 3 (half up, not to even)
    EXPECT_EQ(rsum({{1, 200}}, 2), 1);                // 0.005 → 0.01
    EXPECT_EQ(rsum({{1001, 200000}}, 4), 50);         // 0.005005 → 0.0050
    EXPECT_EQ(rsum({{10049999, 1000000}}, 2), 1005);  // 10.049999 → 10.05
}

TEST(ParksExact, JustBelowTheHalfRoundsDown) {
    // 0.125 − 10^-12: the double sum is within 1e-9 of the boundary, so the exact path decides.
    EXPECT_EQ(rsum({{p10(12) / 8 - 1, p10(12)}}, 2), 12);
    EXPECT_EQ(rsum({{p10(12) / 8 + 1, p10(12)}}, 2), 13);
    EXPECT_EQ(rsum({{12344999, 1000000}}, 2), 1234);  // 12.344999
    EXPECT_EQ(rsum({{1, 3}}, 2), 33);
    EXPECT_EQ(rsum({{2, 3}}, 2), 67);
    EXPECT_EQ(rsum({{0, 7}}, 2), 0);
    EXPECT_EQ(rsum({}, 2), 0);
}

TEST(ParksExact, HugeDenominatorsWhereADoubleCannotTell) {
    // 0.5 ± 10^-30 (× 100 of 0.005 ± 10^-32): indistinguishable from 0.5 as doubles.
    const i128 q = p10(30);
    EXPECT_EQ(rsum({{q / 200 - 1, q}}, 2), 0);
    EXPECT_EQ(rsum({{q / 200, q}}, 2), 1);
    EXPECT_EQ(rsum({{q / 200 + 1, q}}, 2), 1);
    // An odd denominator near 2^126: (q ± 1)/2 ÷ q = 1/2 ± 1/(2q).
    const i128 big = (i128{1} << 126) - 1;
    EXPECT_EQ(rsum({{(big - 1) / 2, big}}, 0), 0);
    EXPECT_EQ(rsum({{(big + 1) / 2, big}}, 0), 1);
    // Two such terms: 1 − 1/q → 1; 1 + 1/q → 1; never 2.
    EXPECT_EQ(rsum({{(big - 1) / 2, big}, {(big - 1) / 2, big}}, 0), 1);
    EXPECT_EQ(rsum({{(big + 1) / 2, big}, {(big + 1) / 2, big}}, 0), 1);
}

TEST(ParksExact, SeveralHugeDenominatorsSumToJustBesideTheHalf) {
    // The product of the denominators (≈ 10^61) leaves 128 bits: the big-integer path decides.
    const i128 q = 6 * p10(30);
    // 1/3 + (q/6 − 1)/q = 1/2 − 1/q → 0; + 1/q above → 1; exactly 1/2 → 1.
    EXPECT_EQ(rsum({{1, 3}, {q / 6 - 1, q}}, 0), 0);
    EXPECT_EQ(rsum({{1, 3}, {q / 6, q}}, 0), 1);
    EXPECT_EQ(rsum({{1, 3}, {q / 6 + 1, q}}, 0), 1);
    // Same denominator twice: x/q + (q/2 − x − 1)/q = 1/2 − 1/q.
    const i128 q2 = 2 * p10(30);
    const i128 x = 123456789;
    EXPECT_EQ(rsum({{x, q2}, {q2 / 2 - x - 1, q2}}, 0), 0);
    EXPECT_EQ(rsum({{x, q2}, {q2 / 2 - x, q2}}, 0), 1);
    // Three coprime large denominators, at two decimals: whole parts add, remainders decide.
    const i128 a = p10(20) + 7, b = p10(20) + 9, c = p10(20) + 3;
    // 12.34 + 1/a·… is far from a boundary: just the whole part.
    EXPECT_EQ(rsum({{1234 * a, 100 * a}, {1, b}, {1, c}}, 2), 1234);
    // 0.0025 + 0.0025 (+ 0.001 − ε) → 0.01; 0.0025 − 1/(400a) + 0.0025 = 0.005 − ε → 0.00.
    EXPECT_EQ(rsum({{a, 400 * a}, {b, 400 * b}, {c - 1, 1000 * c}}, 2), 1);
    EXPECT_EQ(rsum({{a - 1, 400 * a}, {b, 400 * b}}, 2), 0);
    // a < b: −1/(4a) + 1/(4b) < 0 → just below the half; +1/(4a) − 1/(4b) > 0 → just above.
    EXPECT_EQ(rsum({{a - 1, 400 * a}, {b + 1, 400 * b}}, 2), 0);
    EXPECT_EQ(rsum({{a + 1, 400 * a}, {b - 1, 400 * b}}, 2), 1);
}

TEST(ParksExact, FractionalPartsSummingToExactlyHalfOrOneAndAHalf) {
    EXPECT_EQ(rsum({{1, 4}, {1, 4}}, 0), 1);                   // 0.5
    EXPECT_EQ(rsum({{1, 3}, {1, 6}}, 0), 1);                   // 0.5
    EXPECT_EQ(rsum({{1, 6}, {1, 6}, {1, 6}}, 0), 1);           // 0.5
    EXPECT_EQ(rsum({{3, 4}, {3, 4}}, 0), 2);                   // 1.5
    EXPECT_EQ(rsum({{5, 6}, {2, 3}}, 0), 2);                   // 1.5
    EXPECT_EQ(rsum({{7, 4}, {3, 4}}, 0), 3);                   // 2.5
    EXPECT_EQ(rsum({{1, 7}, {2, 7}, {3, 7}, {1, 14}}, 0), 1);  // 13/14 → 1 (no boundary)
    // Ten times 1/20 and thirty times 1/20: 0.05 is not exact in binary, the sum must still be 0.5 / 1.5.
    EXPECT_EQ(rsum(std::vector<Frac>(10, Frac{1, 20}), 0), 1);
    EXPECT_EQ(rsum(std::vector<Frac>(30, Frac{1, 20}), 0), 2);
    EXPECT_EQ(rsum(std::vector<Frac>(9, Frac{1, 20}), 0), 0);  // 0.45
    // 0.1 + 0.1 + 0.1 + 0.2 = 0.5 (as doubles 0.5000000000000001 or so).
    EXPECT_EQ(rsum({{1, 10}, {1, 10}, {1, 10}, {1, 5}}, 0), 1);
    // At two decimals: 0.0025 + 0.0025 = 0.005 → 0.01; 0.00125 × 12 = 0.015 → 0.02.
    EXPECT_EQ(rsum({{1, 400}, {1, 400}}, 2), 1);
    EXPECT_EQ(rsum(std::vector<Frac>(12, Frac{1, 800}), 2), 2);
    // Scores as the scorer builds them: 30·(1/3) + 20·(2/7) + 15·(1/6) + ... exactly 24.215 → 24.22.
    EXPECT_EQ(rsum({{30, 3}, {40, 7}, {15, 6}, {24215 * 42 - 420000 - 240000 - 105000, 42000}}, 2), 2422);
    // 1.5 from several remainders each below 1: 0.7 + 0.4 + 0.4 = 1.5 → 2.
    EXPECT_EQ(rsum({{7, 10}, {2, 5}, {2, 5}}, 0), 2);
    EXPECT_EQ(rsum({{9, 10}, {9, 10}}, 0), 2);           // 1.8
    EXPECT_EQ(rsum({{7, 10}, {7, 10}, {7, 10}}, 0), 2);  // 2.1
}

TEST(ParksExact, OverflowIsReportedNotGuessed) {
    bool ok = true;
    round_sum(std::vector<Frac>{{i128{1} << 125, 1}}, 2, ok);
    EXPECT_FALSE(ok);
    ok = true;
    EXPECT_EQ(round_frac({i128{1} << 100, i128{1} << 100}, 2, ok), 100);
    EXPECT_TRUE(ok);
}

// ---- compare ----

TEST(ParksExact, CompareBeyond127BitProducts) {
    const i128 e30 = p10(30);
    // 10^30/(10^30+1) vs (10^30−1)/10^30: cross products 10^60 vs 10^60 − 1.
    EXPECT_EQ(compare({e30, e30 + 1}, {e30 - 1, e30}), 1);
    EXPECT_EQ(compare({e30 - 1, e30}, {e30, e30 + 1}), -1);
    // Equal values, differently scaled.
    EXPECT_EQ(compare({3 * e30, 6 * e30}, {e30, 2 * e30}), 0);
    EXPECT_EQ(compare({-3 * e30, 6 * e30}, {-e30, 2 * e30}), 0);
    // Both negative: the larger magnitude is the smaller value.
    EXPECT_EQ(compare({-e30, e30 + 1}, {-(e30 - 1), e30}), -1);
    EXPECT_EQ(compare({-(e30 - 1), e30}, {-e30, e30 + 1}), 1);
    // Mixed signs with overflowing products.
    EXPECT_EQ(compare({-e30, e30 + 1}, {5, e30}), -1);
    EXPECT_EQ(compare({e30, 3}, {-e30, 7 * e30}), 1);
    // Zero against anything, with huge denominators.
    EXPECT_EQ(compare({0, e30}, {0, 7 * e30}), 0);
    EXPECT_EQ(compare({0, e30}, {-e30, e30 + 3}), 1);
    EXPECT_EQ(compare({0, e30}, {e30, 7}), -1);
    // Near 2^126 on both sides.
    const i128 big = (i128{1} << 126) - 1;
    EXPECT_EQ(compare({big, big - 1}, {big - 1, big - 2}), -1);  // 1 + 1/(big−1) < 1 + 1/(big−2)
    EXPECT_EQ(compare({big - 1, big}, {big - 2, big - 1}), 1);   // 1 − 1/big > 1 − 1/(big−1)
    EXPECT_EQ(compare({big, big}, {1, 1}), 0);
    // Small values still take the fast path.
    EXPECT_EQ(compare({1, 3}, {2, 6}), 0);
    EXPECT_EQ(compare({1, 3}, {1, 2}), -1);
}

// ---- formatting ----

TEST(ParksExact, FormatFixed) {
    EXPECT_EQ(format_fixed(1234, 2), "12.34");
    EXPECT_EQ(format_fixed(-5, 2), "-0.05");
    EXPECT_EQ(format_fixed(-100, 2), "-1.00");
    EXPECT_EQ(format_fixed(-123456, 4), "-12.3456");
    EXPECT_EQ(format_fixed(0, 2), "0.00");
    EXPECT_EQ(format_fixed(7, 0), "7");
    EXPECT_EQ(format_fixed(-7, 0), "-7");
    EXPECT_EQ(format_fixed(5, 3), "0.005");
    EXPECT_EQ(format_fixed(std::numeric_limits<std::int64_t>::min(), 2), "-92233720368547758.08");
    EXPECT_EQ(format_fixed(std::numeric_limits<std::int64_t>::max(), 2), "92233720368547758.07");
}

TEST(ParksExact, FormatFracRoundsHalfAwayFromZero) {
    EXPECT_EQ(format_frac({1, 8}, 2), "0.13");
    EXPECT_EQ(format_frac({-1, 8}, 2), "-0.13");
    EXPECT_EQ(format_frac({-1, 3}, 2), "-0.33");
    EXPECT_EQ(format_frac({-2, 3}, 2), "-0.67");
    EXPECT_EQ(format_frac({-1, 200}, 2), "-0.01");
    EXPECT_EQ(format_frac({-1, 1000}, 2), "0.00");  // rounds to zero: no "-0.00"
    EXPECT_EQ(format_frac({-200000, 900000}, 2), "-0.22");
    EXPECT_EQ(format_frac({-10, 9}, 2), "-1.11");
    EXPECT_EQ(format_frac({-3, 2}, 0), "-2");
    EXPECT_EQ(format_frac({5, 2}, 0), "3");
    EXPECT_EQ(format_frac({-24097, 1000}, 2), "-24.10");
}

TEST(ParksExact, FormatFracShortDropsTrailingZerosOnly) {
    EXPECT_EQ(format_frac_short({30, 1}, 4), "30");
    EXPECT_EQ(format_frac_short({1, 20}, 4), "0.05");
    EXPECT_EQ(format_frac_short({25, 2}, 4), "12.5");
    EXPECT_EQ(format_frac_short({-25, 2}, 4), "-12.5");
    EXPECT_EQ(format_frac_short({-1, 20}, 4), "-0.05");
    EXPECT_EQ(format_frac_short({-1, 3}, 4), "-0.3333");
    EXPECT_EQ(format_frac_short({-2, 3}, 4), "-0.6667");
    EXPECT_EQ(format_frac_short({100, 1}, 0), "100");  // no point: the zeros of the integer stay
    EXPECT_EQ(format_frac_short({100, 1}, 2), "100");
    EXPECT_EQ(format_frac_short({-100, 1}, 2), "-100");
    EXPECT_EQ(format_frac_short({0, 1}, 2), "0");
    EXPECT_EQ(format_frac_short({-1, 1000000}, 4), "0");
    EXPECT_EQ(format_frac_short({24097, 1000}, 6), "24.097");
    EXPECT_EQ(format_frac_short({1, 10000}, 4), "0.0001");
}

}  // namespace
}  // namespace zx::parks
