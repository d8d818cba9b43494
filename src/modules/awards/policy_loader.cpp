#include "modules/awards/policy_loader.hpp"

#include <toml++/toml.h>
#include <set>
#include <string>

namespace zx {
namespace {

// Collects the first error with its location; every getter returns a neutral value after an error
// so that the loader reads straight through without nested checks.
class Reader {
  public:
    explicit Reader(std::string file) : file_(std::move(file)) {}

    bool failed() const { return !error_.empty(); }
    const Text& error() const { return error_; }

    // "file:line: path: what" in both languages; file, line and path read the same in each.
    void fail(const toml::node* at, const std::string& path, const Text& what) {
        if (failed()) return;
        std::string loc = file_;
        if (at) loc += ":" + std::to_string(at->source().begin.line);
        error_ = {loc + ": " + path + "：" + what.zh, loc + ": " + path + ": " + what.en};
    }

    // Rejects keys other than `allowed` (catches typos such as "per_yaer_yuan").
    void only_keys(const toml::table& t, const std::string& path, std::initializer_list<std::string_view> allowed) {
        for (const auto& [k, v] : t) {
            bool ok = false;
            for (auto a : allowed) ok |= (k.str() == a);
            if (!ok)
                fail(&v, path,
                     {"未知的键“" + std::string(k.str()) + "”", "unknown key \"" + std::string(k.str()) + "\""});
        }
    }

    std::string str(const toml::table& t, const std::string& path, std::string_view key, bool required,
                    std::string def = {}) {
        const toml::node* n = t.get(key);
        if (!n) {
            if (required)
                fail(&t, path, {"缺少键“" + std::string(key) + "”", "missing key \"" + std::string(key) + "\""});
            return def;
        }
        if (auto s = n->value<std::string>()) return *s;
        fail(n, path + "." + std::string(key), {"须为字符串", "must be a string"});
        return def;
    }

    bool boolean(const toml::table& t, const std::string& path, std::string_view key, bool def) {
        const toml::node* n = t.get(key);
        if (!n) return def;
        if (auto b = n->value<bool>()) return *b;
        fail(n, path + "." + std::string(key), {"须为 true 或 false", "must be true or false"});
        return def;
    }

    // A yuan amount: an integer, or a string with at most two decimals. Returns fen.
    std::optional<std::int64_t> yuan_fen(const toml::table& t, const std::string& path, std::string_view key,
                                         bool required) {
        const toml::node* n = t.get(key);
        const std::string p = path + "." + std::string(key);
        if (!n) {
            if (required)
                fail(&t, path, {"缺少键“" + std::string(key) + "”", "missing key \"" + std::string(key) + "\""});
            return std::nullopt;
        }
        if (auto i = n->value<std::int64_t>()) {
            if (*i < 0 || *i > 100000000000000LL) {
                fail(n, p, {"金额超出范围", "amount out of range"});
                return std::nullopt;
            }
            return *i * 100;
        }
        if (auto s = n->value<std::string>()) {
            std::int64_t fen = 0;
            if (parse_yuan(*s, fen) == AmountError::kNone) return fen;
            fail(n, p,
                 {"“" + *s + "”不是最多两位小数的元金额",
                  "\"" + *s + "\" is not an amount in yuan with at most two decimals"});
            return std::nullopt;
        }
        fail(n, p, {"须为元金额（整数或“1234.56”）", "must be an amount in yuan (integer or \"1234.56\")"});
        return std::nullopt;
    }

    std::optional<std::int64_t> whole_yuan(const toml::table& t, const std::string& path, std::string_view key) {
        auto fen = yuan_fen(t, path, key, false);
        if (!fen) return std::nullopt;
        if (*fen % 100 != 0) {
            fail(t.get(key), path + "." + std::string(key), {"须为整元", "must be whole yuan"});
            return std::nullopt;
        }
        return *fen / 100;
    }

