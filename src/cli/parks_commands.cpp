#include "cli/parks_commands.hpp"

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include "cli/cli_support.hpp"
#include "modules/park_evaluation/park_data.hpp"
#include "modules/park_evaluation/park_report.hpp"
#include "modules/park_evaluation/rules/explain.hpp"
#include "modules/park_evaluation/scheme_loader.hpp"
#include "platform/formats/text_output.hpp"

namespace zx::cli {
namespace {

using parks::ConsequenceHit;
using parks::consequences_of;
using parks::enterprise_csv;
using parks::EnterpriseInput;
using parks::EnterpriseRow;
using parks::evaluate;
using parks::Evaluation;
using parks::explain;
using parks::Flip;
using parks::format_frac_short;
using parks::HistoryEntry;
using parks::inputs_for;
using parks::inverse;
using parks::InverseAnswer;
using parks::Line;
using parks::load_park_data;
using parks::load_scheme;
using parks::park_csv;
using parks::ParkData;
using parks::RowState;
using parks::Scheme;
using parks::sensitivity;
using parks::years_of;

struct ParksArgs {
    std::string scheme, data, out, level = "enterprises", uscc;
    int year = 0;
};
ParksArgs args;
CLI::App* evaluate_cmd = nullptr;
CLI::App* explain_cmd = nullptr;
CLI::App* sensitivity_cmd = nullptr;
CLI::App* consequences_cmd = nullptr;

int exit_code(const Status& s) {
    switch (s.code()) {
        case StatusCode::kOk:
            return 0;
        case StatusCode::kDataError:
        case StatusCode::kPolicyError:
            return 1;
        case StatusCode::kIoError:
        case StatusCode::kNotFound:
            return 3;
        default:
            return 2;
    }
}

int fail(Lang lang, const Status& s) {
    std::fprintf(stderr, "zhenxing parks: %s\n", s.text().in(lang).c_str());
    return exit_code(s);
}

struct Loaded {
    Scheme scheme;
    ParkData data;
    std::vector<EnterpriseInput> inputs;
    Evaluation ev;
};

Status load_all(Lang lang, Loaded& l, int year) {
    auto scheme = load_scheme(args.scheme);
    if (!scheme) return scheme.status();
    l.scheme = std::move(*scheme);
    LoadReport report;
    auto data = load_park_data(args.data, l.scheme, report);
    if (!data) {
        if (!report.ok()) print_defects(lang, report);
        return data.status();
    }
    l.data = std::move(*data);
    l.inputs = inputs_for(l.scheme, l.data, year);
    l.ev = evaluate(l.scheme, l.inputs, l.data.parks, year);
    if (l.ev.overflow)
        return Status::data_error(
            {"数值过大，无法精确计算（请检查单位）", "figures too large to compute exactly (check the units)"});
    return Status::ok();
}

void report_missing(Lang lang, const Loaded& l) {
    const bool en = lang == Lang::kEn;
    for (std::size_t i : l.ev.missing)
        std::fprintf(stderr,
                     en ? "missing data: %s %s has land but no annual.csv row for %d (not rated)\n"
                        : "缺少数据：%s %s 有用地但没有 %d 年的 annual.csv 数据（未评价）\n",
                     l.inputs[i].uscc.c_str(), l.inputs[i].name.c_str(), l.ev.year);
    for (std::size_t p : l.ev.empty_parks)
        std::fprintf(
            stderr,
            en ? "park %s has no rated enterprise in %d (not rated)\n" : "园区 %s 在 %d 年没有参评企业（未评价）\n",
            l.data.parks[p].id.c_str(), l.ev.year);
}

std::optional<std::size_t> row_of(const Loaded& l, const std::string& uscc) {
    for (std::size_t r = 0; r < l.ev.rows.size(); ++r)
        if (l.inputs[l.ev.rows[r].input].uscc == uscc) return r;
    return std::nullopt;
}

int run_explain(Lang lang, const Loaded& l) {
    const bool en = lang == Lang::kEn;
    auto r = row_of(l, args.uscc);
    if (!r) {
        for (std::size_t i : l.ev.missing)
            if (l.inputs[i].uscc == args.uscc)
                return fail(lang,
                            Status::not_found({args.uscc + " 缺少 " + std::to_string(args.year) + " 年数据，未评价",
                                               args.uscc + " has no figures for " + std::to_string(args.year)}));
        return fail(lang, Status::not_found({args.uscc + " 不在评价范围内（无用地或无数据）",
                                             args.uscc + " is not evaluated (no land or no figures)"}));
    }
    const EnterpriseRow& row = l.ev.rows[*r];
    const EnterpriseInput& in = l.inputs[row.input];
    std::string out = in.uscc + " " + in.name + " " + std::to_string(args.year) + "\n";
    for (const Line& line : explain(l.scheme, l.ev, *r)) out += "  " + (en ? line.en : line.zh) + "\n";
    const auto inv = inverse(l.scheme, l.ev, *r);
    if (!inv.empty()) out += en ? "to reach the next grade:\n" : "升档所需（单项调整）：\n";
    for (const InverseAnswer& a : inv) out += "  " + (en ? a.text.en : a.text.zh) + "\n";
    std::fputs(out.c_str(), stdout);
    return 0;
}

int write_out(Lang lang, const std::string& text) {
    if (args.out.empty() || args.out == "-") {
        std::fputs(text.c_str(), stdout);
        return 0;
    }
    if (auto s = write_file_atomic(args.out, text); !s) return fail(lang, s);
    return 0;
}

}  // namespace

void add_parks_commands(CLI::App& app) {
    auto* parks = app.add_subcommand("parks", "亩均效益评价（企业与园区）/ 亩均 evaluation of enterprises and parks");
    parks->require_subcommand(1);
    evaluate_cmd = parks->add_subcommand("evaluate", "评价并分档，输出CSV / score, rank and grade, as CSV");
    explain_cmd =
        parks->add_subcommand("explain", "某企业的逐项计算与升档所需 / one enterprise's lines and inverse answer");
    sensitivity_cmd =
        parks->add_subcommand("sensitivity", "单项数据变动1%即改变等级的企业 / grades that flip on a 1% change");
    consequences_cmd =
        parks->add_subcommand("consequences", "按连续等级的差别化措施清单 / measures by consecutive grades");
    for (CLI::App* c : {evaluate_cmd, explain_cmd, sensitivity_cmd, consequences_cmd}) {
        c->add_option("--scheme", args.scheme, "评价方案目录 scheme directory, e.g. schemes/guangxi-default")
            ->required();
        c->add_option("--data", args.data, "数据目录 data directory (enterprises, land, annual, parks)")->required();
        c->add_option("--year", args.year, "评价年度 year")->required()->check(CLI::Range(2000, 2100));
    }
    for (CLI::App* c : {evaluate_cmd, sensitivity_cmd, consequences_cmd})
        c->add_option("--out", args.out, "输出文件（默认标准输出）output file (default: stdout)");
    evaluate_cmd->get_option("--out")->required();
    evaluate_cmd->add_option("--level", args.level, "enterprises（默认）| parks")
        ->check(CLI::IsMember({"enterprises", "parks"}));
    explain_cmd->add_option("--uscc", args.uscc, "统一社会信用代码 the enterprise")->required();
}

int run_parks_commands(Lang lang) {
    if (!*evaluate_cmd && !*explain_cmd && !*sensitivity_cmd && !*consequences_cmd) return -1;
    const bool en = lang == Lang::kEn;
    Loaded l;
    if (auto s = load_all(lang, l, args.year); !s) return fail(lang, s);
    if (*explain_cmd) return run_explain(lang, l);
    if (*evaluate_cmd) {
        report_missing(lang, l);
        return write_out(lang, args.level == "parks" ? park_csv(l.scheme, l.data.parks, l.ev)
                                                     : enterprise_csv(l.scheme, l.inputs, l.ev));
    }
    if (*sensitivity_cmd) {
        std::string out = "uscc,column,direction,grade_before,grade_after\n";
        for (const Flip& f : sensitivity(l.scheme, l.ev))
            out += l.inputs[l.ev.rows[f.row].input].uscc + "," + f.column + "," + (f.direction > 0 ? "+1%" : "-1%") +
                   "," + f.grade_before + "," + f.grade_after + "\n";
        return write_out(lang, out);
    }
    // Consequences: the grades of each enterprise in the years up to --year, consecutive runs.
    std::vector<int> years = years_of(l.data);
    std::map<std::string, std::vector<HistoryEntry>> history;
    for (int y : years) {
        if (y > args.year) continue;
        const auto in = inputs_for(l.scheme, l.data, y);
        const Evaluation ev = evaluate(l.scheme, in, l.data.parks, y);
        std::map<std::string, std::string> grade;
        for (const EnterpriseRow& r : ev.rows)
            grade[in[r.input].uscc] = r.state == RowState::kExempt ? l.scheme.exempt_grade : r.scored.grade;
        for (const EnterpriseRow& r : l.ev.rows) {
            const std::string& u = l.inputs[r.input].uscc;
            auto it = grade.find(u);
            history[u].push_back({y, it == grade.end() ? std::string() : it->second, std::nullopt});
        }
    }
    std::string out = "uscc,name,grade,consecutive_years,department,measure,amount,unit\n";
    for (const EnterpriseRow& r : l.ev.rows) {
        const EnterpriseInput& in = l.inputs[r.input];
        for (const ConsequenceHit& h : consequences_of(l.scheme, history[in.uscc])) {
            out += in.uscc + ",";
            append_csv_field(out, in.name);
            out += "," + h.consequence->grade + "," + std::to_string(h.years) + ",";
            append_csv_field(out, h.consequence->department_zh);
            out += ",";
            append_csv_field(
                out, en && !h.consequence->measure_en.empty() ? h.consequence->measure_en : h.consequence->measure_zh);
            out += "," + (h.consequence->amount ? format_frac_short(*h.consequence->amount, 6) : std::string()) + ",";
            append_csv_field(out, h.consequence->amount_unit);
            out += "\n";
        }
    }
    return write_out(lang, out);
}

}  // namespace zx::cli
