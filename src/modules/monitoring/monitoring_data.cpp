#include "modules/monitoring/monitoring_data.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <numeric>
#include <set>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "core/money.hpp"
#include "core/region.hpp"
#include "modules/enterprise_data/table_file.hpp"
#include "platform/formats/xlsx_reader.hpp"

namespace zx::monitoring {
namespace {

namespace fs = std::filesystem;
using data_loader_internal::check_uscc;
using data_loader_internal::check_width;
using data_loader_internal::Columns;
using data_loader_internal::DefectList;
using data_loader_internal::field_at;
using data_loader_internal::Fields;
using data_loader_internal::for_each_row;
using data_loader_internal::map_header;
using data_loader_internal::open_file;
using data_loader_internal::TableFile;
using Cells = std::vector<XlsxCell>;

constexpr std::array<std::string_view, 4> kStems = {"enterprise_monthly", "city_indicators", "projects",
                                                    "project_investment"};

// Project id → index into the projects; -1 for a row of the file that had defects (so that the
// investment naming it is not also reported as naming an unknown project). `known` is false when the
// projects' header was refused: no id can be checked then.
struct ProjectIndex {
    std::unordered_map<std::string, std::int64_t> ids;
    bool known = true;
};

// One row being read: where its values come from, and whether one of them was refused.
class Row {
  public:
    Row(const std::string& file, std::int64_t line, DefectList& d) : file_(&file), line_(line), d_(&d) {}
    void add(std::string_view field, std::string_view value, std::string zh, std::string en,
             DefectKind kind = DefectKind::kOther) {
        d_->add(*file_, line_, field, value, std::move(zh), std::move(en), kind);
        ok_ = false;
    }
    void fail() { ok_ = false; }
    bool ok() const { return ok_; }
    const std::string& file() const { return *file_; }
    std::int64_t line() const { return line_; }
    DefectList& defects() { return *d_; }

