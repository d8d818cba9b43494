// Benchmarks of the engine and its I/O on the synthetic Guangxi population (synth/demo_data.hpp, seed 7,
// 2022-01..2023-12): evaluation, what-if re-evaluation, budget scaling, the award table with its reasons,
// the CSV writer and the CSV loader. Measurements, not tests: nothing here asserts a time.
//
// Inputs are built once per size and shared by every benchmark (generation is never timed). Times are wall
// clock (UseRealTime) because evaluate() and the loader start their own threads. Counters: rows/s is
// input enterprises per second for evaluate and what-if, award rows per second for the budget and the
// table, output.csv rows per second for the loader.
//
// Environment: ZX_POLICY_DIR (default <source>/policies/guangxi-2023); ZX_BENCH_LARGE=1 adds the 1M
// enterprise CSV load (writes ~950 MB to /tmp); ZX_BENCH_TMP (default /tmp) for the CSV directories.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <unistd.h>

#include "modules/awards/award_writer.hpp"
#include "modules/awards/policy_loader.hpp"
#include "modules/awards/rules/evaluator.hpp"
#include "modules/awards/rules/policy.hpp"
#include "modules/awards/rules/scenario.hpp"
#include "modules/enterprise_data/data_loader.hpp"
#include "modules/enterprise_data/demo_data_writer.hpp"
#include "modules/enterprise_data/rules/demo_data.hpp"

namespace {

constexpr std::uint64_t kSeed = 7;
constexpr std::int64_t k100k = 100'000;
constexpr std::int64_t k1M = 1'000'000;
constexpr const char* kWhatIfSetting = "clause2.growth_min=10%";

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "engine_bench: %s\n", what.c_str());
    std::exit(2);
}

bool env_flag(const char* name) {
    const char* v = std::getenv(name);
    return v != nullptr && std::string(v) == "1";
}

const zx::Policy& policy() {
    static const zx::Policy p = [] {
        const char* env = std::getenv("ZX_POLICY_DIR");
        const std::filesystem::path dir = env ? env : ZX_SOURCE_DIR "/policies/guangxi-2023";
        auto r = zx::load_policy(dir);
        if (!r) die(r.status().message());
        return std::move(r).value();
    }();
    return p;
}

zx::DemoOptions demo_options(std::size_t enterprises) {
    zx::DemoOptions o;
    o.enterprises = enterprises;
    o.seed = kSeed;
    return o;
}

// In-memory populations by size, generated on first use. Benchmarks run one at a time, so no lock.
const zx::Dataset& dataset(std::size_t enterprises) {
    static std::map<std::size_t, std::unique_ptr<zx::Dataset>> cache;
    auto& slot = cache[enterprises];
    if (!slot) slot = std::make_unique<zx::Dataset>(zx::generate_dataset(demo_options(enterprises)));
    return *slot;
}

// The baseline evaluation of the 2023 policy (no budget) by size, evaluated on first use.
const zx::Evaluation& baseline(std::size_t enterprises) {
    static std::map<std::size_t, std::unique_ptr<zx::Evaluation>> cache;
    auto& slot = cache[enterprises];
    if (!slot) slot = std::make_unique<zx::Evaluation>(zx::evaluate(policy(), dataset(enterprises), {}));
    return *slot;
}

// CSV directories written once per size by write_demo_data, removed when the process ends.
class CsvDirs {
  public:
    ~CsvDirs() {
        for (const auto& [n, dir] : dirs_) {
            std::error_code ec;
            std::filesystem::remove_all(dir, ec);
        }
    }
    const std::filesystem::path& get(std::size_t enterprises) {
        auto it = dirs_.find(enterprises);
        if (it != dirs_.end()) return it->second;
        const char* tmp = std::getenv("ZX_BENCH_TMP");
        const std::filesystem::path dir =
            std::filesystem::path(tmp ? tmp : "/tmp") /
            ("zx-engine-bench-" + std::to_string(::getpid()) + "-" + std::to_string(enterprises));
        if (auto st = zx::write_demo_data(demo_options(enterprises), dir); !st) die(st.message());
        return dirs_.emplace(enterprises, dir).first->second;
    }

  private:
    std::map<std::size_t, std::filesystem::path> dirs_;
};

CsvDirs& csv_dirs() {
    static CsvDirs dirs;
    return dirs;
}

void set_rate(benchmark::State& state, const char* name, double per_iteration) {
    state.counters[name] = benchmark::Counter(per_iteration, benchmark::Counter::kIsIterationInvariantRate);
}

