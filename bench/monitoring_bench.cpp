// Benchmarks of the monitoring figures (module monitoring) on the synthetic population (demo_data.hpp,
// seed 7, 2022-01..2023-12), for the period 1—12月 2023. Measurements, not tests: nothing asserts a
// time. The population is built once per size; times are wall clock (UseRealTime: the sums kernel
// runs on both cores above 64k enterprises).
//
//   BM_MonitorSums/N         enterprise_sums(): per enterprise, the period's and the base's sums (the kernel)
//   BM_MonitorCities/N       sums + by_city + ranks: the city table
//   BM_MonitorIndustries/N   by_division over sums computed once (group pass only)
//   BM_MonitorDesignations/N by_designation over sums computed once
//   BM_MonitorTop500/N       top_list (previous year's output) + watch_figures + every warning rule, with
//                            electricity and plans for the 500 listed
//   BM_MonitorAll/N          what GET /cities, /industries, /groups and /top500 compute, sums shared:
//                            the "under 200 ms at 1,000,000 × 24 months" target
//   BM_BulletinDocx          the 通报 (14 cities, 100 warnings, 14 project rows) as DOCX bytes
#include <benchmark/benchmark.h>

#include <map>
#include <memory>

#include "modules/enterprise_data/rules/demo_data.hpp"
#include "modules/monitoring/bulletin.hpp"
#include "modules/monitoring/monitoring_internal.hpp"
#include "modules/monitoring/projects.hpp"
#include "modules/monitoring/rules/figures.hpp"
#include "modules/monitoring/rules/watch.hpp"
#include "modules/monitoring/rules_loader.hpp"