  private:
    const std::string* file_;
    std::int64_t line_;
    DefectList* d_;
    bool ok_ = true;
};

void empty_defect(Row& r, std::string_view field) {
    r.add(field, "", "不能为空", "must not be empty");
}

// A date column of an XLSX row stored as a number is an Excel serial: read it as the date it shows.
std::string_view date_text(std::string_view v, const Cells* cells, int pos, std::string& buf) {
    if (cells == nullptr || pos < 0 || static_cast<std::size_t>(pos) >= cells->size()) return v;
    const XlsxCell& c = (*cells)[static_cast<std::size_t>(pos)];
    if (c.type != XlsxCell::Type::kNumber) return v;
    auto iso = xlsx_serial_to_iso_date(c.text);
    if (!iso) return v;
    buf = std::move(*iso);
    return buf;
}

// A figure of an XLSX row stored as a number, as Excel displays it ("1234.5599999999999" → "1234.56").
std::string_view number_text(std::string_view v, const Cells* cells, int pos, std::string& buf) {
    if (cells == nullptr || pos < 0 || static_cast<std::size_t>(pos) >= cells->size()) return v;
    const XlsxCell& c = (*cells)[static_cast<std::size_t>(pos)];
    if (c.type != XlsxCell::Type::kNumber) return v;
    buf = xlsx_number_to_decimal(c.text);
    return buf;
}

std::optional<YearMonth> month_of(Row& r, std::string_view v, const Cells* cells, int pos) {
    std::string buf;
    v = date_text(v, cells, pos, buf);
    if (!buf.empty()) v = v.substr(0, 7);  // an XLSX date cell: its month
    if (v.empty()) {
        empty_defect(r, "month");
        return std::nullopt;
    }
    auto m = parse_year_month(v);
    if (!m) r.add("month", v, "月份应为 YYYY-MM（如 2024-03）", "month must be YYYY-MM (e.g. 2024-03)");
    return m;
}

void date_of(Row& r, std::string_view field, std::string_view v, const Cells* cells, int pos,
             std::optional<Date>& out) {
    std::string buf;
    v = date_text(v, cells, pos, buf);
    if (v.empty()) return;
    out = parse_date(v);
    if (!out)
        r.add(field, v, "日期应为真实存在的 YYYY-MM-DD（如 2024-03-15）",
              "a date must be a real YYYY-MM-DD (e.g. 2024-03-15)");
}

// parse_yuan, with negative amounts kept (parse_yuan refuses them) when `negative_ok`.
AmountError parse_amount(std::string_view v, bool negative_ok, std::int64_t& out) {
    if (!negative_ok || v.empty() || v.front() != '-') return parse_yuan(v, out);
    v.remove_prefix(1);
    if (!v.empty() && (v.front() == '-' || v.front() == '+')) return AmountError::kMalformed;
    const AmountError e = parse_yuan(v, out);
    out = -out;
    return e;
}

// A yuan amount in fen; empty leaves `out` unset.
void yuan_of(Row& r, std::string_view field, std::string_view v, bool negative_ok, std::optional<std::int64_t>& out) {
    if (v.empty()) return;
    std::int64_t fen = 0;
    switch (parse_amount(v, negative_ok, fen)) {
        case AmountError::kNone:
            if (fen < 0 && !negative_ok) {
                r.add(field, v, "金额不能为负数", "the amount must not be negative");
                return;
            }
            out = fen;
            return;
        case AmountError::kNegative:
            r.add(field, v, "金额不能为负数", "the amount must not be negative");
            return;
        case AmountError::kTooManyDecimals:
            r.add(field, v, "金额最多保留两位小数（元）", "the amount has more than two decimals (yuan)");
            return;
        case AmountError::kTooLarge:
            r.add(field, v, "金额超出可处理范围", "the amount is too large");
            return;
        case AmountError::kEmpty:
        case AmountError::kMalformed:
            break;
    }
    r.add(field, v, "金额不是数字（以元为单位，如 12345.67，不要千分位）",
          "not an amount in yuan such as 12345.67 (no thousands separators)");
}

// A percentage in hundredths ("5.3" or "5.3%" = 530), within [min, max] hundredths when given.
void percent_of(Row& r, std::string_view field, std::string_view v, bool negative_ok, std::optional<std::int64_t> max,
                std::optional<std::int64_t>& out) {
    if (v.empty()) return;
    std::string_view s = v;
    if (s.back() == '%') s.remove_suffix(1);
    std::int64_t h = 0;
    switch (parse_amount(s, negative_ok, h)) {
        case AmountError::kNone:
            if (h < 0 && !negative_ok) {
                r.add(field, v, "百分数不能为负数", "the percentage must not be negative");
            } else if (max && h > *max) {
                r.add(field, v, "百分数应在0到" + std::to_string(*max / 100) + "之间",
                      "the percentage must be 0 to " + std::to_string(*max / 100));
            } else {
                out = h;
            }
            return;
        case AmountError::kNegative:
            r.add(field, v, "百分数不能为负数", "the percentage must not be negative");
            return;
        case AmountError::kTooManyDecimals:
            r.add(field, v, "百分数最多保留两位小数", "the percentage has more than two decimals");
            return;
        default:
            break;
    }
    r.add(field, v, "不是百分数（如 5.3 表示 5.3%）", "not a percentage (5.3 means 5.3%)");
}

// A whole non-negative number (kWh, people).
void whole_of(Row& r, std::string_view field, std::string_view v, std::optional<std::int64_t>& out) {
    if (v.empty()) return;
    std::string_view s = v;
    if (s.front() == '+') s.remove_prefix(1);
    const bool negative = !s.empty() && s.front() == '-';
    if (negative) s.remove_prefix(1);
    const bool digits = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits) {
        if (s.find('.') != std::string_view::npos)
            r.add(field, v, "应为整数（不带小数）", "must be a whole number");
        else
            r.add(field, v, "不是整数（不要千分位）", "not a whole number (no thousands separators)");
        return;
    }
    if (negative) {
        r.add(field, v, "不能为负数", "must not be negative");
        return;
    }
    if (s.size() > 15) {
        r.add(field, v, "数值过大", "too large");
        return;
    }
    std::int64_t n = 0;
    std::from_chars(s.data(), s.data() + s.size(), n);
    out = n;
}

std::optional<CityId> city_of(Row& r, std::string_view v) {
    if (v.empty()) {
        empty_defect(r, "city");
        return std::nullopt;
    }
    auto c = find_city(v);
    if (!c) r.add("city", v, "不是广西14个设区市之一", "not one of Guangxi's 14 cities");
    return c;
}

std::optional<EntId> enterprise_of(Row& r, std::string_view v, const Dataset& ds) {
    if (v.empty()) {
        empty_defect(r, "uscc");
        return std::nullopt;
    }
    if (!check_uscc(r.file(), r.line(), "uscc", v, r.defects())) {
        r.fail();
        return std::nullopt;
    }
    auto e = ds.find(v);
    if (!e)
        r.add("uscc", v, "企业名录（enterprises）中没有该统一社会信用代码", "no such enterprise in enterprises",
              DefectKind::kUnknownEnterprise);
    return e;
}

// Sorts `rows` by key(row) (stably: file order among equals) and reports every row whose key an
// earlier line holds, naming both lines. `lines` runs parallel to `rows`. `what` says what the key is.
template <typename R, typename Key, typename Value>
void sort_unique(std::vector<R>& rows, const std::vector<std::int64_t>& lines, Key key, Value value,
                 const std::string& file, std::string_view field, std::string_view what_zh, std::string_view what_en,
                 DefectList& d) {
    std::vector<std::uint32_t> order(rows.size());
    std::iota(order.begin(), order.end(), 0u);
    bool sorted = true;
    for (std::size_t i = 1; i < rows.size() && sorted; ++i) sorted = key(rows[i - 1]) <= key(rows[i]);
    if (!sorted)
        std::stable_sort(order.begin(), order.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return key(rows[a]) < key(rows[b]); });
    for (std::size_t i = 1; i < order.size(); ++i) {
        const R& prev = rows[order[i - 1]];
        const R& cur = rows[order[i]];
        if (key(prev) != key(cur)) continue;
        const std::int64_t first = lines[order[i - 1]], dup = lines[order[i]];
        d.add(file, dup, field, value(cur),
              "与第" + std::to_string(first) + "行重复（" + std::string(what_zh) + "相同）",
              "duplicates line " + std::to_string(first) + " (the same " + std::string(what_en) + ")");
    }
    if (sorted) return;
    std::vector<R> out;
    out.reserve(rows.size());
    for (std::uint32_t i : order) out.push_back(std::move(rows[i]));
    rows = std::move(out);
}

