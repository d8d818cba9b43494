#include "core/calendar.hpp"

#include <cstdio>

namespace zx {
namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

}  // namespace

bool is_leap_year(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

std::optional<YearMonth> parse_year_month(std::string_view s) {
    int y = 0, m = 0;
    if (s.size() != 7 || s[4] != '-' || !digits(s, 0, 4, y) || !digits(s, 5, 2, m)) return std::nullopt;
    if (y < 1900 || y > 2199 || m < 1 || m > 12) return std::nullopt;
    return YearMonth::of(y, m);
}

std::string format_year_month(YearMonth ym) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", ym.year(), ym.month());
    return buf;
}

Date Date::last_of(YearMonth ym) {
    return of(ym.year(), ym.month(), days_in_month(ym.year(), ym.month()));
}

std::optional<Date> parse_date(std::string_view s) {
    int y = 0, m = 0, d = 0;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 0, 4, y) || !digits(s, 5, 2, m) ||
        !digits(s, 8, 2, d))
        return std::nullopt;
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
    return Date::of(y, m, d);
}

std::string format_date(Date d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year(), d.month(), d.day());
    return buf;
}

std::optional<Date> date_from_excel_serial(std::int64_t serial) {
    // Excel counts 1900-01-01 as 1 and wrongly includes 1900-02-29 (serial 60).
    if (serial < 1 || serial > 110000) return std::nullopt;
    if (serial == 60) return std::nullopt;
    std::int64_t days = serial < 60 ? serial - 1 : serial - 2;  // days since 1900-01-01
    int y = 1900, m = 1;
    while (true) {
        int dy = is_leap_year(y) ? 366 : 365;
        if (days < dy) break;
        days -= dy;
        ++y;
    }
    while (days >= days_in_month(y, m)) {
        days -= days_in_month(y, m);
        ++m;
    }
    if (y > 2199) return std::nullopt;
    return Date::of(y, m, static_cast<int>(days) + 1);
}

std::optional<MonthRange> parse_month_range(std::string_view s) {
    auto slash = s.find('/');
    if (slash == std::string_view::npos) {
        auto one = parse_year_month(s);
        if (!one) return std::nullopt;
        return MonthRange{*one, *one};
    }
    auto a = parse_year_month(s.substr(0, slash));
    auto b = parse_year_month(s.substr(slash + 1));
    if (!a || !b || *b < *a) return std::nullopt;
    return MonthRange{*a, *b};
}

std::string format_month_range(MonthRange r) {
    return format_year_month(r.first) + "/" + format_year_month(r.last);
}

std::string format_month_range_zh(MonthRange r) {
    const std::string y1 = std::to_string(r.first.year());
    const std::string m1 = std::to_string(r.first.month());
    const std::string m2 = std::to_string(r.last.month());
    if (r.first == r.last) return y1 + "年" + m1 + "月";
    if (r.first.year() == r.last.year()) {
        if (r.first.month() == 1 && r.last.month() == 12) return y1 + "年全年";
        return y1 + "年" + m1 + "—" + m2 + "月";
    }
    return y1 + "年" + m1 + "月—" + std::to_string(r.last.year()) + "年" + m2 + "月";
}

}  // namespace zx
