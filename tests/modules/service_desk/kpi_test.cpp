// The KPIs: every figure of a hand-computed fixture per department, per week and in total; rates
// rounded half away from zero from integers; nearest-rank percentiles; the composite score from the
// exact rates (not the rounded ones) with absent rates left out; the drill-down ids matching every
// figure; ISO weeks; and kpi.toml (the shipped file, defaults, and every kind of defect refused with
// the file, line and key).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <random>

#include "modules/service_desk/kpi_settings.hpp"
#include "modules/service_desk/rules/kpi.hpp"

namespace zx::service_desk {
namespace {

namespace fs = std::filesystem;

KpiCase make(std::int64_t id, std::string dept, std::string city, std::string cat, std::string week, bool resp_due,
             bool resp_ok, bool res_due, bool res_ok, std::optional<int> rating, std::optional<std::int64_t> respond,
             std::optional<std::int64_t> resolve) {
    KpiCase c;
    c.id = id;
    c.department = std::move(dept);
    c.city = std::move(city);
    c.category = std::move(cat);
    c.week = std::move(week);
    c.response_due = resp_due;
    c.responded_in_time = resp_ok;
    c.resolution_due = res_due;
    c.resolved_in_time = res_ok;
    c.rating = rating;
    c.respond_seconds = respond;
    c.resolve_seconds = resolve;
    return c;
}

const std::string kA = "自治区人力资源社会保障厅";
const std::string kB = "自治区自然资源厅";

// Shuffled on purpose: rows come out by key and ids ascending whatever the input order.
std::vector<KpiCase> fixture() {
    return {
        make(6, kB, "桂林市", "energy", "2023-W16", true, false, true, false, 1, 100000, 900000),
        make(2, kA, "南宁市", "labor", "2023-W14", true, true, true, false, 3, 1200, 200000),
        make(4, kA, "柳州市", "labor", "2023-W15", true, true, true, true, 4, 300, 50000),
        // Not yet due: its in-time flag must not count.
        make(5, kB, "南宁市", "land", "2023-W14", false, true, false, true, std::nullopt, std::nullopt, std::nullopt),
        make(1, kA, "南宁市", "labor", "2023-W14", true, true, true, true, 5, 600, 86400),
        make(3, kA, "柳州市", "land", "2023-W15", true, false, false, false, std::nullopt, 90000, std::nullopt),
        // Rating 7 is not a rating: not rated.
        make(7, kB, "桂林市", "energy", "2023-W16", true, true, true, true, 7, 60, 3600),
    };
}

const KpiRow* row(const KpiReport& r, const std::string& key) {
    for (const KpiRow& x : r.rows)
        if (x.key == key) return &x;
    return nullptr;
}

TEST(Kpi, FormatRateRoundsHalfAwayFromZeroFromIntegers) {
    EXPECT_EQ(format_rate(20, 21), "95.2");
    EXPECT_EQ(format_rate(1, 8), "12.5");
    EXPECT_EQ(format_rate(1, 16), "6.3");    // 6.25: half goes up (not to even)
    EXPECT_EQ(format_rate(3, 16), "18.8");   // 18.75
    EXPECT_EQ(format_rate(1, 2000), "0.1");  // 0.05
    EXPECT_EQ(format_rate(1, 2001), "0.0");  // 0.04997…
    EXPECT_EQ(format_rate(1, 3), "33.3");
    EXPECT_EQ(format_rate(2, 3), "66.7");
    EXPECT_EQ(format_rate(0, 5), "0.0");
    EXPECT_EQ(format_rate(5, 5), "100.0");
    EXPECT_EQ(format_rate(1999, 2000), "100.0");  // 99.95
    EXPECT_EQ(format_rate(1997, 2000), "99.9");   // 99.85
    EXPECT_EQ(format_rate(0, 0), "");
    EXPECT_EQ(format_rate(3, 0), "");
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    EXPECT_EQ(format_rate(kMax - 1, kMax), "100.0");  // no overflow in 1000·num
    EXPECT_EQ(format_rate(kMax / 2, kMax), "50.0");
}

TEST(Kpi, NearestRankPercentile) {
    std::vector<std::int64_t> v;
    for (int i = 1; i <= 20; ++i) v.push_back(i * 10);
    EXPECT_EQ(nearest_rank(v, {1, 2}), 100);     // ceil(10) = 10th
    EXPECT_EQ(nearest_rank(v, {9, 10}), 180);    // ceil(18) = 18th
    EXPECT_EQ(nearest_rank(v, {19, 20}), 190);   // ceil(19) = 19th
    EXPECT_EQ(nearest_rank(v, {91, 100}), 190);  // ceil(18.2) = 19th: up, never down
    EXPECT_EQ(nearest_rank(v, {1, 1}), 200);
    EXPECT_EQ(nearest_rank(v, {0, 1}), 10);
    const std::vector<std::int64_t> five = {1, 2, 3, 4, 5};
    EXPECT_EQ(nearest_rank(five, {1, 2}), 3);   // ceil(2.5) = 3rd
    EXPECT_EQ(nearest_rank(five, {9, 10}), 5);  // ceil(4.5) = 5th
    const std::vector<std::int64_t> four = {1, 2, 3, 4};
    EXPECT_EQ(nearest_rank(four, {1, 2}), 2);  // ceil(2) = 2nd: no averaging
    const std::vector<std::int64_t> one = {42};
    EXPECT_EQ(nearest_rank(one, {1, 2}), 42);
    EXPECT_EQ(nearest_rank(one, {9, 10}), 42);
    EXPECT_EQ(nearest_rank(std::vector<std::int64_t>{}, {1, 2}), std::nullopt);
}

TEST(Kpi, PerDepartmentAndTotal) {
    const auto cases = fixture();
    const KpiReport r = compute_kpi(cases, KpiGroup::kDepartment, KpiSettings{});
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_EQ(r.rows[0].key, kA);  // by bytes after 自治区: 人 (E4 BA BA) before 自 (E8 87 AA)
    const KpiRow* a = row(r, kA);
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->cases, 4);
    EXPECT_EQ(a->response_due, 4);
    EXPECT_EQ(a->responded_in_time, 3);
    EXPECT_EQ(a->response_rate, "75.0");
    EXPECT_EQ(a->resolution_due, 3);
    EXPECT_EQ(a->resolved_in_time, 2);
    EXPECT_EQ(a->resolution_rate, "66.7");
    EXPECT_EQ(a->rated, 3);
    EXPECT_EQ(a->satisfied, 2);
    EXPECT_EQ(a->satisfaction_rate, "66.7");
    EXPECT_EQ(a->respond_median_seconds, 600);    // of 300 600 1200 90000: the 2nd
    EXPECT_EQ(a->respond_p90_seconds, 90000);     // ceil(3.6) = 4th
    EXPECT_EQ(a->resolve_median_seconds, 86400);  // of 50000 86400 200000: ceil(1.5) = 2nd
    EXPECT_EQ(a->resolve_p90_seconds, 200000);
    EXPECT_EQ(a->score, "70.0");  // 0.4·3/4 + 0.4·2/3 + 0.2·2/3