std::uint64_t pair_key(std::uint64_t hi, YearMonth m) {
    return hi << 32 | static_cast<std::uint32_t>(m.index);
}

void read_monthly(TableFile& t, const Dataset& ds, std::vector<EnterpriseMonth>& out, DefectList& d) {
    static constexpr std::array<std::string_view, 8> kCols = {
        "uscc",        "month",     "electricity_kwh",      "revenue_yuan",
        "profit_yuan", "employees", "plan_next_month_yuan", "plan_next_quarter_yuan"};
    Columns<8> cols;
    std::vector<std::int64_t> lines;
    for_each_row(
        t, [&](Fields h) { return map_header(t, h, kCols, cols, d); },
        [&](Fields f, std::int64_t line, const Cells* cells) {
            Row r(t.name, line, d);
            bool width_ok = true;
            if (!t.xlsx) check_width(t.name, line, f, cols.width, d, width_ok);  // XLSX trims empty cells
            if (!width_ok) r.fail();
            std::string buf;
            const auto num = [&](int i) {
                return number_text(field_at(f, cols, i), cells, cols.pos[static_cast<std::size_t>(i)], buf);
            };
            EnterpriseMonth m;
            auto ent = enterprise_of(r, field_at(f, cols, 0), ds);
            auto month = month_of(r, field_at(f, cols, 1), cells, cols.pos[1]);
            whole_of(r, "electricity_kwh", num(2), m.electricity_kwh);
            yuan_of(r, "revenue_yuan", num(3), false, m.revenue_fen);
            yuan_of(r, "profit_yuan", num(4), true, m.profit_fen);
            whole_of(r, "employees", num(5), m.employees);
            yuan_of(r, "plan_next_month_yuan", num(6), false, m.plan_next_month_fen);
            yuan_of(r, "plan_next_quarter_yuan", num(7), false, m.plan_next_quarter_fen);
            if (!r.ok()) return;
            m.ent = *ent;
            m.month = *month;
            out.push_back(m);
            lines.push_back(line);
        });
    sort_unique(
        out, lines, [](const EnterpriseMonth& m) { return pair_key(m.ent, m.month); },
        [](const EnterpriseMonth& m) { return format_year_month(m.month); }, t.name, "month", "同一企业同一月份",
        "enterprise and month", d);
}