    std::optional<Ratio> ratio(const toml::table& t, const std::string& path, std::string_view key, bool required) {
        const toml::node* n = t.get(key);
        const std::string p = path + "." + std::string(key);
        if (!n) {
            if (required)
                fail(&t, path, {"缺少键“" + std::string(key) + "”", "missing key \"" + std::string(key) + "\""});
            return std::nullopt;
        }
        auto s = n->value<std::string>();
        std::optional<Ratio> r = s ? parse_ratio(*s) : std::nullopt;
        if (!r)
            fail(n, p,
                 {"须为百分比字符串，如“12%”或“1.5%”", "must be a percentage string such as \"12%\" or \"1.5%\""});
        return r;
    }

    std::vector<std::string> strings(const toml::table& t, const std::string& path, std::string_view key) {
        std::vector<std::string> out;
        const toml::node* n = t.get(key);
        if (!n) return out;
        const toml::array* a = n->as_array();
        if (!a) {
            fail(n, path + "." + std::string(key), {"须为字符串数组", "must be an array of strings"});
            return out;
        }
        for (const auto& e : *a) {
            if (auto s = e.value<std::string>())
                out.push_back(*s);
            else
                fail(&e, path + "." + std::string(key), {"须为字符串数组", "must be an array of strings"});
        }
        return out;
    }

    const toml::table* table(const toml::table& t, const std::string& path, std::string_view key) {
        const toml::node* n = t.get(key);
        if (!n) return nullptr;
        if (const toml::table* tt = n->as_table()) return tt;
        fail(n, path + "." + std::string(key), {"须为表", "must be a table"});
        return nullptr;
    }

