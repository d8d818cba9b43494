// Benchmarks of the 亩均 evaluation (module park_evaluation) on the synthetic population (demo_data.hpp,
// seed 7, 2022-01..2023-12) with its synthetic land, annual figures and parks (park_evaluation
// rules/demo.hpp) for 2021 and 2022, evaluated for 2022 under schemes/guangxi-default. Measurements,
// not tests: nothing here asserts a time.
//
// Data is built once per size and shared (generation, inputs_for and the baseline evaluation are never
// timed, except in BM_ParksInputs). Times are wall clock (UseRealTime): score_population starts a
// second thread above 20,000 entities.
//
//   BM_ParksInputs/N       inputs_for(): the year's EnterpriseInput rows from parcels and annual rows
//   BM_ParksEvaluate/N     evaluate(): benchmarks, scores, ranks, grades, then the parks
//   BM_ParksReweigh/N      reweigh() with other weights (25/25/20/15/15) and splits (A 15, B 60, C 90):
//                          the what-if of POST /api/parks/evaluations/{id}/what-if, data loaded
//   BM_ParksStep*/N        reweigh()'s parts on one thread: benchmarks, scoring, ranking, result rows
//   BM_ParksInverse/N      inverse() of one C-grade enterprise (every lever's smallest change to B)
//   BM_ParksSensitivity/N  sensitivity(): every rated enterprise, every column ±1%
//
// Environment: ZX_SCHEME_DIR (default <source>/schemes/guangxi-default); ZX_BENCH_SENSITIVITY_N
// (default 100000) the population of BM_ParksSensitivity.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "modules/enterprise_data/rules/demo_data.hpp"
#include "modules/park_evaluation/demo_writer.hpp"
#include "modules/park_evaluation/park_data.hpp"
#include "modules/park_evaluation/rules/evaluate.hpp"
#include "modules/park_evaluation/rules/explain.hpp"
#include "modules/park_evaluation/scheme_loader.hpp"

namespace {

using namespace zx::parks;

constexpr std::uint64_t kSeed = 7;
constexpr int kYear = 2022;
constexpr std::int64_t k100k = 100'000;
constexpr std::int64_t k1M = 1'000'000;

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "parks_bench: %s\n", what.c_str());
    std::exit(2);
}

const Scheme& scheme() {
    static const Scheme s = [] {
        const char* env = std::getenv("ZX_SCHEME_DIR");
        const std::filesystem::path dir = env ? env : ZX_SOURCE_DIR "/schemes/guangxi-default";
        auto r = load_scheme(dir);
        if (!r) die(r.status().message());
        return std::move(r).value();
    }();
    return s;
}

// The what-if scheme: value added per mu weighs as much as tax per mu, and a stricter A and B.
const Scheme& changed_scheme() {
    static const Scheme s = [] {
        Scheme c = scheme();
        const std::int64_t weights[] = {25, 25, 20, 15, 15};
        for (std::size_t k = 0; k < c.indicators.size() && k < 5; ++k) c.indicators[k].weight = {weights[k], 1};
        c.splits = {{"A", 15}, {"B", 60}, {"C", 90}, {"D", 100}};
        return c;
    }();
    return s;
}

struct Population {
    ParkData data;
    std::vector<EnterpriseInput> inputs;
    Evaluation ev;
};

// Populations by size, built on first use. Benchmarks run one at a time, so no lock.
const Population& population(std::size_t n) {
    static std::map<std::size_t, std::unique_ptr<Population>> cache;
    auto& slot = cache[n];
    if (!slot) {
        zx::DemoOptions o;
        o.enterprises = n;
        o.seed = kSeed;
        zx::Dataset ds = zx::generate_dataset(o);
        const DemoParks demo = generate_park_demo(ds, {kSeed, kYear});
        slot = std::make_unique<Population>();
        slot->data = park_data_of(std::move(ds), demo, scheme());
        slot->inputs = inputs_for(scheme(), slot->data, kYear);
        slot->ev = evaluate(scheme(), slot->inputs, slot->data.parks, kYear);
        if (slot->ev.overflow) die("overflow in the baseline evaluation");
    }
    return *slot;
}

void set_counters(benchmark::State& state, std::size_t rated) {
    state.counters["rated"] = static_cast<double>(rated);
    state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rated) * static_cast<double>(state.iterations()),
                                                  benchmark::Counter::kIsRate);
}