    const KpiRow* b = row(r, kB);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->cases, 3);
    EXPECT_EQ(b->response_due, 2);
    EXPECT_EQ(b->responded_in_time, 1);  // case 5 is not due
    EXPECT_EQ(b->response_rate, "50.0");
    EXPECT_EQ(b->resolution_due, 2);
    EXPECT_EQ(b->resolved_in_time, 1);
    EXPECT_EQ(b->resolution_rate, "50.0");
    EXPECT_EQ(b->rated, 1);  // rating 7 is not counted
    EXPECT_EQ(b->satisfied, 0);
    EXPECT_EQ(b->satisfaction_rate, "0.0");
    EXPECT_EQ(b->respond_median_seconds, 60);
    EXPECT_EQ(b->respond_p90_seconds, 100000);
    EXPECT_EQ(b->resolve_median_seconds, 3600);
    EXPECT_EQ(b->resolve_p90_seconds, 900000);
    EXPECT_EQ(b->score, "40.0");

    const KpiRow& t = r.total;
    EXPECT_EQ(t.key, "");
    EXPECT_EQ(t.cases, 7);
    EXPECT_EQ(t.response_due, 6);
    EXPECT_EQ(t.responded_in_time, 4);
    EXPECT_EQ(t.response_rate, "66.7");
    EXPECT_EQ(t.resolution_due, 5);
    EXPECT_EQ(t.resolved_in_time, 3);
    EXPECT_EQ(t.resolution_rate, "60.0");
    EXPECT_EQ(t.rated, 4);
    EXPECT_EQ(t.satisfied, 2);
    EXPECT_EQ(t.satisfaction_rate, "50.0");
    EXPECT_EQ(t.respond_median_seconds, 600);    // of 60 300 600 1200 90000 100000: the 3rd
    EXPECT_EQ(t.respond_p90_seconds, 100000);    // ceil(5.4) = 6th
    EXPECT_EQ(t.resolve_median_seconds, 86400);  // of 3600 50000 86400 200000 900000: ceil(2.5) = 3rd
    EXPECT_EQ(t.resolve_p90_seconds, 900000);    // ceil(4.5) = 5th
    EXPECT_EQ(t.score, "60.7");                  // 0.4·4/6 + 0.4·3/5 + 0.2·2/4 = 0.60666…
}

