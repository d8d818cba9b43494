// The monitoring figures as statistics offices compute them: cumulative year-on-year growth over the
// current period's enterprise set (同口径), by city, industry division and designation, each group's
// rank by exact growth and its contribution (拉动) to the province's growth. Pure and exact: sums in
// 128-bit fen, growth compared by cross-multiplication, rounding half away from zero once, at the end.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/dataset.hpp"
#include "core/range_sums.hpp"
#include "core/wide_int.hpp"

namespace zx::monitoring {

// The period of month M: January to M of M's year. January alone is never reported (1—2月 together).
struct Period {
    YearMonth month{};
    MonthRange current() const { return {YearMonth::of(month.year(), 1), month}; }
    MonthRange base() const { return {YearMonth::of(month.year() - 1, 1), month + -12}; }
    // "1—6月"; "1—2月"; "1月" never (refused earlier).
    std::string label() const;
};
// Whether M may be reported: its month is February or later. The message says why not.
bool reportable(YearMonth m);

// Per enterprise: the period's sums and whether it is in the set (a figure in Y-01…M).
struct EnterpriseSums {
    Period period;
    RangeSums current, base;
    bool in_set(EntId e) const { return current.present[e] > 0; }
};
EnterpriseSums enterprise_sums(const Dataset& ds, Period p, int threads = 0);

// A group's figures: output and base in fen over its enterprises in the set.
struct GroupFigures {
    std::string key;    // city name, division code ("36"), designation code, USCC
    std::string label;  // what a person reads (the division's name, ...)
    i128 output = 0, base = 0;
    std::int64_t enterprises = 0;
    std::optional<int> rank;         // by exact growth, highest first (1, 2, 2, 4); none without growth
    std::optional<int> rank_change;  // previous rank − rank (positive: moved up); none when either is absent
    bool has_growth() const { return base > 0; }
};

// growth = output/base − 1, compared exactly: <0, 0, >0 for a below, equal to, above b (both with base > 0).
int compare_growth(const GroupFigures& a, const GroupFigures& b);
// Competition ranking of the rows with growth (equal exact growth shares a rank).
void rank_by_growth(std::vector<GroupFigures>& rows);
// rank_change of each row from the rows of the previous period, matched by key.
void set_rank_change(std::vector<GroupFigures>& rows, const std::vector<GroupFigures>& previous);

// The 14 cities in the official order (every city, with or without enterprises), ranked.
std::vector<GroupFigures> by_city(const Dataset& ds, const EnterpriseSums& s);
// Industry divisions (GB/T 4754 two-digit) that have enterprises in the set, in code order, ranked.
// `city` restricts to one city (nullopt: the province).
std::vector<GroupFigures> by_division(const Dataset& ds, const EnterpriseSums& s, std::optional<CityId> city = {});
// One row per designation that has enterprises in the set (a designation counts when its validity
// overlaps the period's months); an enterprise in two designations is in both rows. Ranked.
std::vector<GroupFigures> by_designation(const Dataset& ds, const EnterpriseSums& s, std::optional<CityId> city = {});
// The sum over rows (the 全区 row of by_city).
GroupFigures total_of(const std::vector<GroupFigures>& rows, std::string key);

// Each enterprise of `city` in the set with its contribution to the city's growth, largest |Δ| first
// (ties by USCC): key = USCC, label = name.
std::vector<GroupFigures> enterprises_of_city(const Dataset& ds, const EnterpriseSums& s, CityId city);

// ---- the figures as text (what the CSV, the API and the 通报 print) ----
// fen as yuan with two decimals, no separators: "1234567.80", "-0.05".
std::string yuan_text(i128 fen);
// (output ÷ base − 1) × 100 half away from zero at one decimal; "" when base is 0.
std::string growth_text(i128 output, i128 base, int decimals = 1);
// delta ÷ denominator × 100 half away from zero at two decimals (percentage points); "" when the
// denominator is 0.
std::string points_text(i128 delta, i128 denominator, int decimals = 2);
// num ÷ den × 100 half away from zero (a share or a completion rate); "" when den ≤ 0.
std::string percent_text(i128 num, i128 den, int decimals = 1);
// num/den × 10^decimals rounded half away from zero (den > 0); the scaled integer.
i128 round_scaled(i128 num, i128 den, int decimals);
// A scaled integer as text with `decimals` places; "-0.0" never appears.
std::string scaled_text(i128 scaled, int decimals);

// The city table of `zhenxing monitor cities`: header city,output_yuan,base_yuan,growth_pct,rank,
// contribution_pp; the 14 cities then 全区.
std::string city_table_csv(const std::vector<GroupFigures>& cities);

}  // namespace zx::monitoring
