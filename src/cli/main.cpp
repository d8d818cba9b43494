// zhenxing: the command line of the policy engine. Subcommands validate, evaluate, explain,
// simulate and demo-data. Exit codes: 0 ok, 1 data defects, 2 usage or policy error, 3 I/O error.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>

#include "cli/calendar_commands.hpp"
#include "cli/cli_support.hpp"
#include "cli/monitor_commands.hpp"
#include "cli/parks_commands.hpp"
#include "cli/server_commands.hpp"
#include "core/money.hpp"
#include "core/utf8.hpp"
#include "modules/awards/award_writer.hpp"
#include "modules/awards/notice_xlsx.hpp"
#include "modules/awards/policy_loader.hpp"
#include "modules/awards/rules/explain.hpp"
#include "modules/awards/rules/scenario.hpp"
#include "modules/awards/rules/summary.hpp"
#include "modules/enterprise_data/data_loader.hpp"
#include "modules/enterprise_data/demo_data_writer.hpp"
#include "modules/monitoring/demo_writer.hpp"
#include "modules/park_evaluation/demo_writer.hpp"
#include "platform/formats/text_output.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Globals {
    std::string lang = "zh";
    int threads = 0;
    bool quiet = false;
    bool en() const { return lang == "en"; }
};

using zx::cli::exit_code;

int fail(const Globals& g, const zx::Status& s) {
    const zx::Lang lang = g.en() ? zx::Lang::kEn : zx::Lang::kZh;
    std::string line = s.message(lang);
    if (!s.text().in(lang).empty() && !s.detail().empty()) line += " (" + s.detail() + ")";
    std::fprintf(stderr, "zhenxing: %s\n", line.c_str());
    return exit_code(s);
}

// A progress line on a terminal; silent when stderr is redirected.
class Progress {
  public:
    Progress(const Globals& g, std::string label) : label_(std::move(label)), on_(!g.quiet && isatty(2)) {}
    void operator()(std::uint64_t done, std::uint64_t total) {
        if (!on_ || total == 0) return;
        const int pct = static_cast<int>(done * 100 / total);
        if (pct == last_) return;
        last_ = pct;
        std::fprintf(stderr, "\r%s %3d%%", label_.c_str(), pct);
        if (pct >= 100) std::fprintf(stderr, "\n");
        std::fflush(stderr);
    }
    void step(const std::string& what) {
        if (on_) std::fprintf(stderr, "%s\n", what.c_str());
    }

  private:
    std::string label_;
    bool on_;
    int last_ = -1;
};

void print_defects(const Globals& g, const zx::LoadReport& r) {
    zx::cli::print_defects(g.en() ? zx::Lang::kEn : zx::Lang::kZh, r);
}

zx::Result<zx::Dataset> load(const Globals& g, const std::string& dir, std::optional<zx::MonthRange> window,
                             zx::LoadReport& report) {
    Progress progress(g, g.en() ? "reading output" : "读取产值数据");
    zx::LoadOptions options;
    options.month_window = window;
    options.threads = g.threads;
    options.progress = [&](std::uint64_t d, std::uint64_t t) { progress(d, t); };
    auto ds = zx::load_dataset(dir, options, report);
    if (!ds && !report.ok()) print_defects(g, report);
    return ds;
}

int cmd_validate(const Globals& g, const std::string& dir) {
    zx::LoadReport report;
    auto ds = load(g, dir, std::nullopt, report);
    if (!ds) return report.ok() ? fail(g, ds.status()) : 1;
    const auto& s = report.stats;
    std::string months = s.output_months ? zx::format_month_range(*s.output_months) : std::string("—");
    if (g.en()) {
        std::printf("data OK: %zu enterprises, %zu designations, %zu monthly output rows (%s)\n", s.enterprises,
                    s.designations, s.output_rows, months.c_str());
        std::printf("encodings: enterprises %s, designations %s, output %s\n", s.encoding[0].c_str(),
                    s.encoding[1].c_str(), s.encoding[2].c_str());
    } else {
        std::printf("数据校验通过：企业 %zu 家，认定记录 %zu 条，月度产值 %zu 行（%s）\n", s.enterprises,
                    s.designations, s.output_rows, months.c_str());
        std::printf("编码：enterprises %s，designations %s，output %s\n", s.encoding[0].c_str(), s.encoding[1].c_str(),
                    s.encoding[2].c_str());
    }
    // Enterprises per city, a first sanity check for a city bureau.
    std::array<std::size_t, 14> per_city{};
    for (zx::EntId e = 0; e < ds->size(); ++e) ++per_city[ds->city(e)];
    for (std::size_t i = 0; i < per_city.size(); ++i)
        if (per_city[i]) std::printf("  %s %zu\n", std::string(zx::kCities[i]).c_str(), per_city[i]);
    return 0;
}