TEST(Kpi, PerWeekInTimeOrderAndOtherGroups) {
    const auto cases = fixture();
    const KpiReport r = compute_kpi(cases, KpiGroup::kWeek, KpiSettings{});
    ASSERT_EQ(r.rows.size(), 3u);
    EXPECT_EQ(r.rows[0].key, "2023-W14");
    EXPECT_EQ(r.rows[1].key, "2023-W15");
    EXPECT_EQ(r.rows[2].key, "2023-W16");
    EXPECT_EQ(r.rows[0].cases, 3);
    EXPECT_EQ(r.rows[0].response_rate, "100.0");
    EXPECT_EQ(r.rows[0].resolution_rate, "50.0");
    EXPECT_EQ(r.rows[0].satisfaction_rate, "50.0");
    EXPECT_EQ(r.rows[0].score, "70.0");
    EXPECT_EQ(r.rows[1].response_rate, "50.0");
    EXPECT_EQ(r.rows[1].resolution_rate, "100.0");
    EXPECT_EQ(r.rows[1].resolve_median_seconds, 50000);
    EXPECT_EQ(r.rows[1].score, "80.0");
    EXPECT_EQ(r.total.cases, 7);

    const KpiReport cities = compute_kpi(cases, KpiGroup::kCity, KpiSettings{});
    ASSERT_EQ(cities.rows.size(), 3u);
    EXPECT_EQ(row(cities, "南宁市")->cases, 3);
    EXPECT_EQ(row(cities, "柳州市")->cases, 2);
    EXPECT_EQ(row(cities, "桂林市")->cases, 2);
    const KpiReport cats = compute_kpi(cases, KpiGroup::kCategory, KpiSettings{});
    ASSERT_EQ(cats.rows.size(), 3u);
    EXPECT_EQ(cats.rows[0].key, "energy");
    EXPECT_EQ(cats.rows[1].key, "labor");
    EXPECT_EQ(cats.rows[2].key, "land");
    EXPECT_EQ(row(cats, "labor")->cases, 3);
    EXPECT_EQ(row(cats, "land")->response_due, 1);
    EXPECT_EQ(row(cats, "land")->response_rate, "0.0");
    EXPECT_EQ(row(cats, "land")->resolution_rate, "");  // nobody due: empty, not "0.0"
    EXPECT_EQ(row(cats, "land")->satisfaction_rate, "");
    EXPECT_EQ(row(cats, "land")->resolve_median_seconds, std::nullopt);
    EXPECT_EQ(row(cats, "land")->score, "0.0");  // only the response rate is defined

    const KpiReport none = compute_kpi({}, KpiGroup::kCity, KpiSettings{});
    EXPECT_TRUE(none.rows.empty());
    EXPECT_EQ(none.total.cases, 0);
    EXPECT_EQ(none.total.response_rate, "");
    EXPECT_EQ(none.total.score, "");
    EXPECT_EQ(none.total.respond_p90_seconds, std::nullopt);
}

