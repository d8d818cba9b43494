#include "modules/service_desk/rules/kpi.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <map>

#include "core/wide_int.hpp"
#include "core/working_calendar.hpp"

namespace zx::service_desk {
namespace {

constexpr std::array<std::string_view, 10> kMetricNames = {
    "cases",          "response_due",     "responded_in_time", "response_missed",
    "resolution_due", "resolved_in_time", "resolution_missed", "rated",
    "satisfied",      "unsatisfied",
};
static_assert(kMetricNames.size() == static_cast<std::size_t>(KpiMetric::kUnsatisfied) + 1, "a name per metric");

bool is_rated(const KpiCase& c) {
    return c.rating && *c.rating >= 1 && *c.rating <= 5;
}

bool is_satisfied(const KpiCase& c, const KpiSettings& s) {
    return is_rated(c) &&
           std::find(s.satisfied_ratings.begin(), s.satisfied_ratings.end(), *c.rating) != s.satisfied_ratings.end();
}

bool counts(const KpiCase& c, KpiMetric m, const KpiSettings& s) {
    switch (m) {
        case KpiMetric::kCases:
            return true;
        case KpiMetric::kResponseDue:
            return c.response_due;
        case KpiMetric::kRespondedInTime:
            return c.response_due && c.responded_in_time;
        case KpiMetric::kResponseMissed:
            return c.response_due && !c.responded_in_time;
        case KpiMetric::kResolutionDue:
            return c.resolution_due;
        case KpiMetric::kResolvedInTime:
            return c.resolution_due && c.resolved_in_time;
        case KpiMetric::kResolutionMissed:
            return c.resolution_due && !c.resolved_in_time;
        case KpiMetric::kRated:
            return is_rated(c);
        case KpiMetric::kSatisfied:
            return is_satisfied(c, s);
        case KpiMetric::kUnsatisfied:
            return is_rated(c) && !is_satisfied(c, s);
    }
    return false;
}

// p / q (p, q >= 0, q > 0) with one decimal, rounded half up (half away from zero, as p/q >= 0).
std::string tenths(i128 p, i128 q) {
    assert(p >= 0 && q > 0);
    const i128 t = (2 * p + q) / (2 * q);
    const auto whole = static_cast<std::int64_t>(t / 10);
    const auto decimal = static_cast<int>(t % 10);
    return fmt::format("{}.{}", whole, decimal);
}

// The composite score: 100 · Σ wᵢ·nᵢ/dᵢ / Σ wᵢ over the rates with dᵢ > 0 and wᵢ > 0. Over the common
// denominator Πdᵢ of at most three counts of cases (each far below 2^31) the products fit 128 bits.
std::string score(const KpiRow& r, const KpiSettings& s) {
    struct Term {
        std::int64_t weight, num, den;
    };
    const std::array<Term, 3> terms = {Term{s.response_weight, r.responded_in_time, r.response_due},
                                       Term{s.resolution_weight, r.resolved_in_time, r.resolution_due},
                                       Term{s.satisfaction_weight, r.satisfied, r.rated}};
    i128 den = 1;
    i128 weights = 0;
    for (const Term& t : terms)
        if (t.weight > 0 && t.den > 0) den *= t.den, weights += t.weight;
    if (weights == 0) return {};
    i128 num = 0;
    for (const Term& t : terms)
        if (t.weight > 0 && t.den > 0) num += i128{t.weight} * t.num * (den / t.den);
    // score · 10 = 1000 · num / (den · weights)
    return tenths(1000 * num, den * weights);
}

struct Accumulator {
    KpiRow row;
    std::vector<std::int64_t> respond, resolve;

    void add(const KpiCase& c, const KpiSettings& s) {
        ++row.cases;
        row.response_due += counts(c, KpiMetric::kResponseDue, s) ? 1 : 0;
        row.responded_in_time += counts(c, KpiMetric::kRespondedInTime, s) ? 1 : 0;
        row.resolution_due += counts(c, KpiMetric::kResolutionDue, s) ? 1 : 0;
        row.resolved_in_time += counts(c, KpiMetric::kResolvedInTime, s) ? 1 : 0;
        row.rated += counts(c, KpiMetric::kRated, s) ? 1 : 0;
        row.satisfied += counts(c, KpiMetric::kSatisfied, s) ? 1 : 0;
        if (c.respond_seconds) respond.push_back(*c.respond_seconds);
        if (c.resolve_seconds) resolve.push_back(*c.resolve_seconds);
    }