void BM_ParksInputs(benchmark::State& state) {
    const Population& p = population(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        auto in = inputs_for(scheme(), p.data, kYear);
        benchmark::DoNotOptimize(in.data());
    }
    set_counters(state, p.inputs.size());
}
BENCHMARK(BM_ParksInputs)->ArgName("enterprises")->Arg(k100k)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ParksEvaluate(benchmark::State& state) {
    const Population& p = population(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        Evaluation ev = evaluate(scheme(), p.inputs, p.data.parks, kYear);
        benchmark::DoNotOptimize(ev.rows.data());
    }
    set_counters(state, p.ev.rated_rows.size());
}
BENCHMARK(BM_ParksEvaluate)->ArgName("enterprises")->Arg(k100k)->Arg(k1M)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ParksReweigh(benchmark::State& state) {
    const Population& p = population(static_cast<std::size_t>(state.range(0)));
    std::size_t moved = 0;
    for (auto _ : state) {
        std::vector<Scored> rows = reweigh(changed_scheme(), p.ev);
        state.PauseTiming();
        moved = 0;
        for (std::size_t j = 0; j < rows.size(); ++j)
            moved += rows[j].grade != p.ev.rows[p.ev.rated_rows[j]].scored.grade;
        state.ResumeTiming();
    }
    set_counters(state, p.ev.rated_rows.size());
    state.counters["moved"] = static_cast<double>(moved);
}
BENCHMARK(BM_ParksReweigh)->ArgName("enterprises")->Arg(k100k)->Unit(benchmark::kMillisecond)->UseRealTime();

// reweigh()'s steps apart, on one thread, to see where its time goes: the population benchmarks
// (sums over the members), score_entity() for every member, then rank_and_grade().
void BM_ParksStepBenchmarks(benchmark::State& state) {
    const Population& p = population(static_cast<std::size_t>(state.range(0)));
    std::vector<const Entity*> all;
    for (const Entity& e : p.ev.entities) all.push_back(&e);
    for (auto _ : state) {
        bool ok = true;
        GroupBenchmarks g = benchmarks_of(changed_scheme(), all, ok);
        benchmark::DoNotOptimize(g.benchmark.data());
    }
    set_counters(state, all.size());
}
BENCHMARK(BM_ParksStepBenchmarks)->ArgName("enterprises")->Arg(k100k)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ParksStepScore(benchmark::State& state) {
    const Population& p = population(static_cast<std::size_t>(state.range(0)));
    const GroupBenchmarks& g = p.ev.groups.at(0);
    std::vector<Scored> rows(p.ev.entities.size());
    for (auto _ : state) {
        bool ok = true;
        for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = score_entity(changed_scheme(), p.ev.entities[i], g, ok);
        benchmark::DoNotOptimize(rows.data());
    }
    set_counters(state, rows.size());
}
BENCHMARK(BM_ParksStepScore)->ArgName("enterprises")->Arg(k100k)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ParksStepRank(benchmark::State& state) {
    const Population& p = population(static_cast<std::size_t>(state.range(0)));
    std::vector<Scored> rows = reweigh(changed_scheme(), p.ev);
    for (auto _ : state) {
        rank_and_grade(changed_scheme(), p.ev.entities, rows);
        benchmark::DoNotOptimize(rows.data());
    }
    set_counters(state, rows.size());
}
BENCHMARK(BM_ParksStepRank)->ArgName("enterprises")->Arg(k100k)->Unit(benchmark::kMillisecond)->UseRealTime();

// Allocating and freeing the result rows alone (a Scored per member with its indicator vector).
void BM_ParksStepRows(benchmark::State& state) {
    const Population& p = population(static_cast<std::size_t>(state.range(0)));
    const std::size_t k = scheme().indicators.size();
    for (auto _ : state) {
        std::vector<Scored> rows(p.ev.entities.size());
        for (Scored& s : rows) s.ind.resize(k);
        benchmark::DoNotOptimize(rows.data());
    }
    set_counters(state, p.ev.entities.size());
}
BENCHMARK(BM_ParksStepRows)->ArgName("enterprises")->Arg(k100k)->Unit(benchmark::kMillisecond)->UseRealTime();

// The rated row at the middle of grade C (ranked between 70% and 95%).
std::size_t c_grade_row(const Evaluation& ev) {
    std::vector<std::size_t> c;
    for (std::size_t j : ev.rated_rows)
        if (ev.rows[j].scored.grade == "C") c.push_back(j);
    if (c.empty()) die("no C-grade enterprise");
    return c[c.size() / 2];
}

void BM_ParksInverse(benchmark::State& state) {
    const Population& p = population(static_cast<std::size_t>(state.range(0)));
    const std::size_t row = c_grade_row(p.ev);
    std::size_t answers = 0;
    for (auto _ : state) {
        auto inv = inverse(scheme(), p.ev, row);
        answers = inv.size();
        benchmark::DoNotOptimize(inv.data());
    }
    state.counters["levers"] = static_cast<double>(answers);
}
BENCHMARK(BM_ParksInverse)->ArgName("enterprises")->Arg(k100k)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ParksSensitivity(benchmark::State& state) {
    const Population& p = population(static_cast<std::size_t>(state.range(0)));
    std::size_t flips = 0;
    for (auto _ : state) {
        auto f = sensitivity(scheme(), p.ev);
        flips = f.size();
        benchmark::DoNotOptimize(f.data());
    }
    set_counters(state, p.ev.rated_rows.size());
    state.counters["flips"] = static_cast<double>(flips);
}
std::int64_t sensitivity_n() {
    const char* v = std::getenv("ZX_BENCH_SENSITIVITY_N");
    return v && *v ? std::strtoll(v, nullptr, 10) : k100k;
}
BENCHMARK(BM_ParksSensitivity)
    ->ArgName("enterprises")
    ->Arg(sensitivity_n())
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