TEST(Kpi, SettingsChangeTheFigures) {
    const auto cases = fixture();
    KpiSettings s;
    s.satisfied_ratings = {5};
    s.p90 = {1, 1};
    s.median = {1, 4};
    s.response_weight = 10000;
    s.resolution_weight = 0;
    s.satisfaction_weight = 0;
    const KpiReport r = compute_kpi(cases, KpiGroup::kDepartment, s);
    const KpiRow* a = row(r, kA);
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->satisfied, 1);
    EXPECT_EQ(a->satisfaction_rate, "33.3");
    EXPECT_EQ(a->respond_median_seconds, 300);  // ceil(1) = 1st
    EXPECT_EQ(a->respond_p90_seconds, 90000);   // the largest
    EXPECT_EQ(a->score, "75.0");                // the response rate alone
    s.satisfied_ratings = {1, 2, 3};
    EXPECT_EQ(row(compute_kpi(cases, KpiGroup::kDepartment, s), kB)->satisfied, 1);
}

TEST(Kpi, ScoreUsesExactRatesAndLeavesOutUndefinedOnes) {
    // 101 of 1000 responded (10.1%), 2 of 3 resolved and 2 of 3 satisfied (66.666…%):
    // exactly 4.04 + 26.666… + 13.333… = 44.04 → "44.0"; from the rounded rates 44.06 → "44.1".
    std::vector<KpiCase> cases;
    for (int i = 1; i <= 1000; ++i) {
        KpiCase c;
        c.id = i;
        c.response_due = true;
        c.responded_in_time = i <= 101;
        if (i <= 3) {
            c.resolution_due = true;
            c.resolved_in_time = i <= 2;
            c.rating = i <= 2 ? 5 : 1;
        }
        cases.push_back(c);
    }
    EXPECT_EQ(compute_kpi(cases, KpiGroup::kCity, KpiSettings{}).total.score, "44.0");

    // Exactly half a tenth rounds up: 0.4 · 1/800 = 0.05%.
    std::vector<KpiCase> half;
    for (int i = 1; i <= 800; ++i) {
        KpiCase c;
        c.id = i;
        c.response_due = true;
        c.responded_in_time = i == 1;
        c.resolution_due = i == 1;
        c.rating = i == 1 ? std::optional<int>(1) : std::nullopt;
        half.push_back(c);
    }
    EXPECT_EQ(compute_kpi(half, KpiGroup::kCity, KpiSettings{}).total.score, "0.1");

    // Nobody rated: scored on response (1/2) and resolution (1/1) with weights 0.4 : 0.4 → 75.0, not
    // 0.4·50 + 0.4·100 = 60.0.
    std::vector<KpiCase> unrated = {make(1, kA, "", "", "", true, true, true, true, std::nullopt, 1, 1),
                                    make(2, kA, "", "", "", true, false, false, false, std::nullopt, 1, 1)};
    EXPECT_EQ(compute_kpi(unrated, KpiGroup::kCity, KpiSettings{}).total.score, "75.0");
    // A weight of 0 does not make its undefined rate matter, nor its defined one count.
    KpiSettings s;
    s.response_weight = 5000;
    s.resolution_weight = 5000;
    s.satisfaction_weight = 0;
    unrated[0].rating = 1;
    EXPECT_EQ(compute_kpi(unrated, KpiGroup::kCity, s).total.score, "75.0");
    // Only the weighted-0 rate is defined: no score.
    std::vector<KpiCase> rated_only = {
        make(1, kA, "", "", "", false, false, false, false, 5, std::nullopt, std::nullopt)};
    EXPECT_EQ(compute_kpi(rated_only, KpiGroup::kCity, s).total.score, "");
    EXPECT_EQ(compute_kpi(rated_only, KpiGroup::kCity, KpiSettings{}).total.score, "100.0");
}

