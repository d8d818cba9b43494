// The service desk's KPIs (GET /api/desk/kpi, docs/service-desk.md): per group (department, city,
// category or ISO week) and in total, how many cases were due a response and got it in time, were due
// a resolution and got it in time, were rated and were satisfied; the median and upper percentile of
// the time to respond and to resolve; and a composite score. The parameters are data
// (policies/service_desk/kpi.toml, read by modules/service_desk/kpi_settings.hpp).
//
// Everything is exact: rates are computed from integers and rendered with one decimal, rounded half
// away from zero ("95.2" for 20/21); a rate whose denominator is 0 is "". Pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/money.hpp"

namespace zx::service_desk {

// The parameters of the formulas (kpi.toml).
struct KpiSettings {
    std::int64_t version = 1;                     // of the parameter set, shown with the figures
    std::vector<int> satisfied_ratings = {4, 5};  // ratings (1–5) counted as satisfied
    Ratio median = {1, 2};                        // the percentile reported as *_median_seconds
    Ratio p90 = {9, 10};                          // the percentile reported as *_p90_seconds
    // Weights of the composite score, in ten-thousandths (0.4 = 4000); they sum to 10000.
    std::int64_t response_weight = 4000;
    std::int64_t resolution_weight = 4000;
    std::int64_t satisfaction_weight = 2000;
};

// The facts of one case the KPIs count, prepared by the service for the period asked.
struct KpiCase {
    std::int64_t id = 0;
    std::string department;  // the lead department
    std::string city;
    std::string category;
    std::string week;                // "2023-W14": the ISO week of the Beijing date of submission (iso_week_key)
    bool response_due = false;       // a response was due in the period
    bool responded_in_time = false;  // counted only when response_due
    bool resolution_due = false;
    bool resolved_in_time = false;  // counted only when resolution_due
    std::optional<int> rating;      // 1–5; another value counts as not rated
    std::optional<std::int64_t> respond_seconds;
    std::optional<std::int64_t> resolve_seconds;
};

enum class KpiGroup : std::uint8_t { kDepartment, kCity, kCategory, kWeek };
// "department", "city", "category", "week"; nullopt for anything else.
std::optional<KpiGroup> parse_kpi_group(std::string_view text);
// The value of `c` that `group` groups by.
const std::string& kpi_group_key(const KpiCase& c, KpiGroup group);

struct KpiRow {
    std::string key;  // the group's key; "" in the total row
    std::int64_t cases = 0;
    std::int64_t response_due = 0;
    std::int64_t responded_in_time = 0;
    std::string response_rate;  // responded_in_time / response_due
    std::int64_t resolution_due = 0;
    std::int64_t resolved_in_time = 0;
    std::string resolution_rate;  // resolved_in_time / resolution_due
    std::int64_t rated = 0;
    std::int64_t satisfied = 0;
    std::string satisfaction_rate;  // satisfied / rated
    // Nearest rank over the cases that have the time: the ceil(p·n)-th smallest; nullopt when none has.
    std::optional<std::int64_t> respond_median_seconds;
    std::optional<std::int64_t> respond_p90_seconds;
    std::optional<std::int64_t> resolve_median_seconds;
    std::optional<std::int64_t> resolve_p90_seconds;
    // Σ weight × rate over the three exact rates (not the rounded strings), one decimal. A rate whose
    // denominator is 0 is left out and the remaining weights are scaled up to sum to 1, so a group
    // nobody has rated yet is scored on response and resolution alone; "" when no weighted rate is
    // defined.
    std::string score;
};

struct KpiReport {
    std::vector<KpiRow> rows;  // one per key present in the cases, by key (byte order; weeks in time order)
    KpiRow total;              // over all the cases
};

KpiReport compute_kpi(std::span<const KpiCase> cases, KpiGroup group, const KpiSettings& settings);

// The figures a user can drill into (GET /api/desk/kpi/cases?metric=).
enum class KpiMetric : std::uint8_t {
    kCases,
    kResponseDue,
    kRespondedInTime,
    kResponseMissed,  // due, not responded in time
    kResolutionDue,
    kResolvedInTime,
    kResolutionMissed,  // due, not resolved in time
    kRated,
    kSatisfied,
    kUnsatisfied,  // rated, rating not in the satisfied set
};
// "cases", "response_due", "responded_in_time", "response_missed", "resolution_due",
// "resolved_in_time", "resolution_missed", "rated", "satisfied", "unsatisfied"; nullopt otherwise.
std::optional<KpiMetric> parse_kpi_metric(std::string_view text);
std::string_view kpi_metric_name(KpiMetric metric);

// The ids of the cases behind a figure, ascending: those of the group `key` (nullopt: the total row)
// that `metric` counts. Their number is the figure compute_kpi reports for that row.
std::vector<std::int64_t> kpi_case_ids(std::span<const KpiCase> cases, KpiGroup group,
                                       std::optional<std::string_view> key, KpiMetric metric,
                                       const KpiSettings& settings);

// num / den as a percentage with one decimal, rounded half away from zero: (20, 21) → "95.2",
// (1, 8) → "12.5", (0, 3) → "0.0", (3, 3) → "100.0"; "" when den is 0. num, den >= 0.
std::string format_rate(std::int64_t num, std::int64_t den);

// The nearest-rank percentile of `sorted` (ascending): the ceil(p·n)-th smallest, the first for p = 0;
// nullopt when empty. p in [0, 1].
std::optional<std::int64_t> nearest_rank(std::span<const std::int64_t> sorted, Ratio p);

// The ISO 8601 week of `d` as "2023-W14" (the year is the ISO week-numbering year: 2023-01-01 is in
// "2022-W52"), and that of the Beijing date of a Unix time.
std::string iso_week_key(Date d);
std::string beijing_iso_week(std::int64_t unix_seconds);

}  // namespace zx::service_desk