void read_cities(TableFile& t, std::vector<CityMonth>& out, DefectList& d) {
    static constexpr std::array<std::string_view, 7> kCols = {"city",
                                                              "month",
                                                              "value_added_growth_pct",
                                                              "investment_growth_pct",
                                                              "special_bonds_issued_yuan",
                                                              "special_bonds_used_yuan",
                                                              "manufacturing_share_pct"};
    Columns<7> cols;
    std::vector<std::int64_t> lines;
    for_each_row(
        t, [&](Fields h) { return map_header(t, h, kCols, cols, d); },
        [&](Fields f, std::int64_t line, const Cells* cells) {
            Row r(t.name, line, d);
            bool width_ok = true;
            if (!t.xlsx) check_width(t.name, line, f, cols.width, d, width_ok);  // XLSX trims empty cells
            if (!width_ok) r.fail();
            std::string buf;
            const auto num = [&](int i) {
                return number_text(field_at(f, cols, i), cells, cols.pos[static_cast<std::size_t>(i)], buf);
            };
            CityMonth c;
            auto city = city_of(r, field_at(f, cols, 0));
            auto month = month_of(r, field_at(f, cols, 1), cells, cols.pos[1]);
            percent_of(r, "value_added_growth_pct", num(2), true, std::nullopt, c.value_added_growth);
            percent_of(r, "investment_growth_pct", num(3), true, std::nullopt, c.investment_growth);
            yuan_of(r, "special_bonds_issued_yuan", num(4), false, c.bonds_issued_fen);
            yuan_of(r, "special_bonds_used_yuan", num(5), false, c.bonds_used_fen);
            percent_of(r, "manufacturing_share_pct", num(6), false, 10000, c.manufacturing_share);
            if (!r.ok()) return;
            c.city = *city;
            c.month = *month;
            out.push_back(c);
            lines.push_back(line);
        });
    sort_unique(
        out, lines, [](const CityMonth& c) { return pair_key(c.city, c.month); },
        [](const CityMonth& c) { return format_year_month(c.month); }, t.name, "month", "同一城市同一月份",
        "city and month", d);
}

constexpr std::size_t kProjectFixedCols = 6;
constexpr std::size_t kProjectCols = kProjectFixedCols + 2 * static_cast<std::size_t>(kMilestoneCount);
constexpr std::array<std::string_view, kProjectCols> kProjectColumns = {"project_id",
                                                                        "name",
                                                                        "city",
                                                                        "category",
                                                                        "uscc",
                                                                        "planned_investment_yuan",
                                                                        "start_planned",
                                                                        "start_actual",
                                                                        "commissioning_planned",
                                                                        "commissioning_actual",
                                                                        "completion_planned",
                                                                        "completion_actual",
                                                                        "production_planned",
                                                                        "production_actual",
                                                                        "full_capacity_planned",
                                                                        "full_capacity_actual",
                                                                        "in_statistics_planned",
                                                                        "in_statistics_actual"};

std::string actual_col(std::size_t m) {
    return std::string(kMilestoneCodes[m]) + "_actual";
}

// Milestones are reached in order: an actual date before the actual date of the last milestone
// reached before it is refused.
void check_milestone_order(Row& r, const Project& p) {
    std::optional<std::size_t> prev;
    for (std::size_t m = 0; m < static_cast<std::size_t>(kMilestoneCount); ++m) {
        if (!p.actual[m]) continue;
        if (prev && *p.actual[m] < *p.actual[*prev]) {
            const std::string other = actual_col(*prev) + " " + format_date(*p.actual[*prev]);
            r.add(actual_col(m), format_date(*p.actual[m]),
                  "“" + std::string(kMilestoneNamesZh[m]) + "”的实际日期早于前一节点“" +
                      std::string(kMilestoneNamesZh[*prev]) + "”的实际日期（" + other + "）",
                  "the actual date of " + std::string(kMilestoneCodes[m]) + " is earlier than that of " +
                      std::string(kMilestoneCodes[*prev]) + " (" + other + ")");
            continue;
        }
        prev = m;
    }
}

