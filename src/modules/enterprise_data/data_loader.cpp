#include "modules/enterprise_data/data_loader.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "core/industry.hpp"
#include "core/money.hpp"
#include "core/uscc.hpp"
#include "modules/enterprise_data/output_loader.hpp"
#include "modules/enterprise_data/table_file.hpp"
#include "platform/formats/text_file.hpp"
#include "platform/formats/xlsx_reader.hpp"

namespace zx {
namespace {

using data_loader_internal::check_uscc;
using data_loader_internal::check_width;
using data_loader_internal::Columns;
using data_loader_internal::DefectList;
using data_loader_internal::field_at;
using data_loader_internal::Fields;
using data_loader_internal::for_each_row;
using data_loader_internal::load_output;
using data_loader_internal::map_header;
using data_loader_internal::open_file;
using data_loader_internal::open_table;
using data_loader_internal::scan_output_keys;
using data_loader_internal::TableFile;
using data_loader_internal::trim;

constexpr std::string_view kEnterpriseFile = "enterprises";

// Loads enterprises and builds the USCC index; duplicates are found by the index.
void load_enterprises(TableFile& t, Dataset& ds, DefectList& d, std::vector<std::int64_t>& line_of) {
    static constexpr std::array<std::string_view, 5> kNames = {"uscc", "name", "city", "industry", "scale_since"};
    Columns<5> cols;
    line_of.clear();
    for_each_row(
        t, [&](Fields h) { return map_header(t, h, kNames, cols, d); },
        [&](Fields f, std::int64_t line, const std::vector<XlsxCell>* cells) {
            bool ok = true;
            if (!t.xlsx) check_width(t.name, line, f, cols.width, d, ok);
            if (!ok) return;
            auto get = [&](int i) { return field_at(f, cols, i); };
            const std::string_view uscc = get(0), name = get(1), city = get(2), industry = get(3);
            std::string scale_text(get(4));
            if (cells) {
                std::size_t p = static_cast<std::size_t>(cols.pos[4]);
                if (p < cells->size() && (*cells)[p].type == XlsxCell::Type::kNumber) {
                    if (auto iso = xlsx_serial_to_iso_date((*cells)[p].text)) scale_text = iso->substr(0, 7);
                }
            }
            ok &= check_uscc(t.name, line, "uscc", uscc, d);
            if (name.empty()) {
                d.add(t.name, line, "name", name, "企业名称为空", "name is empty");
                ok = false;
            }
            auto city_id = find_city(city);
            if (!city_id) {
                d.add(t.name, line, "city", city, "所属市不是广西14个设区市之一",
                      "city is not one of Guangxi's 14 cities");
                ok = false;
            }
            const int cls = parse_industry_class(industry);
            if (cls < 0) {
                d.add(t.name, line, "industry", industry, "行业代码不是GB/T 4754-2017四位行业小类代码",
                      "industry is not a GB/T 4754-2017 four-digit class");
                ok = false;
            }
            std::optional<YearMonth> since;
            if (!trim(scale_text).empty()) {
                since = parse_year_month(trim(scale_text));
                if (!since) {
                    d.add(t.name, line, "scale_since", scale_text, "入规月份不是有效的YYYY-MM月份",
                          "scale_since is not a valid month YYYY-MM");
                    ok = false;
                }
            }
            if (ok) {
                ds.add_enterprise(uscc, name, *city_id, cls, since);
                line_of.push_back(line);
            }
        });
    for (const auto& [later, earlier] : ds.build_index()) {
        const std::string first = std::to_string(line_of[earlier]);
        d.add(t.name, line_of[later], "uscc", ds.uscc(later), "统一社会信用代码重复（首次出现在第" + first + "行）",
              "duplicate USCC (first seen on line " + first + ")");
    }
}

// Turns an XLSX date cell into "YYYY-MM-DD" text; leaves text cells alone.
std::string cell_date(std::string_view text, const std::vector<XlsxCell>* cells, int pos) {
    if (cells && pos >= 0 && static_cast<std::size_t>(pos) < cells->size() &&
        (*cells)[static_cast<std::size_t>(pos)].type == XlsxCell::Type::kNumber) {
        if (auto iso = xlsx_serial_to_iso_date((*cells)[static_cast<std::size_t>(pos)].text)) return *iso;
    }
    return std::string(text);
}

void load_designations(TableFile& t, Dataset& ds, DefectList& d, std::size_t& count) {
    static constexpr std::array<std::string_view, 4> kNames = {"uscc", "designation", "valid_from", "valid_to"};
    Columns<4> cols;
    for_each_row(
        t, [&](Fields h) { return map_header(t, h, kNames, cols, d); },
        [&](Fields f, std::int64_t line, const std::vector<XlsxCell>* cells) {
            bool ok = true;
            if (!t.xlsx) check_width(t.name, line, f, cols.width, d, ok);
            if (!ok) return;
            auto get = [&](int i) { return field_at(f, cols, i); };
            const std::string_view uscc = get(0), kind = get(1);
            const std::string from_text = cell_date(get(2), cells, cols.pos[2]);
            const std::string to_text = cell_date(get(3), cells, cols.pos[3]);
            std::optional<EntId> ent;
            if (check_uscc(t.name, line, "uscc", uscc, d)) {
                ent = ds.find(uscc);
                if (!ent) {
                    d.add(t.name, line, "uscc", uscc, "该统一社会信用代码不在enterprises表中",
                          "USCC not found in enterprises", DefectKind::kUnknownEnterprise);
                    ok = false;
                }
            } else {
                ok = false;
            }
            auto des = find_designation(kind);
            if (!des) {
                d.add(t.name, line, "designation", kind,
                      "未知的认定类型（应为top500、dragon_head、little_giant、single_champion、new_in_scale、covid_"
                      "supplies、"
                      "cr_express之一）",
                      "unknown designation (expected one of top500, dragon_head, little_giant, single_champion, "
                      "new_in_scale, covid_supplies, cr_express)");
                ok = false;
            }
            auto from = parse_date(from_text);
            if (!from) {
                d.add(t.name, line, "valid_from", from_text, "有效期起不是有效日期（YYYY-MM-DD）",
                      "valid_from is not a valid date YYYY-MM-DD");
                ok = false;
            }
            std::optional<Date> to = kOpenEnd;
            if (!trim(to_text).empty()) {
                to = parse_date(trim(to_text));
                if (!to) {
                    d.add(t.name, line, "valid_to", to_text, "有效期止不是有效日期（YYYY-MM-DD），长期有效请留空",
                          "valid_to is not a valid date YYYY-MM-DD (leave empty when open)");
                    ok = false;
                } else if (from && *to < *from) {
                    d.add(t.name, line, "valid_to", to_text, "有效期止早于有效期起", "valid_to is before valid_from");
                    ok = false;
                }
            }
            if (ok) {
                ds.add_designation({*ent, *des, *from, *to});
                ++count;
            }
        });
}

}  // namespace

Result<Dataset> load_dataset(const std::filesystem::path& dir, const LoadOptions& options, LoadReport& report) {
    report = LoadReport{};
    DefectList d;
    d.max = options.max_defects;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        return Status::not_found({dir.string() + "：目录不存在", dir.string() + ": not a directory"});
    TableFile ent, des, out;
    if (auto s = open_table(dir, std::string(kEnterpriseFile), ent, d); !s) return s;
    bool has_designations = true;
    if (auto s = open_table(dir, "designations", des, d); !s) {
        if (!(options.designations_optional && s.code() == StatusCode::kNotFound)) return s;
        has_designations = false;
    }
    if (auto s = open_table(dir, "output", out, d, true); !s) return s;
    report.stats.encoding[0] = ent.xlsx ? "XLSX" : std::string(encoding_name(ent.encoding));
    if (has_designations) report.stats.encoding[1] = des.xlsx ? "XLSX" : std::string(encoding_name(des.encoding));
    report.stats.encoding[2] = out.xlsx ? "XLSX" : std::string(encoding_name(out.encoding));

    Dataset ds;
    load_enterprises(ent, ds, d, report.stats.enterprise_lines);
    report.stats.enterprises = ds.size();
    if (has_designations) load_designations(des, ds, d, report.stats.designations);
    load_output(out, ds, options, d, report.stats);
    ds.sort_designations();

    std::stable_sort(d.list.begin(), d.list.end(), [](const Defect& a, const Defect& b) {
        auto rank = [](const std::string& f) {
            return f.rfind("enterprises", 0) == 0 ? 0 : f.rfind("designations", 0) == 0 ? 1 : 2;
        };
        if (rank(a.file) != rank(b.file)) return rank(a.file) < rank(b.file);
        return a.line < b.line;
    });
    report.defects = std::move(d.list);
    report.defects_total = d.total;
    if (report.defects_total > 0)
        return Status::data_error({dir.string() + " 中有 " + std::to_string(report.defects_total) + " 处数据问题",
                                   std::to_string(report.defects_total) + " defect(s) in " + dir.string()});
    return ds;
}

std::string_view table_stem(TableKind kind) {
    switch (kind) {
        case TableKind::kEnterprises:
            return "enterprises";
        case TableKind::kDesignations:
            return "designations";
        case TableKind::kOutput:
            return "output";
    }
    return "";
}

Status load_table(TableKind kind, const std::filesystem::path& file, const std::string& display_name, Dataset& ds,
                  const LoadOptions& options, LoadReport& report) {
    report = LoadReport{};
    DefectList d;
    d.max = options.max_defects;
    TableFile t;
    if (auto s = open_file(file, display_name, t, d, kind == TableKind::kOutput); !s) return s;
    const int slot = static_cast<int>(kind);
    report.stats.encoding[slot] = t.xlsx ? "XLSX" : std::string(encoding_name(t.encoding));
    switch (kind) {
        case TableKind::kEnterprises:
            load_enterprises(t, ds, d, report.stats.enterprise_lines);
            report.stats.enterprises = ds.size();
            break;
        case TableKind::kDesignations:
            load_designations(t, ds, d, report.stats.designations);
            ds.sort_designations();
            break;
        case TableKind::kOutput:
            load_output(t, ds, options, d, report.stats);
            break;
    }
    std::stable_sort(d.list.begin(), d.list.end(), [](const Defect& a, const Defect& b) { return a.line < b.line; });
    report.defects = std::move(d.list);
    report.defects_total = d.total;
    if (report.defects_total > 0)
        return Status::data_error({display_name + " 中有 " + std::to_string(report.defects_total) + " 处数据问题",
                                   std::to_string(report.defects_total) + " defect(s) in " + display_name});
    return Status::ok();
}

std::vector<std::pair<std::uint64_t, std::int64_t>> locate_output_rows(const std::filesystem::path& file,
                                                                       const Dataset& ds,
                                                                       std::vector<std::uint64_t> keys) {
    DefectList d;
    TableFile t;
    if (!open_file(file, file.filename().string(), t, d, true)) return {};
    static constexpr std::array<std::string_view, 3> kNames = {"uscc", "month", "output_yuan"};
    Columns<3> cols;
    bool ok = false;
    for_each_row(
        t, [&](Fields h) { return ok = map_header(t, h, kNames, cols, d); },
        [](Fields, std::int64_t, const std::vector<XlsxCell>*) {});
    if (!ok) return {};
    std::sort(keys.begin(), keys.end());
    return scan_output_keys(t, ds, cols, keys, false);
}

}  // namespace zx
