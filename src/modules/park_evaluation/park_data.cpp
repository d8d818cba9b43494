#include "modules/park_evaluation/park_data.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/region.hpp"
#include "modules/enterprise_data/table_file.hpp"
#include "modules/park_evaluation/scheme_loader.hpp"

namespace zx::parks {
namespace {

namespace fs = std::filesystem;
using namespace data_loader_internal;

enum class NumError { kNone, kEmpty, kMalformed, kDecimals, kNegative, kZero, kTooLarge };

// "1234.5" at `decimals` places → 123450 (decimals 2). Thousands separators and exponents are malformed.
NumError parse_scaled(std::string_view s, int decimals, bool negative_ok, bool zero_ok, std::int64_t& out) {
    if (s.empty()) return NumError::kEmpty;
    bool neg = false;
    if (s.front() == '-' || s.front() == '+') {
        neg = s.front() == '-';
        s.remove_prefix(1);
    }
    std::int64_t v = 0;
    int frac = -1;
    bool digit = false;
    for (char c : s) {
        if (c == '.' && frac < 0) {
            frac = 0;
            continue;
        }
        if (c < '0' || c > '9') return NumError::kMalformed;
        if (frac >= 0 && ++frac > decimals) return NumError::kDecimals;
        if (v > (std::int64_t{1} << 53)) return NumError::kTooLarge;  // 9e15 units: beyond any real figure
        v = v * 10 + (c - '0');
        digit = true;
    }
    if (!digit) return NumError::kMalformed;
    for (int i = std::max(frac, 0); i < decimals; ++i) {
        if (v > (std::int64_t{1} << 53)) return NumError::kTooLarge;
        v *= 10;
    }
    if (neg && v != 0 && !negative_ok) return NumError::kNegative;
    if (v == 0 && !zero_ok) return NumError::kZero;
    out = neg ? -v : v;
    return NumError::kNone;
}

bool check_number(const std::string& file, std::int64_t line, std::string_view field, std::string_view v, int decimals,
                  bool negative_ok, bool zero_ok, DefectList& d, std::int64_t& out) {
    const NumError e = parse_scaled(v, decimals, negative_ok, zero_ok, out);
    const std::string dz = std::to_string(decimals);
    switch (e) {
        case NumError::kNone:
            return true;
        case NumError::kEmpty:
            d.add(file, line, field, v, "不能为空", "must not be empty");
            break;
        case NumError::kMalformed:
            d.add(file, line, field, v, "不是数字（不含千分位和科学计数法）",
                  "not a number (no separators or exponents)");
            break;
        case NumError::kDecimals:
            d.add(file, line, field, v, "小数位数超过" + dz + "位", "more than " + dz + " decimal places");
            break;
        case NumError::kNegative:
            d.add(file, line, field, v, "不能为负数", "must not be negative");
            break;
        case NumError::kZero:
            d.add(file, line, field, v, "不能为0", "must not be 0");
            break;
        case NumError::kTooLarge:
            d.add(file, line, field, v, "数值过大", "too large");
            break;
    }
    return false;
}

std::optional<EntId> known_enterprise(const std::string& file, std::int64_t line, std::string_view v, const Dataset& ds,
                                      DefectList& d) {
    if (!check_uscc(file, line, "uscc", v, d)) return std::nullopt;
    auto e = ds.find(v);
    if (!e)
        d.add(file, line, "uscc", v, "企业名录（enterprises）中没有该统一社会信用代码",
              "no such enterprise in enterprises", DefectKind::kUnknownEnterprise);
    return e;
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

void read_parks(TableFile& t, ParkData& data, DefectList& d) {
    static constexpr std::array<std::string_view, 5> kCols = {"park_id", "name", "city", "level", "area_mu"};
    Columns<5> cols;
    std::set<std::string> seen;
    for_each_row(
        t, [&](Fields h) { return map_header(t, h, kCols, cols, d); },
        [&](Fields f, std::int64_t line, const void*) {
            bool ok = true;
            check_width(t.name, line, f, cols.width, d, ok);
            ParkInput p;
            p.id = std::string(field_at(f, cols, 0));
            p.name = std::string(field_at(f, cols, 1));
            p.city = std::string(field_at(f, cols, 2));
            p.level = std::string(field_at(f, cols, 3));
            if (p.id.empty())
                d.add(t.name, line, "park_id", "", "不能为空", "must not be empty"), ok = false;
            else if (!seen.insert(p.id).second)
                d.add(t.name, line, "park_id", p.id, "园区编号重复", "duplicate park_id"), ok = false;
            if (p.name.empty()) d.add(t.name, line, "name", "", "不能为空", "must not be empty"), ok = false;
            if (!find_city(p.city))
                d.add(t.name, line, "city", p.city, "不是广西14个设区市之一", "not one of Guangxi's 14 cities"),
                    ok = false;
            else
                p.city = std::string(kCities[*find_city(p.city)]);
            if (p.level.empty()) d.add(t.name, line, "level", "", "不能为空", "must not be empty"), ok = false;
            ok = check_number(t.name, line, "area_mu", field_at(f, cols, 4), 2, false, false, d, p.area) && ok;
            if (ok) data.parks.push_back(std::move(p));
        });
}

void read_land(TableFile& t, ParkData& data, DefectList& d) {
    static constexpr std::array<std::string_view, 5> kCols = {"uscc", "parcel_id", "area_mu", "tenure", "park_id"};
    Columns<5> cols;
    std::set<std::string> parks, parcels;
    for (const auto& p : data.parks) parks.insert(p.id);
    for (const auto& p : data.parcels) parcels.insert(p.parcel_id);
    for_each_row(
        t, [&](Fields h) { return map_header(t, h, kCols, cols, d); },
        [&](Fields f, std::int64_t line, const void*) {
            bool ok = true;
            check_width(t.name, line, f, cols.width, d, ok);
            Parcel p;
            auto ent = known_enterprise(t.name, line, field_at(f, cols, 0), data.enterprises, d);
            ok = ok && ent.has_value();
            p.parcel_id = std::string(field_at(f, cols, 1));
            if (p.parcel_id.empty())
                d.add(t.name, line, "parcel_id", "", "不能为空", "must not be empty"), ok = false;
            else if (!parcels.insert(p.parcel_id).second)
                d.add(t.name, line, "parcel_id", p.parcel_id, "地块编号重复（同一地块只能登记一次）",
                      "duplicate parcel_id (a parcel is listed once)"),
                    ok = false;
            ok = check_number(t.name, line, "area_mu", field_at(f, cols, 2), 2, false, false, d, p.area) && ok;
            const std::string_view tenure = field_at(f, cols, 3);
            if (tenure == "owned" || tenure == "leased")
                p.leased = tenure == "leased";
            else
                d.add(t.name, line, "tenure", tenure, "应为 owned（自有）或 leased（租赁）", "expected owned | leased"),
                    ok = false;
            p.park_id = std::string(field_at(f, cols, 4));
            if (!p.park_id.empty() && !parks.count(p.park_id))
                d.add(t.name, line, "park_id", p.park_id, "园区名录（parks）中没有该园区", "no such park in parks"),
                    ok = false;
            if (ok) {
                p.ent = *ent;
                data.parcels.push_back(std::move(p));
            }
        });
}

void read_annual(TableFile& t, const Scheme& scheme, ParkData& data, DefectList& d) {
    // Required: uscc, year and the scheme's columns except land_mu; further optional columns may be absent.
    std::vector<std::string> names = {"uscc", "year"};
    std::vector<int> col_of;  // header position per scheme column
    std::set<std::uint64_t> seen;
    for (const auto& r : data.annual) seen.insert(std::uint64_t{r.ent} << 16 | static_cast<std::uint64_t>(r.year));
    std::size_t width = 0;
    int pos_uscc = -1, pos_year = -1;
    bool header_ok = false;
    auto on_header = [&](Fields h) {
        width = h.size();
        auto find = [&](std::string_view n) {
            for (std::size_t i = 0; i < h.size(); ++i)
                if (trim(h[i]) == n) return static_cast<int>(i);
            return -1;
        };
        pos_uscc = find("uscc");
        pos_year = find("year");
        header_ok = true;
        std::string expected = "uscc,year";
        for (std::size_t c = 1; c < scheme.columns.size(); ++c) expected += "," + scheme.columns[c].name;
        auto missing = [&](std::string_view n) {
            d.add(t.name, 1, n, "", "缺少列“" + std::string(n) + "”（表头应含 " + expected + "）",
                  "missing column \"" + std::string(n) + "\" (the header should have " + expected + ")");
            header_ok = false;
        };
        if (pos_uscc < 0) missing("uscc");
        if (pos_year < 0) missing("year");
        col_of.assign(scheme.columns.size(), -1);
        for (std::size_t c = 1; c < scheme.columns.size(); ++c) {
            col_of[c] = find(scheme.columns[c].name);
            if (col_of[c] < 0 && scheme.columns[c].required) missing(scheme.columns[c].name);
        }
        return header_ok;
    };
    auto at = [](Fields f, int p) {
        return p >= 0 && static_cast<std::size_t>(p) < f.size() ? trim(f[static_cast<std::size_t>(p)])
                                                                : std::string_view();
    };
    for_each_row(t, on_header, [&](Fields f, std::int64_t line, const void*) {
        bool ok = true;
        check_width(t.name, line, f, width, d, ok);
        AnnualRow r;
        auto ent = known_enterprise(t.name, line, at(f, pos_uscc), data.enterprises, d);
        ok = ok && ent.has_value();
        std::int64_t year = 0;
        const std::string_view ys = at(f, pos_year);
        if (check_number(t.name, line, "year", ys, 0, false, false, d, year) && (year < 2000 || year > 2100))
            d.add(t.name, line, "year", ys, "年份应在2000–2100之间", "year must be 2000–2100"), ok = false;
        else if (year == 0)
            ok = false;
        r.year = static_cast<int>(year);
        r.values.assign(scheme.columns.size(), 0);
        r.present.assign(scheme.columns.size(), 0);
        for (std::size_t c = 1; c < scheme.columns.size(); ++c) {
            const Column& col = scheme.columns[c];
            const std::string_view v = at(f, col_of[c]);
            if (v.empty() && !col.required) continue;
            if (!check_number(t.name, line, col.name, v, col.decimals, col.allow_negative, col.allow_zero, d,
                              r.values[c]))
                ok = false;
            else
                r.present[c] = 1;
        }
        if (ok && !seen.insert(std::uint64_t{*ent} << 16 | static_cast<std::uint64_t>(r.year)).second) {
            d.add(t.name, line, "year", ys, "同一企业同一年份重复", "duplicate row for this enterprise and year");
            ok = false;
        }
        if (ok) {
            r.ent = *ent;
            data.annual.push_back(std::move(r));
        }
    });
}

template <typename Read>
Status load_one(const fs::path& file, const std::string& name, LoadReport& report, Read&& read) {
    DefectList d;
    TableFile t;
    if (auto s = open_file(file, name, t, d, false); !s) return s;
    read(t, d);
    return finish(d, report, name);
}

fs::path table_path(const fs::path& dir, const std::string& stem) {
    const fs::path x = dir / (stem + ".xlsx");
    return fs::exists(x) ? x : dir / (stem + ".csv");
}

}  // namespace

Status load_parks_table(const fs::path& file, const std::string& name, ParkData& data, LoadReport& report) {
    return load_one(file, name, report, [&](TableFile& t, DefectList& d) { read_parks(t, data, d); });
}
Status load_land_table(const fs::path& file, const std::string& name, ParkData& data, LoadReport& report) {
    return load_one(file, name, report, [&](TableFile& t, DefectList& d) { read_land(t, data, d); });
}
Status load_annual_table(const fs::path& file, const std::string& name, const Scheme& scheme, ParkData& data,
                         LoadReport& report) {
    return load_one(file, name, report, [&](TableFile& t, DefectList& d) { read_annual(t, scheme, data, d); });
}

Result<ParkData> load_park_data(const fs::path& dir, const Scheme& scheme, LoadReport& report) {
    report = LoadReport{};
    ParkData data;
    for (const char* stem : {"enterprises", "land", "annual"})
        if (!fs::exists(dir / (std::string(stem) + ".csv")) && !fs::exists(dir / (std::string(stem) + ".xlsx")))
            return Status::io_error(
                {(dir / stem).string() + ".csv：文件不存在", (dir / stem).string() + ".csv: not found"});
    LoadReport er;
    const fs::path ent = table_path(dir, "enterprises");
    Status es = load_table(TableKind::kEnterprises, ent, ent.filename().string(), data.enterprises, LoadOptions{}, er);
    for (auto& x : er.defects) report.defects.push_back(std::move(x));
    report.defects_total += er.defects_total;
    if (!es) return es;
    report.stats.enterprises = data.enterprises.size();
    Status st = Status::ok();
    const fs::path parks = table_path(dir, "parks");
    if (fs::exists(parks)) st = load_parks_table(parks, parks.filename().string(), data, report);
    const fs::path land = table_path(dir, "land");
    Status ls = load_land_table(land, land.filename().string(), data, report);
    const fs::path annual = table_path(dir, "annual");
    Status as = load_annual_table(annual, annual.filename().string(), scheme, data, report);
    if (report.defects_total > 0)
        return Status::data_error({"数据中有 " + std::to_string(report.defects_total) + " 处问题",
                                   std::to_string(report.defects_total) + " defect(s) in the data"});
    for (const Status* s : {&st, &ls, &as})
        if (!*s) return *s;
    return data;
}

std::vector<int> years_of(const ParkData& data) {
    std::set<int> ys;
    for (const auto& r : data.annual) ys.insert(r.year);
    return {ys.begin(), ys.end()};
}

std::vector<EnterpriseInput> inputs_for(const Scheme& scheme, const ParkData& data, int year) {
    const Dataset& ds = data.enterprises;
    const std::size_t nc = scheme.columns.size();
    std::vector<EnterpriseInput> in(ds.size());
    // Land at the land column's decimals (the loader gives it the places the leased share needs, so
    // area × p ÷ q is exact).
    std::int64_t scale = 1;
    for (int d = 2; d < scheme.columns[0].decimals; ++d) scale *= 10;
    std::vector<std::map<std::string, std::int64_t>> by_park(ds.size());
    for (const Parcel& p : data.parcels) {
        EnterpriseInput& e = in[p.ent];
        if (e.values.empty()) {
            e.values.assign(nc, 0);
            e.present.assign(nc, 0);
        }
        const std::int64_t counted =
            p.leased ? static_cast<std::int64_t>(i128{p.area} * scale * scheme.leased_share.p / scheme.leased_share.q)
                     : p.area * scale;
        e.values[0] += counted;
        e.present[0] = 1;
        e.has_land = true;
        // The park of its largest parcel (ties: the first park id).
        auto& best = by_park[p.ent];
        if (best.empty() || p.area > best.begin()->second ||
            (p.area == best.begin()->second && p.park_id < best.begin()->first)) {
            best.clear();
            best[p.park_id] = p.area;
        }
    }
    for (const AnnualRow& r : data.annual) {
        if (r.year != year) continue;
        EnterpriseInput& e = in[r.ent];
        if (e.values.empty()) {
            e.values.assign(nc, 0);
            e.present.assign(nc, 0);
        }
        for (std::size_t c = 1; c < nc; ++c) {
            e.values[c] = r.values[c];
            e.present[c] = r.present[c];
        }
        e.has_annual = true;
    }
    std::vector<EnterpriseInput> out;
    for (EntId id = 0; id < ds.size(); ++id) {
        EnterpriseInput& e = in[id];
        if (!e.has_land && !e.has_annual) continue;
        e.uscc = std::string(ds.uscc(id));
        e.name = std::string(ds.name(id));
        e.city = ds.city(id);
        e.industry = ds.industry(id);
        e.scale_since = ds.scale_since(id);
        std::int64_t best = -1;
        for (const auto& [park, area] : by_park[id])
            if (area > best) {
                best = area;
                e.park_id = park;
            }
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace zx::parks