  private:
    std::string file_;
    Text error_;
};

std::optional<Atom> parse_atom(const std::string& s) {
    Atom a;
    a.source = s;
    if (s == "manufacturing") {
        a.kind = Atom::Kind::kIndustryDivision;
        a.lo = 13;
        a.hi = 43;
        return a;
    }
    if (s == "above_scale") {
        a.kind = Atom::Kind::kAboveScale;
        return a;
    }
    if (s.rfind("industry:", 0) == 0) {
        std::string r = s.substr(9);
        auto dash = r.find('-');
        try {
            std::size_t used = 0;
            a.lo = std::stoi(r.substr(0, dash), &used);
            a.hi = dash == std::string::npos ? a.lo : std::stoi(r.substr(dash + 1));
        } catch (...) {
            return std::nullopt;
        }
        if (a.lo < 1 || a.hi > 97 || a.lo > a.hi) return std::nullopt;
        a.kind = Atom::Kind::kIndustryDivision;
        return a;
    }
    for (auto [prefix, kind] : {std::pair{"scale_since>=", Atom::Kind::kScaleSinceFrom},
                                std::pair{"scale_since<=", Atom::Kind::kScaleSinceUntil}}) {
        std::string p = prefix;
        if (s.rfind(p, 0) == 0) {
            auto ym = parse_year_month(s.substr(p.size()));
            if (!ym) return std::nullopt;
            a.kind = kind;
            a.month = *ym;
            return a;
        }
    }
    const bool negated = !s.empty() && s[0] == '!';
    if (auto d = find_designation(negated ? s.substr(1) : s)) {
        a.kind = negated ? Atom::Kind::kNotDesignation : Atom::Kind::kDesignation;
        a.designation = *d;
        return a;
    }
    return std::nullopt;
}

void read_groups(Reader& rd, const toml::table& root, Policy& p) {
    const toml::table* groups = rd.table(root, "", "group");
    if (!groups) return;
    for (const auto& [key, node] : *groups) {
        const std::string path = "group." + std::string(key.str());
        const toml::table* g = node.as_table();
        if (!g) {
            rd.fail(&node, path, {"须为表", "must be a table"});
            return;
        }
        rd.only_keys(*g, path, {"label", "any"});
        Group group;
        group.id = std::string(key.str());
        group.label = rd.str(*g, path, "label", true);
        const toml::array* any = g->get("any") ? g->get("any")->as_array() : nullptr;
        if (!any || any->empty()) {
            rd.fail(
                g, path,
                {"“any”须为非空数组，其每项为条件数组", "\"any\" must be a non-empty array of arrays of conditions"});
            return;
        }
        for (const auto& term_node : *any) {
            const toml::array* term = term_node.as_array();
            if (!term || term->empty()) {
                rd.fail(&term_node, path + ".any",
                        {"每一项须为非空的条件数组", "each entry must be a non-empty array of conditions"});
                return;
            }
            Term t;
            for (const auto& atom_node : *term) {
                auto s = atom_node.value<std::string>();
                auto atom = s ? parse_atom(*s) : std::nullopt;
                if (!atom) {
                    rd.fail(&atom_node, path + ".any",
                            Text{"未知的条件" + (s ? "“" + *s + "”" : std::string()) +
                                     "（可用认定类别如 top500、!认定类别、manufacturing、industry:13-43、above_scale、"
                                     "scale_since>=YYYY-MM、scale_since<=YYYY-MM）",
                                 "unknown condition" + (s ? " \"" + *s + "\"" : std::string()) +
                                     " (a designation such as top500, !designation, manufacturing, industry:13-43, "
                                     "above_scale, scale_since>=YYYY-MM, scale_since<=YYYY-MM)"});
                    return;
                }
                t.all.push_back(*atom);
            }
            group.any.push_back(std::move(t));
        }
        p.groups.push_back(std::move(group));
    }
}

void read_award(Reader& rd, const toml::table& a, const std::string& path, Clause& c) {
    rd.only_keys(a, path, {"kind", "of", "rate", "min_yuan", "illustrative", "tiers"});
    const std::string kind = rd.str(a, path, "kind", true);
    const std::string of = rd.str(a, path, "of", false, "increment");
    if (of == "increment")
        c.award_of = AwardOf::kIncrement;
    else if (of == "output")
        c.award_of = AwardOf::kOutput;
    else
        rd.fail(a.get("of"), path + ".of", {"须为“increment”或“output”", "must be \"increment\" or \"output\""});
    c.min_award_yuan = rd.whole_yuan(a, path, "min_yuan").value_or(0);
    c.tiers_illustrative = rd.boolean(a, path, "illustrative", false);
    if (kind == "rate") {
        c.award_kind = AwardKind::kRate;
        if (auto r = rd.ratio(a, path, "rate", true)) c.rate = *r;
    } else if (kind == "tiers") {
        c.award_kind = AwardKind::kTiers;
        const toml::array* tiers = a.get("tiers") ? a.get("tiers")->as_array() : nullptr;
        if (!tiers || tiers->empty()) {
            rd.fail(&a, path,
                    {"分档奖励须有非空的 [[...tiers]] 数组", "tiers award needs a non-empty [[...tiers]] array"});
            return;
        }
        int i = 0;
        for (const auto& tn : *tiers) {
            const std::string tp = path + ".tiers[" + std::to_string(i++) + "]";
            const toml::table* t = tn.as_table();
            if (!t) {
                rd.fail(&tn, tp, {"须为表", "must be a table"});
                return;
            }
            rd.only_keys(*t, tp, {"label", "output_above_yuan", "growth_min", "amount_yuan", "rate"});
            Tier tier;
            tier.label = rd.str(*t, tp, "label", false);
            tier.output_above_fen = rd.yuan_fen(*t, tp, "output_above_yuan", false).value_or(0);
            tier.growth_min = rd.ratio(*t, tp, "growth_min", false).value_or(Ratio{0, 1});
            tier.amount_yuan = rd.whole_yuan(*t, tp, "amount_yuan");
            tier.rate = rd.ratio(*t, tp, "rate", false);
            if (tier.amount_yuan.has_value() == tier.rate.has_value())
                rd.fail(
                    t, tp,
                    {"每一档须且只能有 amount_yuan 或 rate 之一", "a tier needs exactly one of amount_yuan or rate"});
            c.tiers.push_back(std::move(tier));
        }
    } else {
        rd.fail(a.get("kind"), path + ".kind", {"须为“rate”或“tiers”", "must be \"rate\" or \"tiers\""});
    }
}

void read_clause(Reader& rd, const toml::table& t, const std::string& path, Policy& p) {
    rd.only_keys(t, path,
                 {"id", "number", "title", "text", "responsible_units", "periods", "targets", "exclude_designations",
                  "exclusion_note", "enabled", "base", "growth", "award", "cap"});
    Clause c;
    c.id = rd.str(t, path, "id", true);
    c.number = rd.str(t, path, "number", false);
    c.title = rd.str(t, path, "title", true);
    c.text = rd.str(t, path, "text", false);
    c.responsible_units = rd.strings(t, path, "responsible_units");
    c.exclusion_note = rd.str(t, path, "exclusion_note", false);
    c.enabled = rd.boolean(t, path, "enabled", true);
    for (const auto& s : rd.strings(t, path, "periods")) {
        auto r = parse_month_range(s);
        if (!r)
            rd.fail(t.get("periods"), path + ".periods",
                    {"“" + s + "”不是 YYYY-MM/YYYY-MM 形式的区间", "\"" + s + "\" is not a range YYYY-MM/YYYY-MM"});
        else
            c.periods.push_back(*r);
    }
    if (c.periods.empty()) rd.fail(&t, path, {"至少需要一个期间", "needs at least one period"});
    for (const auto& s : rd.strings(t, path, "exclude_designations")) {
        auto d = find_designation(s);
        if (!d)
            rd.fail(t.get("exclude_designations"), path + ".exclude_designations",
                    {"未知的认定类别“" + s + "”", "unknown designation \"" + s + "\""});
        else
            c.exclude_designations.push_back(*d);
    }
    const toml::array* targets = t.get("targets") ? t.get("targets")->as_array() : nullptr;
    if (!targets || targets->empty()) rd.fail(&t, path, {"须有非空的 targets 数组", "needs a non-empty targets array"});
    if (targets && targets->size() > 8) rd.fail(&t, path, {"targets 至多8项", "at most 8 targets"});
    if (targets) {
        int i = 0;
        for (const auto& tn : *targets) {
            const std::string tp = path + ".targets[" + std::to_string(i++) + "]";
            const toml::table* tt = tn.as_table();
            if (!tt) {
                rd.fail(&tn, tp,
                        {"须为表 { group = \"A\", output_above_yuan = ... }",
                         "must be a table { group = \"A\", output_above_yuan = ... }"});
                break;
            }
            rd.only_keys(*tt, tp, {"group", "output_above_yuan", "inclusive"});
            Target target;
            const std::string g = rd.str(*tt, tp, "group", true);
            target.group = p.find_group(g);
            if (target.group < 0 && !rd.failed())
                rd.fail(tt, tp,
                        {"未知的组“" + g + "”（请在 [group." + g + "] 下定义）",
                         "unknown group \"" + g + "\" (define it under [group." + g + "])"});
            target.output_above_fen = rd.yuan_fen(*tt, tp, "output_above_yuan", false);
            target.inclusive = rd.boolean(*tt, tp, "inclusive", false);
            c.targets.push_back(target);
        }
    }
    const std::string base = rd.str(t, path, "base", false, "prior_year");
    if (base == "prior_year")
        c.base = BaseKind::kPriorYear;
    else if (base == "none")
        c.base = BaseKind::kNone;
    else
        rd.fail(t.get("base"), path + ".base", {"须为“prior_year”或“none”", "must be \"prior_year\" or \"none\""});
    if (const toml::table* g = rd.table(t, path, "growth")) {
        const std::string gp = path + ".growth";
        rd.only_keys(*g, gp, {"window", "min", "test", "period_must_grow"});
        const std::string window = rd.str(*g, gp, "window", false, "period");
        if (window == "period")
            c.growth_window = GrowthWindow::kPeriod;
        else if (window == "year_to_date")
            c.growth_window = GrowthWindow::kYearToDate;
        else
            rd.fail(g->get("window"), gp + ".window",
                    {"须为“period”或“year_to_date”", "must be \"period\" or \"year_to_date\""});
        if (auto r = rd.ratio(*g, gp, "min", true)) c.growth_min = *r;
        c.growth_test = rd.boolean(*g, gp, "test", true);
        c.period_must_grow = rd.boolean(*g, gp, "period_must_grow", false);
    } else if (c.base == BaseKind::kPriorYear) {
        rd.fail(&t, path, {"以上年为基数的条款须有 growth 表", "a prior_year clause needs a growth table"});
    } else {
        c.growth_test = false;
    }
    if (const toml::table* a = rd.table(t, path, "award"))
        read_award(rd, *a, path + ".award", c);
    else
        rd.fail(&t, path, {"缺少 [award]", "missing [award]"});
    if (const toml::table* cap = rd.table(t, path, "cap")) {
        rd.only_keys(*cap, path + ".cap", {"per_period_yuan", "per_year_yuan"});
        c.cap_per_period_yuan = rd.whole_yuan(*cap, path + ".cap", "per_period_yuan");
        c.cap_per_year_yuan = rd.whole_yuan(*cap, path + ".cap", "per_year_yuan");
    }
    if (p.find_clause(c.id) >= 0)
        rd.fail(&t, path, {"条款编号“" + c.id + "”重复", "duplicate clause id \"" + c.id + "\""});
    p.clauses.push_back(std::move(c));
}

}  // namespace

Result<Policy> load_policy(const std::filesystem::path& dir) {
    const std::filesystem::path file = dir / "policy.toml";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        return Status::not_found(
            {file.string() + "：该目录下没有 policy.toml", file.string() + ": no policy.toml in this directory"});
    toml::table root;
    try {
        root = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        const std::string at =
            file.string() + ":" + std::to_string(e.source().begin.line) + ":" + std::to_string(e.source().begin.column);
        const std::string why(e.description());
        return Status::policy_error({at + "：TOML语法错误：" + why, at + ": " + why});
    }
    Reader rd(file.string());
    rd.only_keys(root, "", {"policy", "group", "clause"});
    Policy p;
    p.source = dir.string();
    const toml::table* meta = rd.table(root, "", "policy");
    if (!meta)
        return Status::policy_error({file.string() + "：缺少 [policy] 表", file.string() + ": missing [policy] table"});
    rd.only_keys(
        *meta, "policy",
        {"id", "version", "title", "document", "in_force", "budget_yuan", "budget_note", "cap_per_enterprise_yuan"});
    p.id = rd.str(*meta, "policy", "id", true);
    p.version = rd.str(*meta, "policy", "version", false);
    p.title = rd.str(*meta, "policy", "title", true);
    p.document = rd.str(*meta, "policy", "document", false);
    p.budget_note = rd.str(*meta, "policy", "budget_note", false);
    const std::string in_force = rd.str(*meta, "policy", "in_force", true);
    if (auto r = parse_month_range(in_force))
        p.in_force = *r;
    else
        rd.fail(meta->get("in_force"), "policy.in_force", {"须为 YYYY-MM/YYYY-MM", "must be YYYY-MM/YYYY-MM"});
    p.budget_yuan = rd.whole_yuan(*meta, "policy", "budget_yuan");
    p.cap_per_enterprise_yuan = rd.whole_yuan(*meta, "policy", "cap_per_enterprise_yuan");
    read_groups(rd, root, p);
    const toml::array* clauses = root.get("clause") ? root.get("clause")->as_array() : nullptr;
    if (!clauses || clauses->empty()) rd.fail(&root, "clause", {"未定义任何 [[clause]]", "no [[clause]] defined"});
    if (clauses) {
        int i = 0;
        for (const auto& cn : *clauses) {
            if (rd.failed()) break;
            const std::string path = "clause[" + std::to_string(i++) + "]";
            if (const toml::table* t = cn.as_table())
                read_clause(rd, *t, path, p);
            else
                rd.fail(&cn, path, {"须为表", "must be a table"});
        }
    }
    if (rd.failed()) return Status::policy_error(rd.error());
    return p;
}

}  // namespace zx
