#include "core/calendar.hpp"

#include <gtest/gtest.h>

namespace zx {
namespace {

TEST(Calendar, MonthsParseStrictly) {
    ASSERT_TRUE(parse_year_month("2023-01"));
    EXPECT_EQ(parse_year_month("2023-12")->month(), 12);
    EXPECT_FALSE(parse_year_month("2023-13"));
    EXPECT_FALSE(parse_year_month("2023-00"));
    EXPECT_FALSE(parse_year_month("2023-1"));
    EXPECT_FALSE(parse_year_month("2023/01"));
    EXPECT_FALSE(parse_year_month("23-01"));
    EXPECT_EQ(format_year_month(YearMonth::of(2023, 2) + 11), "2024-01");
}

TEST(Calendar, ImpossibleDatesAreRejected) {
    EXPECT_TRUE(parse_date("2024-02-29"));
    EXPECT_FALSE(parse_date("2023-02-29"));
    EXPECT_FALSE(parse_date("1900-02-29"));
    EXPECT_TRUE(parse_date("2000-02-29"));
    EXPECT_FALSE(parse_date("2023-04-31"));
    EXPECT_FALSE(parse_date("2023-4-1"));
    EXPECT_EQ(Date::last_of(YearMonth::of(2023, 2)), Date::of(2023, 2, 28));
}

TEST(Calendar, ExcelSerials) {
    EXPECT_EQ(*date_from_excel_serial(1), Date::of(1900, 1, 1));
    EXPECT_EQ(*date_from_excel_serial(44927), Date::of(2023, 1, 1));
    EXPECT_EQ(*date_from_excel_serial(45291), Date::of(2023, 12, 31));
    EXPECT_FALSE(date_from_excel_serial(60));
    EXPECT_FALSE(date_from_excel_serial(0));
}

TEST(Calendar, RangesAndChineseLabels) {
    auto r = parse_month_range("2023-04/2023-06");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->length(), 3);
    EXPECT_EQ(format_month_range(*r), "2023-04/2023-06");
    EXPECT_EQ(format_month_range_zh(*r), "2023年4—6月");
    EXPECT_EQ(format_month_range_zh(*parse_month_range("2023-01/2023-12")), "2023年全年");
    EXPECT_EQ(format_month_range_zh(*parse_month_range("2023-07")), "2023年7月");
    EXPECT_FALSE(parse_month_range("2023-06/2023-04"));
}

}  // namespace
}  // namespace zx