// False when the header was refused (then no row was read and `index` knows no project).
bool read_projects(TableFile& t, const Dataset& ds, std::vector<Project>& out, ProjectIndex& index, DefectList& d) {
    Columns<kProjectCols> cols;
    std::unordered_map<std::string, std::int64_t> line_of;
    bool header_ok = false;
    for_each_row(
        t, [&](Fields h) { return header_ok = map_header(t, h, kProjectColumns, cols, d); },
        [&](Fields f, std::int64_t line, const Cells* cells) {
            Row r(t.name, line, d);
            bool width_ok = true;
            if (!t.xlsx) check_width(t.name, line, f, cols.width, d, width_ok);  // XLSX trims empty cells
            if (!width_ok) r.fail();
            std::string buf;
            const auto num = [&](int i) {
                return number_text(field_at(f, cols, i), cells, cols.pos[static_cast<std::size_t>(i)], buf);
            };
            Project p;
            p.id = std::string(field_at(f, cols, 0));
            if (p.id.empty()) {
                empty_defect(r, "project_id");
            } else if (auto [it, fresh] = line_of.emplace(p.id, line); !fresh) {
                r.add("project_id", p.id, "项目编号与第" + std::to_string(it->second) + "行重复",
                      "project_id duplicates line " + std::to_string(it->second));
            }
            p.name = std::string(field_at(f, cols, 1));
            if (p.name.empty()) empty_defect(r, "name");
            auto city = city_of(r, field_at(f, cols, 2));
            p.category = std::string(field_at(f, cols, 3));
            if (std::find(kProjectCategories.begin(), kProjectCategories.end(), p.category) ==
                kProjectCategories.end()) {
                std::string all;
                for (auto c : kProjectCategories) all += (all.empty() ? "" : "、") + std::string(c);
                r.add("category", p.category, "项目类别应为以下之一：" + all, "category must be one of: " + all);
            }
            if (const std::string_view u = field_at(f, cols, 4); !u.empty()) p.ent = enterprise_of(r, u, ds);
            std::optional<std::int64_t> planned;
            if (num(5).empty()) empty_defect(r, "planned_investment_yuan");
            yuan_of(r, "planned_investment_yuan", num(5), false, planned);
            for (std::size_t m = 0; m < static_cast<std::size_t>(kMilestoneCount); ++m) {
                const std::size_t c = kProjectFixedCols + 2 * m;  // <milestone>_planned, then _actual
                const int pi = static_cast<int>(c);
                date_of(r, kProjectColumns[c], field_at(f, cols, pi), cells, cols.pos[c], p.planned[m]);
                date_of(r, kProjectColumns[c + 1], field_at(f, cols, pi + 1), cells, cols.pos[c + 1], p.actual[m]);
            }
            check_milestone_order(r, p);
            if (!p.id.empty()) index.ids.emplace(p.id, r.ok() ? static_cast<std::int64_t>(out.size()) : -1);
            if (!r.ok()) return;
            p.city = *city;
            p.planned_investment_fen = *planned;
            out.push_back(std::move(p));
        });
    return header_ok;
}