TEST(Kpi, DrillDownListsTheCasesBehindEachFigure) {
    const auto cases = fixture();
    const KpiSettings s;
    using V = std::vector<std::int64_t>;
    EXPECT_EQ(kpi_case_ids(cases, KpiGroup::kDepartment, kA, KpiMetric::kResponseMissed, s), (V{3}));
    EXPECT_EQ(kpi_case_ids(cases, KpiGroup::kDepartment, kA, KpiMetric::kResolutionMissed, s), (V{2}));
    EXPECT_EQ(kpi_case_ids(cases, KpiGroup::kDepartment, kA, KpiMetric::kUnsatisfied, s), (V{2}));
    EXPECT_EQ(kpi_case_ids(cases, KpiGroup::kDepartment, kA, KpiMetric::kSatisfied, s), (V{1, 4}));
    EXPECT_EQ(kpi_case_ids(cases, KpiGroup::kDepartment, kB, KpiMetric::kResponseDue, s), (V{6, 7}));
    EXPECT_EQ(kpi_case_ids(cases, KpiGroup::kDepartment, kB, KpiMetric::kRespondedInTime, s), (V{7}));
    EXPECT_EQ(kpi_case_ids(cases, KpiGroup::kDepartment, kB, KpiMetric::kRated, s), (V{6}));
    EXPECT_EQ(kpi_case_ids(cases, KpiGroup::kWeek, "2023-W14", KpiMetric::kCases, s), (V{1, 2, 5}));
    EXPECT_EQ(kpi_case_ids(cases, KpiGroup::kCity, std::nullopt, KpiMetric::kCases, s), (V{1, 2, 3, 4, 5, 6, 7}));
    EXPECT_EQ(kpi_case_ids(cases, KpiGroup::kCity, std::nullopt, KpiMetric::kRated, s), (V{1, 2, 4, 6}));
    EXPECT_TRUE(kpi_case_ids(cases, KpiGroup::kCity, "北海市", KpiMetric::kCases, s).empty());
    EXPECT_TRUE(kpi_case_ids(cases, KpiGroup::kCity, "", KpiMetric::kCases, s).empty());

    // Every figure of every row, for every grouping, is the number of its drill-down ids.
    for (KpiGroup g : {KpiGroup::kDepartment, KpiGroup::kCity, KpiGroup::kCategory, KpiGroup::kWeek}) {
        const KpiReport r = compute_kpi(cases, g, s);
        std::vector<std::pair<std::optional<std::string_view>, const KpiRow*>> rows = {{std::nullopt, &r.total}};
        for (const KpiRow& x : r.rows) rows.emplace_back(x.key, &x);
        for (const auto& [key, x] : rows) {
            auto n = [&](KpiMetric m) { return static_cast<std::int64_t>(kpi_case_ids(cases, g, key, m, s).size()); };
            EXPECT_EQ(n(KpiMetric::kCases), x->cases);
            EXPECT_EQ(n(KpiMetric::kResponseDue), x->response_due);
            EXPECT_EQ(n(KpiMetric::kRespondedInTime), x->responded_in_time);
            EXPECT_EQ(n(KpiMetric::kResponseMissed), x->response_due - x->responded_in_time);
            EXPECT_EQ(n(KpiMetric::kResolutionDue), x->resolution_due);
            EXPECT_EQ(n(KpiMetric::kResolvedInTime), x->resolved_in_time);
            EXPECT_EQ(n(KpiMetric::kResolutionMissed), x->resolution_due - x->resolved_in_time);
            EXPECT_EQ(n(KpiMetric::kRated), x->rated);
            EXPECT_EQ(n(KpiMetric::kSatisfied), x->satisfied);
            EXPECT_EQ(n(KpiMetric::kUnsatisfied), x->rated - x->satisfied);
        }
    }
}

