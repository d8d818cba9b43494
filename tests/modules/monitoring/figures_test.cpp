// The figures' arithmetic beyond the golden tables: exact comparison where 64-bit cross products
// overflow, rounding half away from zero, ranks and their changes, industries, designations and the
// contribution of each enterprise to its city.
#include <gtest/gtest.h>

#include "core/designation.hpp"
#include "modules/monitoring/rules/figures.hpp"

namespace zx::monitoring {
namespace {

GroupFigures g(std::string key, i128 output, i128 base) {
    GroupFigures f;
    f.key = std::move(key);
    f.output = output;
    f.base = base;
    return f;
}

TEST(Figures, GrowthComparesExactlyBeyond128BitProducts) {
    // 10^22 × 10^22 leaves 128 bits: the comparison must still see a one-fen difference.
    const i128 big = static_cast<i128>(10'000'000'000LL) * 1'000'000'000'000LL;
    EXPECT_EQ(compare_growth(g("a", big + 1, big), g("b", big, big)), 1);
    EXPECT_EQ(compare_growth(g("a", big, big), g("b", 2 * big, 2 * big)), 0);
    EXPECT_EQ(compare_growth(g("a", big - 1, big), g("b", 1, 1)), -1);
}

TEST(Figures, RoundsHalfAwayFromZeroAndNeverPrintsMinusZero) {
    EXPECT_EQ(growth_text(10025, 10000), "0.3");  // 0.25 → 0.3
    EXPECT_EQ(growth_text(9995, 10000), "-0.1");  // −0.05 → −0.1
    EXPECT_EQ(growth_text(9996, 10000), "0.0");   // −0.04 → 0.0, not −0.0
    EXPECT_EQ(growth_text(10024, 10000), "0.2");  // 0.24 → 0.2
    EXPECT_EQ(growth_text(1, 0), "");             // no base, no growth
    EXPECT_EQ(points_text(-5, 100000), "-0.01");  // −0.005 → −0.01
    EXPECT_EQ(points_text(-4, 100000), "0.00");
    EXPECT_EQ(points_text(1, 0), "");
    EXPECT_EQ(yuan_text(5), "0.05");
    EXPECT_EQ(yuan_text(-123456), "-1234.56");
    EXPECT_EQ(scaled_text(0, 1), "0.0");
}

TEST(Figures, CompetitionRankingOnExactGrowth) {
    std::vector<GroupFigures> rows = {g("a", 110, 100), g("b", 220, 200), g("c", 150, 100), g("d", 5, 0),
                                      g("e", 109, 100)};
    rank_by_growth(rows);
    EXPECT_EQ(rows[2].rank, 1);
    EXPECT_EQ(rows[0].rank, 2);
    EXPECT_EQ(rows[1].rank, 2);
    EXPECT_EQ(rows[4].rank, 4);
    EXPECT_FALSE(rows[3].rank.has_value());
}

TEST(Figures, RankChangeAgainstThePreviousPeriod) {
    std::vector<GroupFigures> prev = {g("a", 120, 100), g("b", 110, 100), g("c", 1, 0)};
    rank_by_growth(prev);
    std::vector<GroupFigures> now = {g("a", 105, 100), g("b", 130, 100), g("c", 2, 1)};
    rank_by_growth(now);
    set_rank_change(now, prev);
    // Now c (+100%) 1, b (+30%) 2, a (+5%) 3.
    EXPECT_EQ(now[0].rank_change, -2);             // a fell from 1 to 3
    EXPECT_EQ(now[1].rank_change, 0);              // b stayed 2nd
    EXPECT_FALSE(now[2].rank_change.has_value());  // c had no rank before
}

TEST(Figures, JanuaryIsNotReportedAlone) {
    EXPECT_FALSE(reportable(YearMonth::of(2023, 1)));
    EXPECT_TRUE(reportable(YearMonth::of(2023, 2)));
    EXPECT_EQ(Period{YearMonth::of(2023, 6)}.label(), "1—6月");
    EXPECT_EQ(Period{YearMonth::of(2023, 6)}.base().last, YearMonth::of(2022, 6));
}

class GroupsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        // Two enterprises in 南宁 (one car maker, one power plant), one car maker in 柳州 and one in
        // 柳州 without output this year (out of the set).
        a_ = ds_.add_enterprise("91450100MA51000010", "甲汽车", 0, 3612, std::nullopt);
        b_ = ds_.add_enterprise("91450100MA51000023", "乙电力", 0, 4411, std::nullopt);
        c_ = ds_.add_enterprise("91450100MA51000031", "丙汽车", 1, 3670, std::nullopt);
        d_ = ds_.add_enterprise("91450100MA5100004X", "丁机械", 1, 3411, std::nullopt);
        ds_.add_designation({a_, Designation::kTop500, Date::of(2020, 1, 1), kOpenEnd});
        ds_.add_designation({c_, Designation::kTop500, Date::of(2023, 6, 1), kOpenEnd});
        ds_.add_designation({c_, Designation::kLittleGiant, Date::of(2020, 1, 1), Date::of(2022, 12, 31)});
        ds_.finish();
        ds_.set_output_window({YearMonth::of(2022, 1), YearMonth::of(2023, 3)});
        auto put = [&](EntId e, int y, int m, std::int64_t yuan) {
            ds_.set_output(e, YearMonth::of(y, m), yuan * 100);
        };
        put(a_, 2022, 1, 100), put(a_, 2022, 2, 100), put(a_, 2023, 1, 130), put(a_, 2023, 2, 120);
        put(b_, 2022, 2, 300), put(b_, 2023, 2, 270);
        put(c_, 2022, 1, 50), put(c_, 2023, 2, 75);
        put(d_, 2022, 1, 999), put(d_, 2023, 3, 10);  // March is after the period
        sums_ = enterprise_sums(ds_, Period{YearMonth::of(2023, 2)});
    }
    Dataset ds_;
    EntId a_{}, b_{}, c_{}, d_{};
    EnterpriseSums sums_;
};

TEST_F(GroupsTest, ByDivisionSumsTheSetWithNames) {
    const auto rows = by_division(ds_, sums_);
    ASSERT_EQ(rows.size(), 2u);  // 36 and 44; 34 has no enterprise in the set
    EXPECT_EQ(rows[0].key, "36");
    EXPECT_EQ(rows[0].label, "汽车制造业");
    EXPECT_EQ(rows[0].output, (250 + 75) * 100);
    EXPECT_EQ(rows[0].base, (200 + 50) * 100);
    EXPECT_EQ(rows[0].rank, 1);
    EXPECT_EQ(rows[1].key, "44");
    EXPECT_EQ(rows[1].rank, 2);
    const auto liuzhou = by_division(ds_, sums_, CityId{1});
    ASSERT_EQ(liuzhou.size(), 1u);
    EXPECT_EQ(liuzhou[0].output, 7500);
}

TEST_F(GroupsTest, ByDesignationCountsOverlappingValidity) {
    const auto rows = by_designation(ds_, sums_);
    // c's top500 starts in June (after the period); its little_giant ended in 2022: only a is top500.
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].key, "top500");
    EXPECT_EQ(rows[0].enterprises, 1);
    EXPECT_EQ(rows[0].output, 25000);
}

TEST_F(GroupsTest, EnterpriseContributionsLargestFirst) {
    const auto rows = enterprises_of_city(ds_, sums_, 0);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].key, "91450100MA51000010");  // +50 yuan before −30 yuan
    EXPECT_EQ(rows[0].output - rows[0].base, 5000);
    EXPECT_EQ(rows[1].output - rows[1].base, -3000);
}

}  // namespace
}  // namespace zx::monitoring