struct EvalArgs {
    std::string policy, data, out, format = "csv", summary_file, city;
    std::optional<std::int64_t> budget;
    bool bom = false;
};

zx::Result<zx::Policy> load_policy_checked(const std::string& dir) {
    return zx::load_policy(dir);
}

int cmd_evaluate(const Globals& g, const EvalArgs& a) {
    const auto t0 = Clock::now();
    auto policy = load_policy_checked(a.policy);
    if (!policy) return fail(g, policy.status());
    zx::LoadReport report;
    auto ds = load(g, a.data, policy->months_needed(), report);
    if (!ds) return report.ok() ? fail(g, ds.status()) : 1;
    const auto t1 = Clock::now();
    zx::EvaluateOptions eo;
    eo.threads = g.threads;
    eo.budget_yuan = a.budget;
    const zx::Evaluation ev = zx::evaluate(*policy, *ds, eo);
    const auto t2 = Clock::now();
    const zx::RunSummary summary = zx::summarize(*policy, *ds, ev);
    zx::AwardTable table = zx::build_award_table(*policy, *ds, ev, g.threads);
    zx::Status st;
    if (a.format == "csv")
        st = zx::write_awards_csv(a.out, table, a.bom);
    else if (a.format == "json")
        st = zx::write_awards_json(a.out, table, summary, *policy);
    else if (a.city.empty())
        st = zx::write_award_notice_xlsx(a.out, table);
    else
        st = zx::write_award_notice_xlsx_for_city(a.out, table, a.city);
    if (!st) return fail(g, st);
    if (!a.summary_file.empty()) {
        if (auto s = zx::write_file_atomic(a.summary_file, zx::summary_json(*policy, summary) + "\n"); !s)
            return fail(g, s);
    }
    const auto t3 = Clock::now();
    if (!g.quiet) {
        std::fputs(zx::summary_text(*policy, summary).c_str(), stderr);
        auto ms = [](auto d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
        std::fprintf(stderr,
                     g.en() ? "wrote %s (%zu rows); load %lld ms, evaluate %lld ms, write %lld ms\n"
                            : "已写入 %s（%zu 行）；读取 %lld ms，计算 %lld ms，输出 %lld ms\n",
                     a.out.c_str(), table.lines.size(), static_cast<long long>(ms(t1 - t0)),
                     static_cast<long long>(ms(t2 - t1)), static_cast<long long>(ms(t3 - t2)));
    }
    return 0;
}

int cmd_explain(const Globals& g, const std::string& policy_dir, const std::string& data, const std::string& uscc,
                std::optional<std::int64_t> budget) {
    auto policy = load_policy_checked(policy_dir);
    if (!policy) return fail(g, policy.status());
    zx::LoadReport report;
    auto ds = load(g, data, policy->months_needed(), report);
    if (!ds) return report.ok() ? fail(g, ds.status()) : 1;
    auto ent = ds->find(uscc);
    if (!ent) {
        std::fprintf(stderr,
                     g.en() ? "zhenxing: no enterprise with USCC %s in %s\n"
                            : "zhenxing: 统一社会信用代码为 %s 的企业不在 %s 中\n",
                     uscc.c_str(), data.c_str());
        return 1;
    }
    zx::EvaluateOptions eo;
    eo.threads = g.threads;
    eo.budget_yuan = budget;
    const zx::Evaluation ev = zx::evaluate(*policy, *ds, eo);  // budget scaling needs every enterprise
    std::fputs(zx::explain_enterprise_zh(*policy, *ds, ev, *ent).c_str(), stdout);
    return 0;
}

struct SimArgs {
    std::string policy, data, out;
    std::vector<std::string> sets;
    std::optional<std::int64_t> budget;
    std::size_t top = 20;
};

void print_tally_diff(const std::string& label, const zx::Tally& a, const zx::Tally& b) {
    std::printf("  %s %8zu → %-8zu %16s → %-16s %+lld\n", zx::pad_display(label, 44).c_str(), a.beneficiaries,
                b.beneficiaries, zx::format_int_grouped(a.total_yuan).c_str(),
                zx::format_int_grouped(b.total_yuan).c_str(), static_cast<long long>(b.total_yuan - a.total_yuan));
}

int cmd_simulate(const Globals& g, const SimArgs& a) {
    auto base_policy = load_policy_checked(a.policy);
    if (!base_policy) return fail(g, base_policy.status());
    zx::Policy scen_policy = *base_policy;
    for (const auto& s : a.sets)
        if (auto st = zx::apply_setting(scen_policy, s); !st) return fail(g, st);
    zx::LoadReport report;
    zx::MonthRange window = base_policy->months_needed();
    auto ds = load(g, a.data, window, report);
    if (!ds) return report.ok() ? fail(g, ds.status()) : 1;
    zx::EvaluateOptions eo;
    eo.threads = g.threads;
    eo.budget_yuan = a.budget;
    const zx::Evaluation base = zx::evaluate(*base_policy, *ds, eo);
    const auto t0 = Clock::now();
    const zx::Evaluation scen = zx::evaluate(scen_policy, *ds, eo);
    const auto t1 = Clock::now();
    const zx::ScenarioComparison cmp = zx::compare_scenarios(*base_policy, base, scen_policy, scen, *ds);
    std::printf(g.en() ? "what-if: %zu setting(s)\n" : "政策模拟：%zu 项调整\n", a.sets.size());
    for (const auto& s : a.sets) std::printf("  --set %s\n", s.c_str());
    std::printf("  %s %s %s\n", zx::pad_display("", 44).c_str(),
                zx::pad_display(g.en() ? "beneficiaries" : "受益企业", 20).c_str(),
                g.en() ? "amount (yuan)" : "金额（元）");
    for (std::size_t i = 0; i < scen_policy.clauses.size(); ++i)
        print_tally_diff(zx::clause_label(scen_policy.clauses[i]), cmp.baseline.by_clause[i],
                         cmp.scenario.by_clause[i]);
    print_tally_diff(g.en() ? "total" : "合计", cmp.baseline.all, cmp.scenario.all);
    std::printf(g.en() ? "  by city:\n" : "  按市：\n");
    for (std::size_t i = 0; i < 14; ++i)
        if (cmp.baseline.by_city[i].rows || cmp.scenario.by_city[i].rows)
            print_tally_diff(std::string(zx::kCities[i]), cmp.baseline.by_city[i], cmp.scenario.by_city[i]);
    std::printf(g.en() ? "  %zu enterprises gain (%zu new), %zu lose (%zu drop out)\n"
                       : "  增加 %zu 家（新增受益 %zu 家），减少 %zu 家（不再受益 %zu 家）\n",
                cmp.gainers, cmp.new_beneficiaries, cmp.losers, cmp.lost_beneficiaries);
    const std::size_t shown = std::min(a.top, cmp.changes.size());
    if (shown) std::printf(g.en() ? "  largest changes:\n" : "  变化最大的企业：\n");
    for (std::size_t i = 0; i < shown; ++i) {
        const auto& c = cmp.changes[i];
        std::printf("    %s %s %s → %s (%+lld)\n", std::string(ds->uscc(c.ent)).c_str(),
                    std::string(ds->name(c.ent)).c_str(), zx::format_int_grouped(c.before_yuan).c_str(),
                    zx::format_int_grouped(c.after_yuan).c_str(), static_cast<long long>(c.after_yuan - c.before_yuan));
    }
    std::printf(g.en() ? "  re-evaluation took %.1f ms\n" : "  重新计算用时 %.1f ms\n",
                std::chrono::duration<double, std::milli>(t1 - t0).count());
    if (!a.out.empty()) {
        std::string csv = "uscc,name,city,before_yuan,after_yuan,change_yuan\n";
        for (const auto& c : cmp.changes) {
            csv += std::string(ds->uscc(c.ent)) + ",";
            zx::append_csv_field(csv, ds->name(c.ent));
            csv += "," + std::string(zx::kCities[ds->city(c.ent)]) + "," + std::to_string(c.before_yuan) + "," +
                   std::to_string(c.after_yuan) + "," + std::to_string(c.after_yuan - c.before_yuan) + "\n";
        }
        if (auto s = zx::write_file_atomic(a.out, csv); !s) return fail(g, s);
    }
    return 0;
}

int cmd_demo(const Globals& g, std::size_t n, std::uint64_t seed, const std::string& out) {
    zx::DemoOptions o;
    o.enterprises = n;
    o.seed = seed;
    Progress progress(g, g.en() ? "generating" : "生成演示数据");
    auto st = zx::write_demo_data(o, out, [&](std::size_t d, std::size_t t) { progress(d, t); });
    if (!st) return fail(g, st);
    // The 亩均 data (land, annual, parks) of the same enterprises, for the year before the latest
    // output year and the one before it: the evaluation of year Y is published in Y + 1.
    const int year = o.months.last.year() - 1;
    const zx::Dataset ds = zx::generate_dataset(o);
    st = zx::parks::write_park_demo(ds, zx::parks::generate_park_demo(ds, {seed, year}), out);
    if (!st) return fail(g, st);
    // The monitoring tables beside output (electricity, revenue, plans; city indicators; key
    // projects). A row per enterprise and month: above 200,000 enterprises they would be several GB,
    // so a national-scale population gets the awards' and 亩均 files only.
    const bool monitoring = n <= 200'000;
    if (monitoring) {
        st = zx::monitoring::write_monitoring_demo(ds, zx::monitoring::generate_monitoring_demo(ds, o.months, seed),
                                                   out);
        if (!st) return fail(g, st);
    }
    if (!g.quiet)
        std::fprintf(stderr,
                     g.en() ? "wrote %zu enterprises to %s (亩均 data for %d and %d%s)\n"
                            : "已生成 %zu 家企业的演示数据：%s（含 %d、%d 年亩均数据%s）\n",
                     n, out.c_str(), year - 1, year,
                     monitoring ? (g.en() ? "; monitoring tables" : "、监测调度数据") : "");
    return 0;
}

}  // namespace