TEST(Kpi, RowsAddUpToTheTotalOnRandomCases) {
    std::mt19937 rng(14);
    std::vector<KpiCase> cases;
    for (int i = 1; i <= 500; ++i) {
        KpiCase c;
        c.id = i;
        c.department = "d" + std::to_string(rng() % 4);
        c.response_due = rng() % 2 == 0;
        c.responded_in_time = rng() % 2 == 0;
        c.resolution_due = rng() % 2 == 0;
        c.resolved_in_time = rng() % 2 == 0;
        if (rng() % 3 != 0) c.rating = static_cast<int>(rng() % 7);  // 0 and 6 are not ratings
        cases.push_back(c);
    }
    const KpiReport r = compute_kpi(cases, KpiGroup::kDepartment, KpiSettings{});
    KpiRow sum;
    for (const KpiRow& x : r.rows) {
        sum.cases += x.cases, sum.response_due += x.response_due, sum.responded_in_time += x.responded_in_time;
        sum.resolution_due += x.resolution_due, sum.resolved_in_time += x.resolved_in_time;
        sum.rated += x.rated, sum.satisfied += x.satisfied;
        EXPECT_LE(x.responded_in_time, x.response_due);
        EXPECT_LE(x.resolved_in_time, x.resolution_due);
        EXPECT_LE(x.satisfied, x.rated);
    }
    EXPECT_EQ(sum.cases, r.total.cases);
    EXPECT_EQ(sum.response_due, r.total.response_due);
    EXPECT_EQ(sum.responded_in_time, r.total.responded_in_time);
    EXPECT_EQ(sum.resolution_due, r.total.resolution_due);
    EXPECT_EQ(sum.resolved_in_time, r.total.resolved_in_time);
    EXPECT_EQ(sum.rated, r.total.rated);
    EXPECT_EQ(sum.satisfied, r.total.satisfied);
}

TEST(Kpi, NamesOfGroupsAndMetrics) {
    EXPECT_EQ(parse_kpi_group("department"), KpiGroup::kDepartment);
    EXPECT_EQ(parse_kpi_group("city"), KpiGroup::kCity);
    EXPECT_EQ(parse_kpi_group("category"), KpiGroup::kCategory);
    EXPECT_EQ(parse_kpi_group("week"), KpiGroup::kWeek);
    EXPECT_EQ(parse_kpi_group("Week"), std::nullopt);
    EXPECT_EQ(parse_kpi_group(""), std::nullopt);
    const std::vector<std::string_view> names = {
        "cases",          "response_due",     "responded_in_time", "response_missed",
        "resolution_due", "resolved_in_time", "resolution_missed", "rated",
        "satisfied",      "unsatisfied"};
    for (std::string_view n : names) {
        auto m = parse_kpi_metric(n);
        ASSERT_TRUE(m) << n;
        EXPECT_EQ(kpi_metric_name(*m), n);
    }
    EXPECT_EQ(parse_kpi_metric("response_rate"), std::nullopt);
    EXPECT_EQ(parse_kpi_metric("missed"), std::nullopt);
    EXPECT_EQ(*parse_kpi_metric("response_missed"), KpiMetric::kResponseMissed);
    EXPECT_EQ(*parse_kpi_metric("unsatisfied"), KpiMetric::kUnsatisfied);
}

TEST(Kpi, IsoWeeks) {
    EXPECT_EQ(iso_week_key(Date::of(2023, 4, 3)), "2023-W14");  // Monday
    EXPECT_EQ(iso_week_key(Date::of(2023, 4, 9)), "2023-W14");  // Sunday
    EXPECT_EQ(iso_week_key(Date::of(2023, 4, 10)), "2023-W15");
    EXPECT_EQ(iso_week_key(Date::of(2023, 1, 1)), "2022-W52");  // a Sunday in the last week of 2022
    EXPECT_EQ(iso_week_key(Date::of(2021, 1, 3)), "2020-W53");
    EXPECT_EQ(iso_week_key(Date::of(2020, 12, 31)), "2020-W53");
    EXPECT_EQ(iso_week_key(Date::of(2024, 12, 30)), "2025-W01");  // a Monday in the first week of 2025
    EXPECT_EQ(iso_week_key(Date::of(2026, 1, 1)), "2026-W01");
    EXPECT_EQ(iso_week_key(Date::of(2026, 12, 31)), "2026-W53");
    // 2023-04-03 00:00 Beijing is 2023-04-02 16:00 UTC.
    EXPECT_EQ(beijing_iso_week(1680451200), "2023-W14");
    EXPECT_EQ(beijing_iso_week(1680451199), "2023-W13");
}