void read_investment(TableFile& t, const ProjectIndex& index, std::vector<ProjectInvestment>& out, DefectList& d) {
    static constexpr std::array<std::string_view, 3> kCols = {"project_id", "month", "completed_yuan"};
    Columns<3> cols;
    std::vector<std::int64_t> lines;
    std::vector<ProjectInvestment> all;  // with the rows that report nothing, for the duplicate check
    std::vector<std::uint8_t> reported;
    for_each_row(
        t, [&](Fields h) { return map_header(t, h, kCols, cols, d); },
        [&](Fields f, std::int64_t line, const Cells* cells) {
            Row r(t.name, line, d);
            bool width_ok = true;
            if (!t.xlsx) check_width(t.name, line, f, cols.width, d, width_ok);  // XLSX trims empty cells
            if (!width_ok) r.fail();
            std::string buf;
            const auto num = [&](int i) {
                return number_text(field_at(f, cols, i), cells, cols.pos[static_cast<std::size_t>(i)], buf);
            };
            const std::string_view id = field_at(f, cols, 0);
            std::int64_t project = -1;
            if (id.empty()) {
                empty_defect(r, "project_id");
            } else if (auto it = index.ids.find(std::string(id)); it == index.ids.end() && index.known) {
                r.add("project_id", id, "项目表（projects）中没有该项目编号", "no such project_id in projects");
            } else if (it == index.ids.end() || it->second < 0) {
                r.fail();  // the projects' header, or this project's row, has defects of its own
            } else {
                project = it->second;
            }
            auto month = month_of(r, field_at(f, cols, 1), cells, cols.pos[1]);
            std::optional<std::int64_t> fen;
            yuan_of(r, "completed_yuan", num(2), false, fen);
            if (!r.ok()) return;
            all.push_back({static_cast<std::size_t>(project), *month, fen.value_or(0)});
            reported.push_back(fen ? 1 : 0);
            lines.push_back(line);
        });
    for (std::size_t i = 0; i < all.size(); ++i) all[i].fen = reported[i] ? all[i].fen : -1;
    sort_unique(
        all, lines, [](const ProjectInvestment& x) { return pair_key(x.project, x.month); },
        [](const ProjectInvestment& x) { return format_year_month(x.month); }, t.name, "month", "同一项目同一月份",
        "project and month", d);
    for (auto& x : all)
        if (x.fen >= 0) out.push_back(x);
}

Status finish(DefectList& d, LoadReport& report, const std::string& name) {
    std::stable_sort(d.list.begin(), d.list.end(), [](const Defect& a, const Defect& b) {
        return a.file != b.file ? a.file < b.file : a.line < b.line;
    });
    for (auto& x : d.list) report.defects.push_back(std::move(x));
    report.defects_total += d.total;
    if (d.total > 0)
        return Status::data_error({name + " 中有 " + std::to_string(d.total) + " 处数据问题",
                                   std::to_string(d.total) + " defect(s) in " + name});
    return Status::ok();
}

ProjectIndex index_of(const std::vector<Project>& projects) {
    ProjectIndex index;
    for (std::size_t i = 0; i < projects.size(); ++i) index.ids.emplace(projects[i].id, static_cast<std::int64_t>(i));
    return index;
}

// The investment of the old projects moved onto the new ones by project id; an id the new table
// drops is a defect of the new table (line 0: the whole file).
std::vector<ProjectInvestment> remap_investment(const MonitoringData& old, const ProjectIndex& index,
                                                const std::string& file, DefectList& d) {
    std::vector<ProjectInvestment> out;
    out.reserve(old.investment.size());
    std::set<std::size_t> reported;
    for (ProjectInvestment x : old.investment) {
        const std::string& id = old.projects[x.project].id;
        auto it = index.ids.find(id);
        if (!index.known || (it != index.ids.end() && it->second < 0)) continue;  // defects of their own
        if (it == index.ids.end()) {
            if (reported.insert(x.project).second)
                d.add(file, 0, "project_id", id, "项目投资表（project_investment）中有该项目的投资，新的项目表却没有它",
                      "project_investment holds investment of this project, which the new projects table drops");
            continue;
        }
        x.project = static_cast<std::size_t>(it->second);
        out.push_back(x);
    }
    std::sort(out.begin(), out.end(), [](const ProjectInvestment& a, const ProjectInvestment& b) {
        return pair_key(a.project, a.month) < pair_key(b.project, b.month);
    });
    return out;
}

