#include "modules/park_evaluation/scheme_loader.hpp"

#include <set>

#include "platform/formats/toml_rules.hpp"

namespace zx::parks {
namespace {

namespace fs = std::filesystem;
using toml_rules::file_error;
using toml_rules::only_keys;
using toml_rules::parse;
using toml_rules::read_bool;
using toml_rules::read_int;
using toml_rules::read_string;
using toml_rules::read_strings;
using toml_rules::tables;

Status read_exact(const fs::path& file, const toml::table& t, const std::string& path, std::string_view key,
                  std::optional<Frac>& out) {
    const toml::node* n = t.get(key);
    if (!n) return Status::ok();
    if (const auto* i = n->as_integer(); i && i->get() >= 0) {
        out = Frac{i->get(), 1};
        return Status::ok();
    }
    if (const auto* s = n->as_string())
        if (auto f = parse_decimal(s->get())) {
            out = f;
            return Status::ok();
        }
    return file_error(file, n, path + std::string(key),
                      {"应为非负整数或小数字符串（如 \"24.097\"，以保持精确）",
                       "expected a non-negative integer or a decimal string (e.g. \"24.097\", to stay exact)"});
}

Status read_choice(const fs::path& file, const toml::table& t, const std::string& path, std::string_view key,
                   std::initializer_list<std::string_view> choices, std::string& out) {
    const toml::node* n = t.get(key);
    if (!n) return Status::ok();
    const auto* s = n->as_string();
    std::string list;
    for (auto c : choices) list += (list.empty() ? "" : " | ") + std::string(c);
    if (s)
        for (auto c : choices)
            if (s->get() == c) {
                out = s->get();
                return Status::ok();
            }
    return file_error(file, n, path + std::string(key), {"应为 " + list, "expected " + list});
}

Column col(std::string name, int decimals, bool neg, bool zero, std::string zh, std::string en, std::string unit) {
    Column c;
    c.name = std::move(name);
    c.decimals = decimals;
    c.allow_negative = neg;
    c.allow_zero = zero;
    c.label_zh = std::move(zh);
    c.label_en = std::move(en);
    c.unit_zh = std::move(unit);
    return c;
}

Status read_indicator(const fs::path& file, const toml::table& t, const std::string& path, const Scheme& s,
                      Indicator& ind) {
    if (auto st =
            only_keys(file, t, path,
                      {"id", "name", "name_en", "numerator", "denominator", "weight", "benchmark", "benchmark_factor",
                       "cap", "zero_denominator", "missing", "unit", "unit_en", "display_factor", "display_decimals"});
        !st)
        return st;
    std::string num, den;
    for (auto [key, out] : {std::pair<std::string_view, std::string*>{"id", &ind.id},
                            {"name", &ind.name_zh},
                            {"numerator", &num},
                            {"denominator", &den}})
        if (auto st = read_string(file, t, path, key, *out); !st) return st;
    if (auto st = read_string(file, t, path, "name_en", ind.name_en, false); !st) return st;
    if (auto st = read_string(file, t, path, "unit", ind.unit_zh, false); !st) return st;
    if (auto st = read_string(file, t, path, "unit_en", ind.unit_en, false); !st) return st;
    ind.numerator = s.column(num);
    ind.denominator = s.column(den);
    if (ind.numerator < 0)
        return file_error(file, t.get("numerator"), path + "numerator",
                          {"未知的列“" + num + "”（须为内置列或 [[column]] 声明的列）",
                           "unknown column \"" + num + "\" (a built-in column or one declared in [[column]])"});
    if (ind.denominator < 0)
        return file_error(file, t.get("denominator"), path + "denominator",
                          {"未知的列“" + den + "”", "unknown column \"" + den + "\""});
    std::optional<Frac> w, factor, cap, df;
    for (auto [key, out] : {std::pair<std::string_view, std::optional<Frac>*>{"weight", &w},
                            {"benchmark_factor", &factor},
                            {"cap", &cap},
                            {"display_factor", &df}})
        if (auto st = read_exact(file, t, path, key, *out); !st) return st;
    if (!w || w->p == 0)
        return file_error(file, w ? t.get("weight") : &t, path + "weight", {"缺少或为0", "missing or 0"});
    ind.weight = *w;
    if (factor) ind.benchmark_factor = *factor;
    ind.cap = cap;
    if (df) ind.display_factor = *df;
    if (ind.display_factor.p == 0)
        return file_error(file, t.get("display_factor"), path + "display_factor", {"不能为0", "cannot be 0"});
    const toml::node* b = t.get("benchmark");
    if (!b) return file_error(file, &t, path + "benchmark", {"缺少", "missing"});
    if (const auto* bs = b->as_string(); bs && bs->get() == "population") {
        ind.benchmark = Benchmark::kPopulation;
    } else {
        std::optional<Frac> fixed;
        if (auto st = read_exact(file, t, path, "benchmark", fixed); !st)
            return file_error(file, b, path + "benchmark",
                              {"应为 \"population\"（总体平均）或固定基准值（如 \"24.097\"）",
                               "expected \"population\" or a fixed benchmark (e.g. \"24.097\")"});
        if (!fixed || fixed->p == 0)
            return file_error(file, b, path + "benchmark", {"固定基准值须大于0", "a fixed benchmark must be > 0"});
        ind.benchmark = Benchmark::kFixed;
        ind.fixed = *fixed;
    }
    std::string zero = "zero", missing = "zero";
    if (auto st = read_choice(file, t, path, "zero_denominator", {"zero", "cap"}, zero); !st) return st;
    if (auto st = read_choice(file, t, path, "missing", {"zero", "mean_score"}, missing); !st) return st;
    ind.zero = zero == "cap" ? ZeroDenominator::kCap : ZeroDenominator::kZero;
    ind.missing = missing == "mean_score" ? Missing::kMeanScore : Missing::kZero;
    if (ind.zero == ZeroDenominator::kCap && !ind.cap)
        return file_error(file, t.get("zero_denominator"), path + "zero_denominator",
                          {"为 cap 时须设置 cap（封顶倍数）", "\"cap\" needs a cap"});
    return read_int(file, t, path, "display_decimals", ind.display_decimals, 0, 6, false);
}

}  // namespace

std::vector<Column> builtin_columns() {
    return {
        col("land_mu", 2, false, false, "用地面积", "land", "亩"),
        col("tax_yuan", 2, true, true, "税收", "tax", "元"),
        col("revenue_yuan", 2, false, true, "营业收入", "operating revenue", "元"),
        col("value_added_yuan", 2, true, true, "工业增加值", "value added", "元"),
        col("energy_tce", 4, false, true, "综合能耗", "energy use", "吨标准煤"),
        col("employees", 0, false, false, "年平均职工人数", "employees", "人"),
        col("rd_yuan", 2, false, true, "研发经费", "R&D spending", "元"),
    };
}

Result<Scheme> load_scheme(const fs::path& dir) {
    const fs::path file = dir / "scheme.toml";
    if (!fs::exists(file))
        return Status::io_error({file.string() + "：方案文件不存在", file.string() + ": scheme file not found"});
    auto doc = parse(file);
    if (!doc) return doc.status();
    const toml::table& t = *doc;
    if (auto st = only_keys(file, t, "",
                            {"id", "name", "name_en", "version", "source", "score_decimals", "graded", "exempt_grade",
                             "levers", "land", "population", "column", "indicator", "grade", "consequence"});
        !st)
        return st;
    Scheme s;
    if (auto st = read_string(file, t, "", "id", s.id); !st) return st;
    if (auto st = read_string(file, t, "", "name", s.name_zh); !st) return st;
    if (auto st = read_string(file, t, "", "version", s.version); !st) return st;
    if (auto st = read_string(file, t, "", "source", s.source); !st) return st;
    if (auto st = read_string(file, t, "", "name_en", s.name_en, false); !st) return st;
    if (auto st = read_string(file, t, "", "exempt_grade", s.exempt_grade, false); !st) return st;
    if (auto st = read_int(file, t, "", "score_decimals", s.score_decimals, 0, 4, false); !st) return st;
    if (auto st = read_bool(file, t, "", "graded", s.graded); !st) return st;
    s.columns = builtin_columns();
    auto columns = tables(file, t, "column");
    if (!columns) return columns.status();
    for (std::size_t i = 0; i < columns->size(); ++i) {
        const toml::table& ct = *(*columns)[i];
        const std::string path = "column[" + std::to_string(i + 1) + "].";
        if (auto st =
                only_keys(file, ct, path, {"name", "decimals", "required", "negative", "label", "label_en", "unit"});
            !st)
            return st;
        Column c;
        c.required = true;
        if (auto st = read_string(file, ct, path, "name", c.name); !st) return st;
        if (s.column(c.name) >= 0)
            return file_error(file, ct.get("name"), path + "name", {"列名重复", "duplicate column"});
        if (auto st = read_int(file, ct, path, "decimals", c.decimals, 0, 6, false); !st) return st;
        if (auto st = read_bool(file, ct, path, "required", c.required); !st) return st;
        if (auto st = read_bool(file, ct, path, "negative", c.allow_negative); !st) return st;
        if (auto st = read_string(file, ct, path, "label", c.label_zh); !st) return st;
        if (auto st = read_string(file, ct, path, "label_en", c.label_en, false); !st) return st;
        if (auto st = read_string(file, ct, path, "unit", c.unit_zh, false); !st) return st;
        s.columns.push_back(std::move(c));
    }
    if (const toml::node* n = t.get("land")) {
        const auto* lt = n->as_table();
        if (!lt) return file_error(file, n, "land", {"应为表", "expected a table"});
        if (auto st = only_keys(file, *lt, "land.", {"leased_share"}); !st) return st;
        std::optional<Frac> share;
        if (auto st = read_exact(file, *lt, "land.", "leased_share", share); !st) return st;
        if (share) {
            if (compare(*share, {1, 1}) > 0)
                return file_error(file, lt->get("leased_share"), "land.leased_share", {"不能大于1", "at most 1"});
            // The counted area stays exact: a decimal share of at most four places, and land carried
            // at as many more decimals as the share needs (0.5 → 0.001 mu).
            int k = 0;
            i128 p10 = 1;
            while (k < 4 && p10 % share->q != 0) ++k, p10 *= 10;
            if (p10 % share->q != 0)
                return file_error(file, lt->get("leased_share"), "land.leased_share",
                                  {"须为至多四位小数（如 \"0.5\"），以保持面积精确",
                                   "a decimal of at most four places (e.g. \"0.5\")"});
            s.leased_share = *share;
            s.columns[0].decimals = 2 + k;
        }
    }
    if (const toml::node* n = t.get("population")) {
        const auto* pt = n->as_table();
        if (!pt) return file_error(file, n, "population", {"应为表", "expected a table"});
        if (auto st = only_keys(file, *pt, "population.",
                                {"group_by", "benchmark_per_group", "exempt_new_years", "exempt_divisions"});
            !st)
            return st;
        std::string g = "none";
        if (auto st = read_choice(file, *pt, "population.", "group_by",
                                  {"none", "city", "industry_section", "industry_division"}, g);
            !st)
            return st;
        s.group_by = g == "city"                ? GroupBy::kCity
                     : g == "industry_section"  ? GroupBy::kIndustrySection
                     : g == "industry_division" ? GroupBy::kIndustryDivision
                                                : GroupBy::kNone;
        if (auto st = read_bool(file, *pt, "population.", "benchmark_per_group", s.benchmark_per_group); !st) return st;
        if (pt->get("exempt_new_years")) {
            int y = 0;
            if (auto st = read_int(file, *pt, "population.", "exempt_new_years", y, 0, 10); !st) return st;
            s.exempt_new_years = y;
        }
        if (const toml::node* d = pt->get("exempt_divisions")) {
            const auto* a = d->as_array();
            if (!a) return file_error(file, d, "population.exempt_divisions", {"应为整数数组", "expected integers"});
            for (const toml::node& e : *a) {
                const auto* i = e.as_integer();
                if (!i || i->get() < 1 || i->get() > 97)
                    return file_error(file, &e, "population.exempt_divisions",
                                      {"应为 01–97 的行业大类代码", "expected GB/T 4754 divisions 01–97"});
                s.exempt_divisions.push_back(static_cast<int>(i->get()));
            }
        }
    }
    auto inds = tables(file, t, "indicator");
    if (!inds) return inds.status();
    if (inds->empty()) return file_error(file, &t, "indicator", {"至少需要一个指标", "at least one indicator"});
    std::set<std::string> ids;
    for (std::size_t i = 0; i < inds->size(); ++i) {
        Indicator ind;
        const std::string path = "indicator[" + std::to_string(i + 1) + "].";
        if (auto st = read_indicator(file, *(*inds)[i], path, s, ind); !st) return st;
        if (!ids.insert(ind.id).second)
            return file_error(file, (*inds)[i]->get("id"), path + "id", {"指标编号重复", "duplicate indicator id"});
        s.indicators.push_back(std::move(ind));
    }
    auto grades = tables(file, t, "grade");
    if (!grades) return grades.status();
    int last = 0;
    for (std::size_t i = 0; i < grades->size(); ++i) {
        const toml::table& gt = *(*grades)[i];
        const std::string path = "grade[" + std::to_string(i + 1) + "].";
        if (auto st = only_keys(file, gt, path, {"grade", "percent"}); !st) return st;
        GradeSplit g;
        if (auto st = read_string(file, gt, path, "grade", g.grade); !st) return st;
        if (auto st = read_int(file, gt, path, "percent", g.percent, 1, 100); !st) return st;
        if (g.percent <= last)
            return file_error(file, gt.get("percent"), path + "percent",
                              {"须大于上一档的百分比", "must exceed the previous grade's percent"});
        last = g.percent;
        s.splits.push_back(std::move(g));
    }
    if (s.graded && (s.splits.empty() || last != 100))
        return file_error(file, &t, "grade",
                          {"分档须以 percent = 100 的一档结束（或设 graded = false）",
                           "the grades must end with percent = 100 (or set graded = false)"});
    auto cons = tables(file, t, "consequence");
    if (!cons) return cons.status();
    for (std::size_t i = 0; i < cons->size(); ++i) {
        const toml::table& ct = *(*cons)[i];
        const std::string path = "consequence[" + std::to_string(i + 1) + "].";
        if (auto st =
                only_keys(file, ct, path,
                          {"grade", "min_years", "max_years", "department", "measure", "measure_en", "amount", "unit"});
            !st)
            return st;
        Consequence c;
        if (auto st = read_string(file, ct, path, "grade", c.grade); !st) return st;
        bool known = c.grade == s.exempt_grade;
        for (const auto& g : s.splits) known = known || g.grade == c.grade;
        if (!known) return file_error(file, ct.get("grade"), path + "grade", {"未定义的等级", "undefined grade"});
        if (auto st = read_int(file, ct, path, "min_years", c.min_years, 1, 50, false); !st) return st;
        if (ct.get("max_years")) {
            int m = 0;
            if (auto st = read_int(file, ct, path, "max_years", m, c.min_years, 50); !st) return st;
            c.max_years = m;
        }
        if (auto st = read_string(file, ct, path, "department", c.department_zh); !st) return st;
        if (auto st = read_string(file, ct, path, "measure", c.measure_zh); !st) return st;
        if (auto st = read_string(file, ct, path, "measure_en", c.measure_en, false); !st) return st;
        if (auto st = read_exact(file, ct, path, "amount", c.amount); !st) return st;
        if (auto st = read_string(file, ct, path, "unit", c.amount_unit, false); !st) return st;
        s.consequences.push_back(std::move(c));
    }
    if (auto st = read_strings(file, t, "", "levers", s.levers, false); !st) return st;
    for (const std::string& l : s.levers)
        if (s.column(l) < 0)
            return file_error(file, t.get("levers"), "levers", {"未知的列“" + l + "”", "unknown column \"" + l + "\""});
    return s;
}

}  // namespace zx::parks