// kpi.toml

const fs::path kShipped = fs::path(ZX_SOURCE_DIR) / "policies" / "service_desk" / "kpi.toml";

TEST(KpiSettingsFile, TheShippedFileHoldsTheDefaults) {
    auto s = load_kpi_settings(kShipped);
    ASSERT_TRUE(s) << s.status().message();
    EXPECT_EQ(s->version, 1);
    EXPECT_EQ(s->satisfied_ratings, (std::vector<int>{4, 5}));
    EXPECT_EQ(s->median, (Ratio{1, 2}));
    EXPECT_EQ(s->p90, (Ratio{9, 10}));
    EXPECT_EQ(s->response_weight, 4000);
    EXPECT_EQ(s->resolution_weight, 4000);
    EXPECT_EQ(s->satisfaction_weight, 2000);
}

TEST(KpiSettingsFile, ValuesAndDefaults) {
    auto s = parse_kpi_settings(
        "version = 3\n[rates]\nsatisfied_ratings = [5, 3, 4]\n[weights]\nresponse = \"50%\"\n"
        "resolution = \"0.25\"\nsatisfaction = \"25%\"\n[percentiles]\np90 = \"95%\"\n",
        "kpi.toml");
    ASSERT_TRUE(s) << s.status().message();
    EXPECT_EQ(s->version, 3);
    EXPECT_EQ(s->satisfied_ratings, (std::vector<int>{3, 4, 5}));
    EXPECT_EQ(s->response_weight, 5000);
    EXPECT_EQ(s->resolution_weight, 2500);
    EXPECT_EQ(s->satisfaction_weight, 2500);
    EXPECT_EQ(s->median, (Ratio{1, 2}));  // left out: the default
    EXPECT_EQ(s->p90, (Ratio{19, 20}));
    auto minimal = parse_kpi_settings("version = 1\n", "kpi.toml");
    ASSERT_TRUE(minimal) << minimal.status().message();
    EXPECT_EQ(minimal->satisfied_ratings, (std::vector<int>{4, 5}));
    EXPECT_EQ(minimal->response_weight, 4000);
    auto four_places = parse_kpi_settings(
        "version = 1\n[weights]\nresponse = \"0.3333\"\nresolution = \"0.3333\"\nsatisfaction = \"33.34%\"\n", "k");
    ASSERT_TRUE(four_places) << four_places.status().message();
    EXPECT_EQ(four_places->satisfaction_weight, 3334);
}

// Each defect: the message names the file, the line and the key, in both languages.
struct BadFile {
    const char* text;
    const char* where;  // "kpi.toml:<line>: <key>"
    const char* en;     // a piece of the English message
    const char* zh;     // a piece of the Chinese message
};

