#include "cli/calendar_commands.hpp"
#include "cli/server_commands.hpp"

#include <cstdio>
#include <filesystem>
#include <string>

#include "core/working_calendar.hpp"
#include "modules/service_desk/calendar_files.hpp"

namespace zx::cli {
namespace {

struct CalendarArgs {
    std::string from, date, region = "guangxi", root = "calendars";
    int days = 0;
};
CalendarArgs args;
CLI::App* add_cmd = nullptr;
CLI::App* day_cmd = nullptr;

int fail(Lang lang, const Text& t) {
    std::fprintf(stderr, "zhenxing calendar: %s\n", t.in(lang).c_str());
    return 2;
}

std::optional<Date> date_arg(Lang lang, const char* option, const std::string& text) {
    auto d = parse_date(text);
    if (!d)
        fail(lang, {std::string(option) + "：“" + text + "”不是 YYYY-MM-DD 日期",
                    std::string(option) + ": \"" + text + "\" is not a YYYY-MM-DD date"});
    return d;
}

void say_provisional(Lang lang, const std::set<int>& years, const std::string& region) {
    std::string ys;
    for (int y : years) ys += (ys.empty() ? "" : ", ") + std::to_string(y);
    const Text t{"暂定：" + region + " 日历尚未载入 " + ys + " 年的放假安排，结果待该年通知载入后重算\n",
                 "provisional: the " + region + " calendar has no holiday notice for " + ys +
                     " yet; recompute once it is added\n"};
    std::fputs(t.in(lang).c_str(), stderr);
}

}  // namespace

void add_calendar_commands(CLI::App& app) {
    auto* cal = app.add_subcommand("calendar", "工作日历（法定节假日、调休、壮族三月三）/ the working calendar");
    cal->require_subcommand(1);
    add_cmd =
        cal->add_subcommand("add-working-days", "给定日期之后第N个工作日（当日不计）/ the N-th working day after");
    add_cmd->add_option("--from", args.from, "起算日期 YYYY-MM-DD（不计入）/ start date (not counted)")->required();
    add_cmd->add_option("--days", args.days, "工作日数 N / working days")->required()->check(CLI::Range(0, 36500));
    day_cmd = cal->add_subcommand("working-day", "是否工作日（true|false）/ whether a date is a working day");
    day_cmd->add_option("--date", args.date, "日期 YYYY-MM-DD / the date")->required();
    for (CLI::App* c : {add_cmd, day_cmd}) {
        c->add_option("--region", args.region, "national | guangxi（默认 guangxi）/ the calendar's region");
        c->add_option("--calendars", args.root, "日历目录 calendars directory (default: calendars)");
    }
}

int run_calendar_commands(Lang lang) {
    if (!*add_cmd && !*day_cmd) return -1;
    auto cal = load_working_calendar(resolve_data_dir(args.root, "calendars"), args.region);
    if (!cal) return fail(lang, cal.status().text());
    if (*add_cmd) {
        auto from = date_arg(lang, "--from", args.from);
        if (!from) return 2;
        const AddWorkingDaysAnswer a = cal->add_working_days(*from, args.days);
        std::printf("%s\n", format_date(a.date).c_str());
        if (a.provisional) say_provisional(lang, a.missing_years, args.region);
        return 0;
    }
    auto date = date_arg(lang, "--date", args.date);
    if (!date) return 2;
    const WorkingDayAnswer w = cal->working_day(*date);
    std::printf("%s\n", w.working ? "true" : "false");
    if (w.provisional) say_provisional(lang, {date->year()}, args.region);
    return 0;
}

}  // namespace zx::cli
