#include "modules/service_desk/calendar_files.hpp"

#include "platform/formats/toml_rules.hpp"

#include <algorithm>
#include <system_error>

namespace zx {
namespace {

namespace fs = std::filesystem;
using toml_rules::file_error;
using toml_rules::only_keys;
using toml_rules::parse;

// "2023-01-21" or "2023-01-21/2023-01-27" (inclusive) into `out`.
Status add_dates(const fs::path& file, const toml::node& n, const std::string& field, const std::string& name,
                 std::map<Date, std::string>& out) {
    const auto* s = n.as_string();
    if (!s) return file_error(file, &n, field, {"应为日期字符串", "expected a date string"});
    const std::string text = s->get();
    const auto slash = text.find('/');
    auto first = parse_date(text.substr(0, slash));
    auto last = slash == std::string::npos ? first : parse_date(text.substr(slash + 1));
    if (!first || !last || *last < *first)
        return file_error(file, &n, field,
                          {"“" + text + "”不是 YYYY-MM-DD 或 YYYY-MM-DD/YYYY-MM-DD",
                           "\"" + text + "\" is not YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD"});
    const std::int64_t a = days_since_epoch(*first), b = days_since_epoch(*last);
    if (b - a > 31) return file_error(file, &n, field, {"区间超过31天", "a range over 31 days"});
    for (std::int64_t d = a; d <= b; ++d) out[date_from_days(d)] = name;
    return Status::ok();
}

Result<CalendarYear> load_year(const fs::path& file) {
    auto root = parse(file);
    if (!root) return root.status();
    if (auto s = only_keys(file, *root, "", {"year", "source", "holiday"}); !s) return s;
    CalendarYear y;
    const auto* year = (*root)["year"].as_integer();
    if (!year) return file_error(file, nullptr, "year", {"缺少年份", "missing"});
    y.year = static_cast<int>(year->get());
    if (file.stem().string() != std::to_string(y.year))
        return file_error(file, year, "year", {"与文件名不符", "differs from the file name"});
    const auto* source = (*root)["source"].as_string();
    if (!source || source->get().empty())
        return file_error(file, nullptr, "source", {"须注明来源文件", "the source document is required"});
    y.source = source->get();
    if (const toml::node* hs = root->get("holiday")) {
        const auto* arr = hs->as_array();
        if (!arr) return file_error(file, hs, "holiday", {"应为 [[holiday]] 表数组", "expected [[holiday]] tables"});
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string path = "holiday[" + std::to_string(i + 1) + "].";
            const auto* h = (*arr)[i].as_table();
            if (!h) return file_error(file, &(*arr)[i], path, {"应为表", "expected a table"});
            if (auto s = only_keys(file, *h, path, {"name", "dates", "working_days"}); !s) return s;
            const auto* name = (*h)["name"].as_string();
            if (!name) return file_error(file, h, path + "name", {"缺少节日名称", "missing"});
            for (const char* key : {"dates", "working_days"}) {
                const toml::node* list = h->get(key);
                if (!list) {
                    if (std::string_view(key) == "dates")
                        return file_error(file, h, path + key, {"缺少放假日期", "missing"});
                    continue;
                }
                const auto* a = list->as_array();
                if (!a) return file_error(file, list, path + key, {"应为日期数组", "expected an array of dates"});
                auto& target = std::string_view(key) == "dates" ? y.holidays : y.working_days;
                for (const toml::node& d : *a)
                    if (auto s = add_dates(file, d, path + key, name->get(), target); !s) return s;
            }
        }
    }
    for (const auto& [d, name] : y.working_days) {
        if (y.holidays.contains(d))
            return file_error(
                file, nullptr, "holiday",
                {format_date(d) + "既是假日又是调休上班日", format_date(d) + " is both a holiday and a working day"});
        if (weekday(d) < 5)
            return file_error(file, nullptr, "working_days",
                              {format_date(d) + "是周一至周五，不是调休上班的周末",
                               format_date(d) + " is a weekday, not a weekend worked"});
    }
    return y;
}

Result<CalendarLayer> load_layer(const fs::path& dir, const std::string& name) {
    CalendarLayer layer;
    layer.name = name;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return Status::data_error({dir.string() + "：日历层目录不存在", dir.string() + ": no such calendar layer"});
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == ".toml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
        auto y = load_year(f);
        if (!y) return y.status();
        const int year = y->year;
        layer.years.emplace(year, std::move(y).value());
    }
    return layer;
}

}  // namespace

Result<WorkingCalendar> load_working_calendar(const fs::path& root, const std::string& region) {
    const fs::path file = root / "regions.toml";
    auto regions = parse(file);
    if (!regions) return regions.status();
    const toml::table* all = (*regions)["regions"].as_table();
    if (!all) return file_error(file, nullptr, "regions", {"缺少 [regions]", "missing [regions]"});
    const toml::table* r = (*all)[region].as_table();
    if (!r) {
        std::string names;
        for (const auto& [k, v] : *all) names += (names.empty() ? "" : ", ") + std::string(k.str());
        return Status::invalid({"--region：未知地区“" + region + "”；可选：" + names,
                                "--region: unknown region \"" + region + "\"; one of: " + names});
    }
    if (auto s = only_keys(file, *r, "regions." + region + ".", {"name", "layers"}); !s) return s;
    const auto* layers = (*r)["layers"].as_array();
    if (!layers || layers->empty())
        return file_error(file, r, "regions." + region + ".layers", {"须列出日历层", "list the layers"});
    std::vector<CalendarLayer> out;
    for (const toml::node& n : *layers) {
        const auto* name = n.as_string();
        if (!name || name->get().empty() || name->get().find_first_of("/\\.") != std::string::npos)
            return file_error(file, &n, "regions." + region + ".layers",
                              {"日历层应为目录名", "a layer is a directory name"});
        auto layer = load_layer(root / name->get(), name->get());
        if (!layer) return layer.status();
        out.push_back(std::move(layer).value());
    }
    return WorkingCalendar(std::move(out));
}

}  // namespace zx