TEST(KpiSettingsFile, DefectsNameFileLineAndKey) {
    const std::vector<BadFile> cases = {
        {"version = 1\ncolour = 2\n", "kpi.toml:2: colour", "unknown key", "未知的键"},
        {"version = 1\n[rates]\nsatisfied = [5]\n", "kpi.toml:3: rates.satisfied", "unknown key", "未知的键"},
        {"version = 1\n[weights]\nresponse = \"0.4\"\nresolution = \"0.4\"\nsatisfaction = \"0.2\"\nspeed = \"0\"\n",
         "kpi.toml:6: weights.speed", "unknown key", "未知的键"},
        {"version = 1\n[percentiles]\np95 = \"0.95\"\n", "kpi.toml:3: percentiles.p95", "unknown key", "未知的键"},
        {"[rates]\n", "kpi.toml: version", "missing", "缺少版本号"},
        {"version = \"1\"\n", "kpi.toml:1: version", "positive integer", "正整数"},
        {"version = 0\n", "kpi.toml:1: version", "positive integer", "正整数"},
        {"version = 1\n[weights]\nresponse = 0.4\n", "kpi.toml:3: weights.response", "as a string", "字符串"},
        {"version = 1\n[weights]\nresponse = 1\n", "kpi.toml:3: weights.response", "ratio string", "比例"},
        {"version = 1\n[weights]\nresponse = \"four\"\n", "kpi.toml:3: weights.response", "\"four\" is not a ratio",
         "不是比例"},
        {"version = 1\n[weights]\nresponse = \"1.5\"\n", "kpi.toml:3: weights.response", "not exceed 1", "不能大于1"},
        {"version = 1\n[weights]\nresponse = \"0.33333\"\nresolution = \"0.33333\"\nsatisfaction = \"0.33334\"\n",
         "kpi.toml:3: weights.response", "four decimal places", "四位小数"},
        {"version = 1\n[weights]\nresponse = \"0.5\"\nresolution = \"0.4\"\nsatisfaction = \"0.2\"\n",
         "kpi.toml:2: weights", "sum to 1, not 1.1", "权重之和应为1，现为 1.1"},
        {"version = 1\n[weights]\nresponse = \"0.3\"\n", "kpi.toml:2: weights", "sum to 1, not 0.9", "现为 0.9"},
        {"version = 1\n[rates]\nsatisfied_ratings = [4, 6]\n", "kpi.toml:3: rates.satisfied_ratings", "1–5", "1–5"},
        {"version = 1\n[rates]\nsatisfied_ratings = [4, 4]\n", "kpi.toml:3: rates.satisfied_ratings",
         "rating 4 repeated", "重复"},
        {"version = 1\n[rates]\nsatisfied_ratings = []\n", "kpi.toml:3: rates.satisfied_ratings", "array", "数组"},
        {"version = 1\n[rates]\nsatisfied_ratings = \"4,5\"\n", "kpi.toml:3: rates.satisfied_ratings", "array", "数组"},
        {"version = 1\n[percentiles]\nmedian = \"0\"\n", "kpi.toml:3: percentiles.median", "above 0", "大于0"},
        {"version = 1\n[percentiles]\np90 = \"110%\"\n", "kpi.toml:3: percentiles.p90", "not exceed 1", "不能大于1"},
        {"version = 1\nweights = 3\n", "kpi.toml:2: weights", "expected a table", "应为表"},
        {"version = 1\n[weights\n", "kpi.toml:2", "TOML syntax error", "TOML语法错误"},
    };
    for (const BadFile& c : cases) {
        auto s = parse_kpi_settings(c.text, "kpi.toml");
        ASSERT_FALSE(s) << c.text;
        EXPECT_EQ(s.status().code(), StatusCode::kDataError) << c.text;
        const std::string en = s.status().message(Lang::kEn);
        const std::string zh = s.status().message(Lang::kZh);
        EXPECT_TRUE(en.starts_with(c.where)) << c.text << "\n" << en;
        EXPECT_TRUE(zh.starts_with(c.where)) << c.text << "\n" << zh;
        EXPECT_NE(en.find(c.en), std::string::npos) << c.text << "\n" << en;
        EXPECT_NE(zh.find(c.zh), std::string::npos) << c.text << "\n" << zh;
    }
}

TEST(KpiSettingsFile, AMissingFileIsAnIoError) {
    auto s = load_kpi_settings(fs::path(ZX_SOURCE_DIR) / "policies" / "service_desk" / "no-such-kpi.toml");
    ASSERT_FALSE(s);
    EXPECT_EQ(s.status().code(), StatusCode::kIoError);
    EXPECT_NE(s.status().message(Lang::kEn).find("no-such-kpi.toml: cannot read the file"), std::string::npos);
    EXPECT_NE(s.status().message(Lang::kZh).find("无法读取文件"), std::string::npos);
}

}  // namespace
}  // namespace zx::service_desk
