#include "core/money.hpp"

#include <gtest/gtest.h>

namespace zx {
namespace {

std::int64_t fen_of(std::string_view s) {
    std::int64_t f = -1;
    EXPECT_EQ(parse_yuan(s, f), AmountError::kNone) << s;
    return f;
}

TEST(ParseYuan, AcceptsUpToTwoDecimals) {
    EXPECT_EQ(fen_of("0"), 0);
    EXPECT_EQ(fen_of("12"), 1200);
    EXPECT_EQ(fen_of("12.3"), 1230);
    EXPECT_EQ(fen_of("12.34"), 1234);
    EXPECT_EQ(fen_of("10000001.00"), 1000000100);
    EXPECT_EQ(fen_of("11200001.12"), 1120000112);
    EXPECT_EQ(fen_of("12.340"), 1234);  // trailing zeros are not extra precision
    EXPECT_EQ(fen_of("+5"), 500);
    EXPECT_EQ(fen_of("-0"), 0);
}

TEST(ParseYuan, RejectsWhatIsNotAnExactAmount) {
    std::int64_t f = 0;
    EXPECT_EQ(parse_yuan("", f), AmountError::kEmpty);
    EXPECT_EQ(parse_yuan("12.345", f), AmountError::kTooManyDecimals);
    EXPECT_EQ(parse_yuan("-1", f), AmountError::kNegative);
    EXPECT_EQ(parse_yuan("1,000", f), AmountError::kMalformed);
    EXPECT_EQ(parse_yuan("1e6", f), AmountError::kMalformed);
    EXPECT_EQ(parse_yuan("12.", f), AmountError::kMalformed);
    EXPECT_EQ(parse_yuan(".5", f), AmountError::kMalformed);
    EXPECT_EQ(parse_yuan("abc", f), AmountError::kMalformed);
    EXPECT_EQ(parse_yuan(" 1", f), AmountError::kMalformed);
    EXPECT_EQ(parse_yuan("99999999999999999999", f), AmountError::kTooLarge);
}

TEST(Ratio, ParsesPercentagesExactly) {
    EXPECT_EQ(*parse_ratio("12%"), (Ratio{3, 25}));
    EXPECT_EQ(*parse_ratio("1.5%"), (Ratio{3, 200}));
    EXPECT_EQ(*parse_ratio("0%"), (Ratio{0, 1}));
    EXPECT_EQ(*parse_ratio("0.12"), (Ratio{3, 25}));
    EXPECT_FALSE(parse_ratio("%"));
    EXPECT_FALSE(parse_ratio("abc%"));
    EXPECT_FALSE(parse_ratio("1.2.3%"));
    EXPECT_EQ(format_percent(*parse_ratio("12%")), "12%");
    EXPECT_EQ(format_percent(*parse_ratio("1.5%")), "1.5%");
}

TEST(Format, YuanAndWan) {
    EXPECT_EQ(format_yuan(123456789), "1,234,567.89");
    EXPECT_EQ(format_yuan(5), "0.05");
    EXPECT_EQ(format_int_grouped(1000000), "1,000,000");
    EXPECT_EQ(format_wan_exact(6000000000), "6,000.00");  // 6,000万元
    EXPECT_EQ(format_wan_exact(5000000001), "5,000.000001");
    EXPECT_EQ(format_wan_exact(123456), "0.123456");
    EXPECT_EQ(format_wan2(5000000001), "5,000.00");
    EXPECT_EQ(format_wan2(123456), "0.12");
}

TEST(Format, GrowthIsTruncatedSoTwelvePercentIsNeverOverstated) {
    EXPECT_EQ(format_growth_percent(112, 100), "12.00%");
    EXPECT_EQ(format_growth_percent(1120000111, 1000000100), "11.99%");  // one fen short of 12%
    EXPECT_EQ(format_growth_percent(1120000112, 1000000100), "12.00%");
    EXPECT_EQ(format_growth_percent(90, 100), "-10.00%");
    EXPECT_EQ(format_growth_percent(99999, 100000), "-0.01%");
}

TEST(Money, FloorYuan) {
    EXPECT_EQ(Money::from_fen(199).floor_yuan(), 1);
    EXPECT_EQ(Money::from_fen(-1).floor_yuan(), -1);
    EXPECT_EQ((Money::from_yuan(2) + Money::from_fen(5)).fen(), 205);
}

}  // namespace
}  // namespace zx