// ---- evaluate: the whole policy over N enterprises x 24 months -------------------------------------------
void BM_Evaluate(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const zx::Dataset& data = dataset(n);
    zx::EvaluateOptions eo;
    eo.threads = static_cast<int>(state.range(1));
    std::size_t award_rows = 0;
    for (auto _ : state) {
        zx::Evaluation ev = zx::evaluate(policy(), data, eo);
        award_rows = ev.rows.size();
        benchmark::DoNotOptimize(ev.total_yuan);
    }
    set_rate(state, "rows/s", static_cast<double>(n));
    state.counters["award_rows"] = static_cast<double>(award_rows);
}
BENCHMARK(BM_Evaluate)
    ->ArgNames({"enterprises", "threads"})
    ->ArgsProduct({{k100k, k1M}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// ---- what-if: one setting on a copy of the policy, re-evaluate, compare with the baseline ----------------
void BM_WhatIf(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const zx::Dataset& data = dataset(n);
    const zx::Evaluation& base = baseline(n);
    zx::EvaluateOptions eo;
    eo.threads = static_cast<int>(state.range(1));
    std::size_t changed = 0;
    for (auto _ : state) {
        zx::Policy scen_policy = policy();
        if (auto st = zx::apply_setting(scen_policy, kWhatIfSetting); !st) {
            state.SkipWithError(st.message().c_str());
            break;
        }
        const zx::Evaluation scen = zx::evaluate(scen_policy, data, eo);
        const zx::ScenarioComparison cmp = zx::compare_scenarios(policy(), base, scen_policy, scen, data);
        changed = cmp.changes.size();
        benchmark::DoNotOptimize(cmp.scenario.all.total_yuan);
    }
    set_rate(state, "rows/s", static_cast<double>(n));
    state.counters["changed_enterprises"] = static_cast<double>(changed);
}
BENCHMARK(BM_WhatIf)
    ->ArgNames({"enterprises", "threads"})
    ->ArgsProduct({{k1M}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// ---- budget: scale the capped awards to a budget of half their total (so scaling always happens) ---------
void BM_BudgetScaling(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const zx::Dataset& data = dataset(n);
    // apply_budget recomputes every amount from capped_yuan, so running it again on the same rows is a
    // full run: no copy needed between iterations.
    std::vector<zx::AwardRow> rows = baseline(n).rows;
    const std::int64_t budget = baseline(n).total_capped_yuan / 2;
    for (auto _ : state) {
        const bool scaled = zx::apply_budget(rows, budget, data);
        benchmark::DoNotOptimize(scaled);
        benchmark::ClobberMemory();
    }
    set_rate(state, "rows/s", static_cast<double>(rows.size()));
    state.counters["award_rows"] = static_cast<double>(rows.size());
    state.counters["budget_yuan"] = static_cast<double>(budget);
}
BENCHMARK(BM_BudgetScaling)->ArgName("enterprises")->Arg(k100k)->Arg(k1M)->Unit(benchmark::kMillisecond)->UseRealTime();

// ---- the award table: formatted figures and a Chinese reason for every row -------------------------------
void BM_BuildAwardTable(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const zx::Dataset& data = dataset(n);
    const zx::Evaluation& ev = baseline(n);
    const int threads = static_cast<int>(state.range(1));
    for (auto _ : state) {
        zx::AwardTable table = zx::build_award_table(policy(), data, ev, threads);
        benchmark::DoNotOptimize(table.lines.data());
    }
    set_rate(state, "rows/s", static_cast<double>(ev.rows.size()));
    state.counters["award_rows"] = static_cast<double>(ev.rows.size());
}
BENCHMARK(BM_BuildAwardTable)
    ->ArgNames({"enterprises", "threads"})
    ->ArgsProduct({{k100k, k1M}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// ---- the CSV writer (the other half of "write" in `zhenxing evaluate`) -----------------------------------
void BM_WriteAwardsCsv(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const zx::AwardTable table = zx::build_award_table(policy(), dataset(n), baseline(n), 0);
    const char* tmp = std::getenv("ZX_BENCH_TMP");
    const std::filesystem::path out =
        std::filesystem::path(tmp ? tmp : "/tmp") / ("zx-engine-bench-" + std::to_string(::getpid()) + "-awards.csv");
    std::uintmax_t bytes = 0;
    for (auto _ : state) {
        if (auto st = zx::write_awards_csv(out, table); !st) {
            state.SkipWithError(st.message().c_str());
            break;
        }
    }
    std::error_code ec;
    bytes = std::filesystem::file_size(out, ec);
    std::filesystem::remove(out, ec);
    set_rate(state, "rows/s", static_cast<double>(table.lines.size()));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_WriteAwardsCsv)->ArgName("enterprises")->Arg(k1M)->Unit(benchmark::kMillisecond)->UseRealTime();

// ---- loading the three CSV tables, validated, into the columnar dataset ----------------------------------
void BM_LoadCsv(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const std::filesystem::path& dir = csv_dirs().get(n);
    zx::LoadOptions lo;
    lo.month_window = policy().months_needed();  // as `zhenxing evaluate` loads
    lo.threads = static_cast<int>(state.range(1));
    std::size_t output_rows = 0;
    for (auto _ : state) {
        zx::LoadReport report;
        auto ds = zx::load_dataset(dir, lo, report);
        if (!ds) {
            state.SkipWithError(ds.status().message().c_str());
            break;
        }
        output_rows = report.stats.output_rows;
        benchmark::DoNotOptimize(ds->size());
    }
    std::uintmax_t bytes = 0;
    for (const char* f : {"enterprises.csv", "designations.csv", "output.csv"}) {
        std::error_code ec;
        bytes += std::filesystem::file_size(dir / f, ec);
    }
    set_rate(state, "rows/s", static_cast<double>(output_rows));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes));
}
void load_sizes(benchmark::internal::Benchmark* b) {
    std::vector<std::int64_t> sizes = {k100k};
    if (env_flag("ZX_BENCH_LARGE")) sizes.push_back(k1M);
    b->ArgsProduct({sizes, {1, 2}});
}
BENCHMARK(BM_LoadCsv)
    ->ArgNames({"enterprises", "threads"})
    ->Apply(load_sizes)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