namespace {

namespace mon = zx::monitoring;
using zx::YearMonth;

constexpr std::uint64_t kSeed = 7;
const mon::Period kPeriod{YearMonth::of(2023, 12)};

struct Population {
    zx::Dataset ds;
    mon::MonitoringData md;
};

const mon::WatchRules& rules() {
    static const mon::WatchRules r = [] {
        auto x = mon::load_watch_rules(mon::watch_rules_file(ZX_SOURCE_DIR "/policies"));
        if (!x) std::abort();
        return std::move(x).value();
    }();
    return r;
}

const Population& population(std::size_t n) {
    static std::map<std::size_t, std::unique_ptr<Population>> cache;
    auto& slot = cache[n];
    if (!slot) {
        zx::DemoOptions o;
        o.enterprises = n;
        o.seed = kSeed;
        slot = std::make_unique<Population>();
        slot->ds = zx::generate_dataset(o);
        // Electricity and plans for the listed enterprises (what the rules read beyond output).
        for (zx::EntId e : mon::top_list(slot->ds, 2023, mon::TopBasis::kOutput, 500))
            for (YearMonth m = YearMonth::of(2022, 1); m <= YearMonth::of(2023, 12); m = m + 1) {
                mon::EnterpriseMonth r;
                r.ent = e;
                r.month = m;
                r.electricity_kwh = slot->ds.output_fen(e, m) / 1000;
                r.plan_next_month_fen = slot->ds.output_fen(e, m);
                slot->md.monthly.push_back(r);
            }
        std::sort(slot->md.monthly.begin(), slot->md.monthly.end(),
                  [](const auto& a, const auto& b) { return a.ent != b.ent ? a.ent < b.ent : a.month < b.month; });
    }
    return *slot;
}

void BM_MonitorSums(benchmark::State& state) {
    const Population& p = population(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(mon::enterprise_sums(p.ds, kPeriod));
}

void BM_MonitorCities(benchmark::State& state) {
    const Population& p = population(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(mon::by_city(p.ds, mon::enterprise_sums(p.ds, kPeriod)));
}

void BM_MonitorIndustries(benchmark::State& state) {
    const Population& p = population(static_cast<std::size_t>(state.range(0)));
    const auto sums = mon::enterprise_sums(p.ds, kPeriod);
    for (auto _ : state) benchmark::DoNotOptimize(mon::by_division(p.ds, sums));
}

void BM_MonitorDesignations(benchmark::State& state) {
    const Population& p = population(static_cast<std::size_t>(state.range(0)));
    const auto sums = mon::enterprise_sums(p.ds, kPeriod);
    for (auto _ : state) benchmark::DoNotOptimize(mon::by_designation(p.ds, sums));
}

void BM_MonitorTop500(benchmark::State& state) {
    const Population& p = population(static_cast<std::size_t>(state.range(0)));
    const auto sums = mon::enterprise_sums(p.ds, kPeriod);
    std::size_t warnings = 0;
    for (auto _ : state) {
        const auto list = mon::top_list(p.ds, 2023, rules().basis, rules().size);
        const auto figures = mon::watch_figures(p.ds, p.md, sums, list);
        warnings = mon::evaluate_warnings(rules(), p.ds, sums, figures).size();
        benchmark::DoNotOptimize(warnings);
    }
    state.counters["warnings"] = static_cast<double>(warnings);
}

void BM_MonitorAll(benchmark::State& state) {
    const Population& p = population(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        const auto sums = mon::enterprise_sums(p.ds, kPeriod);
        benchmark::DoNotOptimize(mon::by_city(p.ds, sums));
        benchmark::DoNotOptimize(mon::by_division(p.ds, sums));
        benchmark::DoNotOptimize(mon::by_designation(p.ds, sums));
        const auto list = mon::top_list(p.ds, 2023, rules().basis, rules().size);
        benchmark::DoNotOptimize(
            mon::evaluate_warnings(rules(), p.ds, sums, mon::watch_figures(p.ds, p.md, sums, list)));
    }
}

void BM_BulletinDocx(benchmark::State& state) {
    const Population& p = population(100'000);
    const auto sums = mon::enterprise_sums(p.ds, kPeriod);
    const auto cities = mon::by_city(p.ds, sums);
    const auto total = mon::total_of(cities, "全区");
    boost::json::object b{{"month", "2023-12"}, {"period", kPeriod.label()}};
    boost::json::array hl, rows, warns, projects;
    const auto previous =
        mon::total_of(mon::by_city(p.ds, mon::enterprise_sums(p.ds, {YearMonth::of(2023, 11)})), "全区");
    for (const auto& h : mon::highlights(kPeriod, cities, previous)) hl.emplace_back(h);
    for (const auto& c : cities) rows.push_back(mon::detail::city_json(c, total.base, nullptr, false));
    const auto list = mon::top_list(p.ds, 2023, rules().basis, rules().size);
    for (const auto& w : mon::evaluate_warnings(rules(), p.ds, sums, mon::watch_figures(p.ds, p.md, sums, list))) {
        if (warns.size() >= 100) break;
        warns.push_back({{"level_name", "红色预警"},
                         {"name", std::string(p.ds.name(w.ent))},
                         {"city", "南宁市"},
                         {"uscc", std::string(p.ds.uscc(w.ent))},
                         {"rule", w.rule},
                         {"message_zh", w.message_zh}});
    }
    for (const auto& s : mon::project_summary(p.md, zx::Date::of(2024, 1, 8)))
        projects.push_back(mon::project_summary_json(s));
    b["highlights"] = hl;
    b["cities"] = rows;
    b["total"] = mon::detail::city_json(total, total.base, nullptr, false);
    b["top500"] = boost::json::object{
        {"count", 500}, {"output_yuan", "1.00"}, {"growth_pct", "1.0"}, {"contribution_pp", "1.00"}, {"summary", ""}};
    b["warnings"] = warns;
    b["projects"] = projects;
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto d = mon::bulletin_docx(b);
        if (!d) std::abort();
        bytes = d->size();
    }
    state.counters["bytes"] = static_cast<double>(bytes);
}

}  // namespace

BENCHMARK(BM_MonitorSums)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_MonitorCities)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_MonitorIndustries)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_MonitorDesignations)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_MonitorTop500)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_MonitorAll)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_BulletinDocx)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