// Expected failures come back as a Status; an exception reaching here is a bug or exhaustion
// (bad_alloc): name it and exit 1 instead of aborting without unwinding.
int main(int argc, char** argv) try {
    CLI::App app{"振兴 Zhenxing — 广西工业振兴政策奖补计算 / policy engine for the Guangxi 2023 industrial measures"};
    app.require_subcommand(1);
    Globals g;
    app.add_option("--lang", g.lang, "消息语言 message language: zh | en")->check(CLI::IsMember({"zh", "en"}));
    app.add_option("--threads", g.threads, "线程数（0=全部核心）threads (0 = all cores)");
    app.add_flag("-q,--quiet", g.quiet, "不输出进度和汇总 no progress or summary");

    std::string data_dir;
    auto* validate = app.add_subcommand(
        "validate", "校验数据并输出摘要或全部错误 / check the data, print a summary or every defect");
    validate->add_option("--data", data_dir, "数据目录 data directory (enterprises, designations, output)")->required();

    EvalArgs ea;
    std::string budget_text;
    auto* evaluate = app.add_subcommand("evaluate", "计算全部条款的奖励 / compute the awards of every clause");
    evaluate->add_option("--policy", ea.policy, "政策目录 policy directory, e.g. policies/guangxi-2023")->required();
    evaluate->add_option("--data", ea.data, "数据目录 data directory")->required();
    evaluate->add_option("--out", ea.out, "输出文件 output file")->required();
    evaluate->add_option("--budget", budget_text,
                         "预算总额（元，可写 2亿、5000万）budget in yuan; awards above it are scaled");
    evaluate->add_option("--format", ea.format, "输出格式 csv | json | xlsx (公示名单 notice list)")
        ->check(CLI::IsMember({"csv", "json", "xlsx"}));
    evaluate->add_option("--summary", ea.summary_file, "汇总另存为JSON文件 also write the summary as JSON");
    evaluate->add_option("--city", ea.city, "仅输出该市的公示名单（xlsx）notice list for one city only (xlsx)");
    evaluate->add_flag("--excel-bom", ea.bom, "CSV带BOM便于Excel打开 write a BOM so Excel opens the CSV as UTF-8");

    std::string ex_policy, ex_data, ex_uscc, ex_budget;
    auto* explain = app.add_subcommand("explain", "某企业逐条款、逐期的完整计算过程 / full trace for one enterprise");
    explain->add_option("--policy", ex_policy, "政策目录 policy directory")->required();
    explain->add_option("--data", ex_data, "数据目录 data directory")->required();
    explain->add_option("--uscc", ex_uscc, "统一社会信用代码 the enterprise's USCC")->required();
    explain->add_option("--budget", ex_budget, "预算总额 budget in yuan");

    SimArgs sa;
    std::string sim_budget;
    auto* simulate = app.add_subcommand("simulate", "政策模拟：调整参数与基线比较 / what-if against the baseline");
    simulate->add_option("--policy", sa.policy, "政策目录 policy directory")->required();
    simulate->add_option("--data", sa.data, "数据目录 data directory")->required();
    simulate->add_option("--set", sa.sets,
                         "调整参数 setting, e.g. clause2.growth_min=10% clause2.rate=1.5% clause1.cap_year=200万 "
                         "clause2.threshold.A=1.5亿 clause3.enabled=false budget=5亿");
    simulate->add_option("--budget", sim_budget, "两者共用的预算 budget for both runs (yuan)");
    simulate->add_option("--out", sa.out, "变化企业清单CSV list of changed enterprises (CSV)");
    simulate->add_option("--top", sa.top, "列出变化最大的N家 show the N largest changes");

    std::size_t demo_n = 20000;
    std::uint64_t demo_seed = 1;
    std::string demo_out;
    auto* demo = app.add_subcommand("demo-data", "生成广西企业演示数据 / generate a synthetic Guangxi population");
    demo->add_option("--enterprises", demo_n, "企业数 number of enterprises")->check(CLI::Range(1, 20000000));
    demo->add_option("--seed", demo_seed, "随机种子（同种子同数据）seed (same seed, same data)");
    demo->add_option("--out", demo_out, "输出目录 output directory")->required();

    zx::cli::add_server_commands(app);
    zx::cli::add_calendar_commands(app);
    zx::cli::add_parks_commands(app);
    zx::cli::add_monitor_commands(app);

    // A usage error (a missing or malformed option) exits 2, like every other argument error of the
    // command line; --help and --version exit 0.
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    if (int rc = zx::cli::run_server_commands(g.en() ? zx::Lang::kEn : zx::Lang::kZh); rc >= 0) return rc;
    if (int rc = zx::cli::run_calendar_commands(g.en() ? zx::Lang::kEn : zx::Lang::kZh); rc >= 0) return rc;
    if (int rc = zx::cli::run_parks_commands(g.en() ? zx::Lang::kEn : zx::Lang::kZh); rc >= 0) return rc;
    if (int rc = zx::cli::run_monitor_commands(g.en() ? zx::Lang::kEn : zx::Lang::kZh); rc >= 0) return rc;

    auto budget_of = [&](const std::string& text, std::optional<std::int64_t>& out) -> bool {
        if (text.empty()) return true;
        out = zx::parse_whole_yuan(text);
        if (!out)
            std::fprintf(stderr,
                         g.en() ? "zhenxing: --budget %s: expected an amount in yuan (e.g. 200000000 or 2亿)\n"
                                : "zhenxing: --budget %s：应为元金额（如 200000000、2亿）\n",
                         text.c_str());
        return out.has_value();
    };

    if (*validate) return cmd_validate(g, data_dir);
    if (*evaluate) {
        if (!budget_of(budget_text, ea.budget)) return 2;
        return cmd_evaluate(g, ea);
    }
    if (*explain) {
        std::optional<std::int64_t> b;
        if (!budget_of(ex_budget, b)) return 2;
        return cmd_explain(g, ex_policy, ex_data, ex_uscc, b);
    }
    if (*simulate) {
        if (!budget_of(sim_budget, sa.budget)) return 2;
        return cmd_simulate(g, sa);
    }
    if (*demo) return cmd_demo(g, demo_n, demo_seed, demo_out);
    return 2;
} catch (const std::exception& e) {
    std::fprintf(stderr, "zhenxing: 内部错误 internal error: %s\n", e.what());
    return 1;
} catch (...) {
    std::fprintf(stderr, "zhenxing: 内部错误 internal error\n");
    return 1;
}
