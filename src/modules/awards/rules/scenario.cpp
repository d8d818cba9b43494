#include "modules/awards/rules/scenario.hpp"

#include <algorithm>
#include <string>

namespace zx {
namespace {

std::optional<std::optional<std::int64_t>> parse_yuan_or_none(std::string_view v) {
    if (v == "none" || v == "无") return std::optional<std::int64_t>();
    auto yuan = parse_whole_yuan(v);
    if (!yuan) return std::nullopt;
    return std::optional<std::int64_t>(*yuan);
}

std::optional<bool> parse_bool(std::string_view v) {
    if (v == "true" || v == "1" || v == "yes") return true;
    if (v == "false" || v == "0" || v == "no") return false;
    return std::nullopt;
}

Status bad(std::string_view key, std::string_view value, const Text& expected) {
    const std::string set = "--set " + std::string(key) + "=" + std::string(value);
    return Status::invalid({set + "：应为" + expected.zh, set + ": expected " + expected.en});
}

}  // namespace

Status apply_setting(Policy& p, std::string_view setting) {
    const auto eq = setting.find('=');
    const std::string set = "--set " + std::string(setting);
    if (eq == std::string_view::npos) return Status::invalid({set + "：应为 键=值", set + ": expected key=value"});
    const std::string_view key = setting.substr(0, eq), value = setting.substr(eq + 1);
    if (key == "budget") {
        auto v = parse_yuan_or_none(value);
        if (!v)
            return bad(key, value,
                       {"以元为单位的金额（如 200000000 或 2亿）或 none",
                        "an amount in yuan (e.g. 200000000 or 2亿) or none"});
        p.budget_yuan = *v;
        return Status::ok();
    }
    if (key == "cap_enterprise") {
        auto v = parse_yuan_or_none(value);
        if (!v) return bad(key, value, {"以元为单位的金额或 none", "an amount in yuan or none"});
        p.cap_per_enterprise_yuan = *v;
        return Status::ok();
    }
    if (key.rfind("clause", 0) != 0 || key.find('.') == std::string_view::npos)
        return Status::invalid({set + "：未知的键（应为 budget、cap_enterprise 或 clause<条款号>.<参数>）",
                                set + ": unknown key (expected budget, cap_enterprise or clause<ID>.<param>)"});
    const auto dot = key.find('.');
    const std::string id(key.substr(6, dot - 6));
    const int ci = p.find_clause(id);
    if (ci < 0)
        return Status::invalid(
            {set + "：政策中没有条款“" + id + "”", set + ": the policy has no clause \"" + id + "\""});
    Clause& c = p.clauses[static_cast<std::size_t>(ci)];
    const std::string_view param = key.substr(dot + 1);
    if (param == "enabled") {
        auto b = parse_bool(value);
        if (!b) return bad(key, value, {"true 或 false", "true or false"});
        c.enabled = *b;
    } else if (param == "period_must_grow") {
        auto b = parse_bool(value);
        if (!b) return bad(key, value, {"true 或 false", "true or false"});
        c.period_must_grow = *b;
    } else if (param == "rate") {
        auto r = parse_ratio(value);
        if (!r) return bad(key, value, {"百分比，如 1.5%", "a percentage such as 1.5%"});
        c.rate = *r;
        for (auto& t : c.tiers)
            if (t.rate) t.rate = *r;
    } else if (param == "growth_min") {
        auto r = parse_ratio(value);
        if (!r) return bad(key, value, {"百分比，如 10%", "a percentage such as 10%"});
        c.growth_min = *r;
    } else if (param == "cap_year" || param == "cap_period" || param == "min_award") {
        auto v = parse_yuan_or_none(value);
        if (!v)
            return bad(key, value,
                       {"以整元为单位的金额（如 5000000 或 500万）或 none",
                        "an amount in whole yuan (e.g. 5000000 or 500万) or none"});
        if (param == "cap_year")
            c.cap_per_year_yuan = *v;
        else if (param == "cap_period")
            c.cap_per_period_yuan = *v;
        else
            c.min_award_yuan = v->value_or(0);
    } else if (param.rfind("threshold.", 0) == 0) {
        const std::string group(param.substr(10));
        auto v = parse_yuan_or_none(value);
        if (!v)
            return bad(key, value,
                       {"以元为单位的金额（如 200000000 或 2亿）或 none",
                        "an amount in yuan (e.g. 200000000 or 2亿) or none"});
        bool found = false;
        for (auto& t : c.targets) {
            if (p.groups[static_cast<std::size_t>(t.group)].id != group) continue;
            t.output_above_fen = *v ? std::optional<std::int64_t>(**v * 100) : std::nullopt;
            found = true;
        }
        if (!found)
            return Status::invalid({set + "：条款 " + id + " 没有对象组“" + group + "”",
                                    set + ": clause " + id + " has no target group \"" + group + "\""});
    } else {
        return Status::invalid({set + "：未知的参数（可用 enabled、rate、growth_min、cap_year、cap_period、min_award、"
                                      "threshold.<组>、period_must_grow）",
                                set +
                                    ": unknown parameter (enabled, rate, growth_min, cap_year, cap_period, min_award, "
                                    "threshold.<GROUP>, period_must_grow)"});
    }
    return Status::ok();
}

ScenarioComparison compare_scenarios(const Policy& base_policy, const Evaluation& base, const Policy& scen_policy,
                                     const Evaluation& scen, const Dataset& data) {
    ScenarioComparison c;
    c.baseline = summarize(base_policy, data, base);
    c.scenario = summarize(scen_policy, data, scen);
    const auto before = totals_by_enterprise(data, base);
    const auto after = totals_by_enterprise(data, scen);
    for (EntId e = 0; e < data.size(); ++e) {
        if (before[e] == after[e]) continue;
        c.changes.push_back({e, before[e], after[e]});
        if (after[e] > before[e])
            ++c.gainers;
        else
            ++c.losers;
        if (before[e] == 0) ++c.new_beneficiaries;
        if (after[e] == 0) ++c.lost_beneficiaries;
    }
    std::stable_sort(c.changes.begin(), c.changes.end(), [](const EnterpriseChange& a, const EnterpriseChange& b) {
        const std::int64_t da = a.after_yuan - a.before_yuan, db = b.after_yuan - b.before_yuan;
        const std::int64_t aa = da < 0 ? -da : da, ab = db < 0 ? -db : db;
        return aa > ab;
    });
    return c;
}

}  // namespace zx