// Reads table `t` from `file` into `data` (which is `data` itself or a copy the caller may drop).
Status read_table(MonitoringTable t, const fs::path& file, const std::string& name, const Dataset& enterprises,
                  MonitoringData& data, LoadReport& report, const ProjectIndex* projects_read) {
    DefectList d;
    TableFile tf;
    if (Status s = open_file(file, name, tf, d, t == MonitoringTable::kEnterpriseMonthly); !s) return s;
    switch (t) {
        case MonitoringTable::kEnterpriseMonthly: {
            std::vector<EnterpriseMonth> rows;
            read_monthly(tf, enterprises, rows, d);
            if (d.total == 0) data.monthly = std::move(rows);
            break;
        }
        case MonitoringTable::kCityIndicators: {
            std::vector<CityMonth> rows;
            read_cities(tf, rows, d);
            if (d.total == 0) data.cities = std::move(rows);
            break;
        }
        case MonitoringTable::kProjects: {
            std::vector<Project> rows;
            ProjectIndex index;
            index.known = read_projects(tf, enterprises, rows, index, d);
            std::vector<ProjectInvestment> investment = remap_investment(data, index, name, d);
            if (d.total == 0) {
                data.projects = std::move(rows);
                data.investment = std::move(investment);
            }
            break;
        }
        case MonitoringTable::kProjectInvestment: {
            std::vector<ProjectInvestment> rows;
            const ProjectIndex index = projects_read != nullptr ? ProjectIndex{} : index_of(data.projects);
            read_investment(tf, projects_read != nullptr ? *projects_read : index, rows, d);
            if (d.total == 0) data.investment = std::move(rows);
            break;
        }
    }
    return finish(d, report, name);
}

}  // namespace

std::string_view table_stem(MonitoringTable t) {
    return kStems[static_cast<std::size_t>(t)];
}

std::optional<MonitoringTable> find_table(std::string_view stem) {
    for (std::size_t i = 0; i < kStems.size(); ++i)
        if (kStems[i] == stem) return static_cast<MonitoringTable>(i);
    return std::nullopt;
}

Status load_monitoring_table(MonitoringTable t, const fs::path& file, const std::string& name,
                             const Dataset& enterprises, MonitoringData& data, LoadReport& report) {
    return read_table(t, file, name, enterprises, data, report, nullptr);
}

Result<MonitoringData> load_monitoring_data(const fs::path& dir, const Dataset& enterprises, LoadReport& report) {
    report = LoadReport{};
    std::array<std::optional<fs::path>, 4> paths;
    for (std::size_t i = 0; i < kStems.size(); ++i) {
        const std::string stem(kStems[i]);
        std::error_code ec;
        const fs::path csv = dir / (stem + ".csv"), xlsx = dir / (stem + ".xlsx");
        const bool has_csv = fs::exists(csv, ec), has_xlsx = fs::exists(xlsx, ec);
        if (has_csv && has_xlsx)
            return Status::invalid({dir.string() + "：" + stem + ".csv 与 " + stem + ".xlsx 同时存在，请只保留一个",
                                    dir.string() + ": both " + stem + ".csv and " + stem + ".xlsx exist; keep one"});
        if (has_csv || has_xlsx) paths[i] = has_xlsx ? xlsx : csv;
    }
    const auto at = [&](MonitoringTable t) -> const std::optional<fs::path>& {
        return paths[static_cast<std::size_t>(t)];
    };
    MonitoringData data;
    ProjectIndex projects_read;
    for (std::size_t i = 0; i < kStems.size(); ++i) {
        const auto t = static_cast<MonitoringTable>(i);
        if (!paths[i]) continue;
        const std::string name = paths[i]->filename().string();
        if (t == MonitoringTable::kProjectInvestment && !at(MonitoringTable::kProjects)) {
            DefectList d;
            d.add(name, 0, "", "", "有项目投资表却没有项目表（projects.csv 或 projects.xlsx）",
                  "project investment without projects (projects.csv or projects.xlsx)");
            (void)finish(d, report, name);
            continue;
        }
        Status s = Status::ok();
        if (t == MonitoringTable::kProjects) {
            // Read here to keep the index of every id, even of rows with defects.
            DefectList d;
            TableFile tf;
            if (s = open_file(*paths[i], name, tf, d, false); !s) return s;
            projects_read.known = read_projects(tf, enterprises, data.projects, projects_read, d);
            s = finish(d, report, name);
        } else if (t == MonitoringTable::kProjectInvestment) {
            s = read_table(t, *paths[i], name, enterprises, data, report, &projects_read);
        } else {
            s = read_table(t, *paths[i], name, enterprises, data, report, nullptr);
        }
        if (!s && s.code() != StatusCode::kDataError) return s;
    }
    if (report.defects_total > 0)
        return Status::data_error({"监测数据中有 " + std::to_string(report.defects_total) + " 处问题",
                                   std::to_string(report.defects_total) + " defect(s) in the monitoring data"});
    return data;
}

}  // namespace zx::monitoring
