#include "cli/monitor_commands.hpp"

#include <cstdio>
#include <optional>
#include <string>

#include "cli/cli_support.hpp"
#include "core/region.hpp"
#include "modules/enterprise_data/data_loader.hpp"
#include "modules/monitoring/rules/figures.hpp"
#include "platform/formats/text_output.hpp"

namespace zx::cli {
namespace {

using monitoring::GroupFigures;

struct MonitorArgs {
    std::string data, month, out, city;
};
MonitorArgs args;
CLI::App* cities_cmd = nullptr;
CLI::App* industries_cmd = nullptr;
CLI::App* groups_cmd = nullptr;

int fail(Lang lang, const Status& s) {
    std::fprintf(stderr, "zhenxing monitor: %s\n", s.text().in(lang).c_str());
    return exit_code(s);
}

int write_out(Lang lang, const std::string& text) {
    if (args.out.empty() || args.out == "-") {
        std::fputs(text.c_str(), stdout);
        return 0;
    }
    if (auto s = write_file_atomic(args.out, text); !s) return fail(lang, s);
    return 0;
}

// The month as the command was given it, or a usage error saying why it cannot be reported.
Result<YearMonth> month_of(const std::string& text) {
    auto m = parse_year_month(text);
    if (!m)
        return Status::invalid({"--month " + text + "：应为 YYYY-MM（如 2023-06）",
                                "--month " + text + ": expected YYYY-MM (e.g. 2023-06)"});
    if (!monitoring::reportable(*m))
        return Status::invalid({"--month " + text + "：1月不单独统计，与2月合并为1—2月发布，请用 " +
                                    std::to_string(m->year()) + "-02 或之后的月份",
                                "--month " + text +
                                    ": January is not reported alone (statistics publish 1—2月 "
                                    "together); use " +
                                    std::to_string(m->year()) + "-02 or a later month"});
    return *m;
}

// "group,label,output_yuan,base_yuan,growth_pct,rank,contribution_pp,enterprises" for industries and
// designation groups; contribution against the whole scope's base (the city's, or the province's).
std::string groups_csv(const char* key, const std::vector<GroupFigures>& rows, const GroupFigures& scope) {
    std::string out = std::string(key) + ",name,output_yuan,base_yuan,growth_pct,rank,contribution_pp,enterprises\n";
    for (const auto& g : rows) {
        out += g.key + ',';
        append_csv_field(out, g.label);
        out += ',' + monitoring::yuan_text(g.output) + ',' + monitoring::yuan_text(g.base) + ',' +
               monitoring::growth_text(g.output, g.base) + ',' + (g.rank ? std::to_string(*g.rank) : "") + ',' +
               monitoring::points_text(g.output - g.base, scope.base) + ',' + std::to_string(g.enterprises) + '\n';
    }
    return out;
}

}  // namespace

void add_monitor_commands(CLI::App& app) {
    auto* mon = app.add_subcommand("monitor", "监测调度：分市、分行业、分类别累计增速 / monitoring figures");
    mon->require_subcommand(1);
    cities_cmd = mon->add_subcommand("cities", "分市累计增速、排位与拉动，输出CSV / the city table, as CSV");
    industries_cmd =
        mon->add_subcommand("industries", "分行业（国民经济行业大类）累计增速 / by GB/T 4754 division, as CSV");
    groups_cmd = mon->add_subcommand("groups", "分类别（认定名单）累计增速 / by designation, as CSV");
    for (CLI::App* c : {cities_cmd, industries_cmd, groups_cmd}) {
        c->add_option("--data", args.data, "数据目录 data directory (enterprises, output; designations optional)")
            ->required();
        c->add_option("--month", args.month, "截至月份 YYYY-MM (from February: 1—2月 together)")->required();
        c->add_option("--out", args.out, "输出文件（默认标准输出）output file (default: stdout)");
    }
    for (CLI::App* c : {industries_cmd, groups_cmd})
        c->add_option("--city", args.city, "只看一个市 one city (default: the province)");
}

int run_monitor_commands(Lang lang) {
    if (!*cities_cmd && !*industries_cmd && !*groups_cmd) return -1;
    auto month = month_of(args.month);
    if (!month) return fail(lang, month.status());
    std::optional<CityId> city;
    if (!args.city.empty()) {
        city = find_city(args.city);
        if (!city)
            return fail(lang, Status::invalid({"--city " + args.city + "：不是广西14个设区市之一",
                                               "--city " + args.city + ": not one of Guangxi's 14 cities"}));
    }
    const monitoring::Period period{*month};
    LoadOptions options;
    options.month_window = MonthRange{period.base().first, period.current().last};
    options.designations_optional = true;
    LoadReport report;
    auto ds = load_dataset(args.data, options, report);
    if (!ds) {
        if (!report.ok()) print_defects(lang, report);
        return fail(lang, ds.status());
    }
    const auto sums = monitoring::enterprise_sums(*ds, period);
    const auto cities = monitoring::by_city(*ds, sums);
    if (*cities_cmd) return write_out(lang, monitoring::city_table_csv(cities));
    const GroupFigures scope = city ? cities[*city] : monitoring::total_of(cities, "全区");
    if (*industries_cmd)
        return write_out(lang, groups_csv("division", monitoring::by_division(*ds, sums, city), scope));
    return write_out(lang, groups_csv("designation", monitoring::by_designation(*ds, sums, city), scope));
}

}  // namespace zx::cli
