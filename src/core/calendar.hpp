// Months and dates as small integers so that columns of them compare and index cheaply.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zx {

// A calendar month as year*12 + (month-1).
struct YearMonth {
    std::int32_t index = 0;

    static constexpr YearMonth of(int year, int month) { return {year * 12 + (month - 1)}; }
    constexpr int year() const { return index / 12; }
    constexpr int month() const { return index % 12 + 1; }
    constexpr auto operator<=>(const YearMonth&) const = default;
    constexpr YearMonth operator+(int months) const { return {index + months}; }
    constexpr int operator-(YearMonth o) const { return index - o.index; }
};

// Strict "YYYY-MM" with month 01..12 and year 1900..2199. nullopt when malformed.
std::optional<YearMonth> parse_year_month(std::string_view text);
std::string format_year_month(YearMonth ym);  // "2023-01"

// A date as yyyymmdd, so that integer order is calendar order.
struct Date {
    std::int32_t yyyymmdd = 0;
    constexpr int year() const { return yyyymmdd / 10000; }
    constexpr int month() const { return yyyymmdd / 100 % 100; }
    constexpr int day() const { return yyyymmdd % 100; }
    constexpr auto operator<=>(const Date&) const = default;
    static constexpr Date of(int y, int m, int d) { return {y * 10000 + m * 100 + d}; }
    static constexpr Date first_of(YearMonth ym) { return of(ym.year(), ym.month(), 1); }
    static Date last_of(YearMonth ym);
};

bool is_leap_year(int year);
int days_in_month(int year, int month);
// Strict "YYYY-MM-DD", rejecting impossible dates (2023-02-29). nullopt when malformed.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date d);
// Excel serial day number (1900 date system) to a date; nullopt outside 1900..2199.
std::optional<Date> date_from_excel_serial(std::int64_t serial);

// An inclusive range of months, written "YYYY-MM/YYYY-MM".
struct MonthRange {
    YearMonth first;
    YearMonth last;
    constexpr int length() const { return last - first + 1; }
    bool operator==(const MonthRange&) const = default;
};
std::optional<MonthRange> parse_month_range(std::string_view text);
std::string format_month_range(MonthRange r);
// "2023年1—2月", "2023年4—6月", "2023年7月", "2022年11月—2023年2月".
std::string format_month_range_zh(MonthRange r);

}  // namespace zx