    KpiRow finish(const KpiSettings& s) && {
        row.response_rate = format_rate(row.responded_in_time, row.response_due);
        row.resolution_rate = format_rate(row.resolved_in_time, row.resolution_due);
        row.satisfaction_rate = format_rate(row.satisfied, row.rated);
        std::sort(respond.begin(), respond.end());
        std::sort(resolve.begin(), resolve.end());
        row.respond_median_seconds = nearest_rank(respond, s.median);
        row.respond_p90_seconds = nearest_rank(respond, s.p90);
        row.resolve_median_seconds = nearest_rank(resolve, s.median);
        row.resolve_p90_seconds = nearest_rank(resolve, s.p90);
        row.score = score(row, s);
        return std::move(row);
    }
};

}  // namespace

std::optional<KpiGroup> parse_kpi_group(std::string_view text) {
    if (text == "department") return KpiGroup::kDepartment;
    if (text == "city") return KpiGroup::kCity;
    if (text == "category") return KpiGroup::kCategory;
    if (text == "week") return KpiGroup::kWeek;
    return std::nullopt;
}

const std::string& kpi_group_key(const KpiCase& c, KpiGroup group) {
    switch (group) {
        case KpiGroup::kDepartment:
            return c.department;
        case KpiGroup::kCity:
            return c.city;
        case KpiGroup::kCategory:
            return c.category;
        case KpiGroup::kWeek:
            return c.week;
    }
    return c.department;
}

KpiReport compute_kpi(std::span<const KpiCase> cases, KpiGroup group, const KpiSettings& settings) {
    std::map<std::string, Accumulator, std::less<>> groups;
    Accumulator total;
    for (const KpiCase& c : cases) {
        const std::string& key = kpi_group_key(c, group);
        auto it = groups.find(key);
        if (it == groups.end()) {
            it = groups.emplace(key, Accumulator{}).first;
            it->second.row.key = key;
        }
        it->second.add(c, settings);
        total.add(c, settings);
    }
    KpiReport report;
    report.rows.reserve(groups.size());
    for (auto& [key, acc] : groups) report.rows.push_back(std::move(acc).finish(settings));
    report.total = std::move(total).finish(settings);
    return report;
}

std::optional<KpiMetric> parse_kpi_metric(std::string_view text) {
    for (std::size_t i = 0; i < kMetricNames.size(); ++i)
        if (kMetricNames[i] == text) return static_cast<KpiMetric>(i);
    return std::nullopt;
}

std::string_view kpi_metric_name(KpiMetric metric) {
    return kMetricNames[static_cast<std::size_t>(metric)];
}

std::vector<std::int64_t> kpi_case_ids(std::span<const KpiCase> cases, KpiGroup group,
                                       std::optional<std::string_view> key, KpiMetric metric,
                                       const KpiSettings& settings) {
    std::vector<std::int64_t> ids;
    for (const KpiCase& c : cases)
        if ((!key || kpi_group_key(c, group) == *key) && counts(c, metric, settings)) ids.push_back(c.id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::string format_rate(std::int64_t num, std::int64_t den) {
    assert(num >= 0 && den >= 0);
    if (den <= 0) return {};
    return tenths(i128{num} * 1000, den);
}

std::optional<std::int64_t> nearest_rank(std::span<const std::int64_t> sorted, Ratio p) {
    assert(p.den > 0 && p.num >= 0 && p.num <= p.den);
    if (sorted.empty()) return std::nullopt;
    const auto n = static_cast<i128>(sorted.size());
    const i128 rank = (i128{p.num} * n + p.den - 1) / p.den;  // ceil(p·n)
    const i128 index = std::clamp<i128>(rank, 1, n) - 1;
    return sorted[static_cast<std::size_t>(index)];
}

std::string iso_week_key(Date d) {
    const std::int64_t day = days_since_epoch(d);
    const std::int64_t thursday = day - weekday(d) + 3;  // the week's Thursday decides its year
    const int year = date_from_days(thursday).year();
    const std::int64_t week = (thursday - days_since_epoch(Date::of(year, 1, 1))) / 7 + 1;
    return fmt::format("{:04d}-W{:02d}", year, week);
}

std::string beijing_iso_week(std::int64_t unix_seconds) {
    return iso_week_key(beijing_date(unix_seconds));
}

}  // namespace zx::service_desk
