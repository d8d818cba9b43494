// The figures' endpoints of the monitoring service: cities, industries and designation groups, a
// city's enterprises, the top-500 list, the key projects — each within the caller's scope.
#include <algorithm>

#include "core/region.hpp"
#include "core/utf8.hpp"
#include "modules/monitoring/monitoring_internal.hpp"
#include "modules/monitoring/monitoring_service.hpp"
#include "modules/monitoring/permissions.hpp"

namespace zx::monitoring {

namespace json = boost::json;

namespace detail {

Result<YearMonth> month_param(const State& st, const std::string& text) {
    if (!st.latest) return Status::not_found({"尚无已核定的产值数据", "no verified output yet"});
    if (text.empty()) {
        YearMonth m = *st.latest;
        if (!reportable(m)) m = m + -1;  // January of the latest year: the last reportable month is December
        return m;
    }
    auto m = parse_year_month(text);
    if (!m) return Status::invalid({"month：应为 YYYY-MM", "month: expected YYYY-MM"});
    if (!reportable(*m))
        return Status::invalid({"month：1月不单独统计，与2月合并为1—2月发布",
                                "month: January is not reported alone "
                                "(1—2月 together)"});
    if (*m < *st.first || *m > *st.latest)
        return Status::invalid({"month：超出已核定数据的月份（" + format_year_month(*st.first) + " 至 " +
                                    format_year_month(*st.latest) + "）",
                                "month: outside the verified data (" + format_year_month(*st.first) + " to " +
                                    format_year_month(*st.latest) + ")"});
    return *m;
}

std::optional<CityId> own_city(const Principal& who) {
    const Scope s = who.scope();
    if (s.kind == Scope::Kind::kCity) return find_city(s.value);
    return std::nullopt;
}

Result<std::optional<CityId>> city_param(const Principal& who, const std::string& text) {
    const auto own = own_city(who);
    if (text.empty()) return own;
    auto c = find_city(text);
    if (!c) return Status::invalid({"city：不是广西14个设区市之一", "city: not one of Guangxi's 14 cities"});
    if (own && *own != *c) return Status::not_found({"没有该市的数据", "no such city's data"});
    return std::optional<CityId>(*c);
}

PageWindow page_window(const PageRequest& p, std::size_t total) {
    PageWindow w;
    w.size = static_cast<std::size_t>(std::clamp(p.page_size, 1, kMaxPageSize));
    w.first = std::min(total, static_cast<std::size_t>(std::max(p.page, 1) - 1) * w.size);
    w.last = std::min(total, w.first + w.size);
    return w;
}

std::vector<std::string> split_cities(const std::string& stored) {
    std::vector<std::string> out;
    for (std::size_t from = 0; from < stored.size();) {
        const auto comma = std::min(stored.find(',', from), stored.size());
        out.push_back(stored.substr(from, comma - from));
        from = comma + 1;
    }
    return out;
}

json::value text_or_null(const std::string& s) {
    return s.empty() ? json::value(nullptr) : json::value(s);
}

json::value scaled_or_null(const std::optional<std::int64_t>& v) {
    if (!v) return nullptr;
    std::string s = scaled_text(*v, 2);
    if (s.size() > 1 && s.back() == '0') s.pop_back();  // 5.30 → 5.3: as published
    return json::value(s);
}

json::value yuan_or_null(const std::optional<std::int64_t>& fen) {
    return fen ? json::value(yuan_text(*fen)) : json::value(nullptr);
}

json::object group_json(const GroupFigures& g, i128 scope_base) {
    return {{"key", g.key},
            {"name", g.label},
            {"output_yuan", yuan_text(g.output)},
            {"base_yuan", yuan_text(g.base)},
            {"growth_pct", text_or_null(growth_text(g.output, g.base))},
            {"rank", g.rank ? json::value(*g.rank) : json::value(nullptr)},
            {"rank_change", g.rank_change ? json::value(*g.rank_change) : json::value(nullptr)},
            {"contribution_pp", text_or_null(points_text(g.output - g.base, scope_base))},
            {"enterprises", g.enterprises}};
}

json::object city_json(const GroupFigures& g, i128 province_base, const CityMonth* ind, bool own) {
    json::object o = group_json(g, province_base);
    o.erase("key");
    o.erase("name");
    o["city"] = g.key;
    json::object i{{"value_added_growth_pct", scaled_or_null(ind ? ind->value_added_growth : std::nullopt)},
                   {"investment_growth_pct", scaled_or_null(ind ? ind->investment_growth : std::nullopt)},
                   {"special_bonds_issued_yuan", yuan_or_null(ind ? ind->bonds_issued_fen : std::nullopt)},
                   {"special_bonds_used_yuan", yuan_or_null(ind ? ind->bonds_used_fen : std::nullopt)},
                   {"manufacturing_share_pct", scaled_or_null(ind ? ind->manufacturing_share : std::nullopt)}};
    o["indicators"] = std::move(i);
    o["own"] = own;
    return o;
}

RankedCities ranked_cities(const State& st, YearMonth m) {
    RankedCities r;
    r.sums = enterprise_sums(st.ds, Period{m});
    r.rows = by_city(st.ds, r.sums);
    if (m.month() > 2) {
        const auto prev = by_city(st.ds, enterprise_sums(st.ds, Period{m + -1}));
        set_rank_change(r.rows, prev);
        r.previous_total = total_of(prev, "全区");
    }
    return r;
}

}  // namespace detail

using detail::city_json;
using detail::city_param;
using detail::group_json;
using detail::month_param;
using detail::own_city;
using detail::text_or_null;

Result<json::object> MonitoringService::cities(const Principal& who, const std::string& month) {
    if (!who.can(perm::kMonitorRead)) return Status::forbidden({"无权查看监测数据", "not allowed to read monitoring"});
    auto st = state();
    if (!st) return st.status();
    auto m = month_param(**st, month);
    if (!m) return m.status();
    const auto rows = detail::ranked_cities(**st, *m).rows;
    const GroupFigures total = total_of(rows, "全区");
    const auto own = own_city(who);
    json::object out{{"month", format_year_month(*m)}, {"period", Period{*m}.label()}};
    json::array items;
    bool published = false;
    if (own) {
        // The other cities as the issued 通报 of the month publishes them.
        auto b = bulletin(who, format_year_month(*m));
        if (b) {
            published = true;
            for (const auto& row : b->at("cities").as_array()) {
                json::object r = row.as_object();
                const bool mine = r.at("city").as_string() == kCities[*own];
                if (mine) continue;
                r["own"] = false;
                items.push_back(std::move(r));
            }
            out["total"] = b->at("total");
        }
    }
    for (std::size_t c = 0; c < rows.size(); ++c) {
        if (own && *own != c) continue;
        items.push_back(
            city_json(rows[c], total.base, (*st)->md.find_city(static_cast<CityId>(c), *m), own.has_value()));
    }
    if (own) {
        // The official order, whatever came from where.
        std::vector<json::value> sorted(items.begin(), items.end());
        std::stable_sort(sorted.begin(), sorted.end(), [](const json::value& a, const json::value& b) {
            return find_city(a.at("city").as_string()).value_or(0) < find_city(b.at("city").as_string()).value_or(0);
        });
        items = json::array(sorted.begin(), sorted.end());
    } else {
        out["total"] = city_json(total, total.base, nullptr, false);
        out["total"].as_object()["city"] = "全区";
    }
    if (!out.contains("total")) out["total"] = nullptr;
    out["rows"] = std::move(items);
    out["published"] = published || !own;
    return out;
}

Result<json::object> MonitoringService::groups(const Principal& who, const std::string& month, const std::string& city,
                                               bool industries) {
    if (!who.can(perm::kMonitorRead)) return Status::forbidden({"无权查看监测数据", "not allowed to read monitoring"});
    auto st = state();
    if (!st) return st.status();
    auto m = month_param(**st, month);
    if (!m) return m.status();
    auto c = city_param(who, city);
    if (!c) return c.status();
    const State& s = **st;
    const auto sums = enterprise_sums(s.ds, Period{*m});
    auto rows = industries ? by_division(s.ds, sums, *c) : by_designation(s.ds, sums, *c);
    if (m->month() > 2) {
        const auto prev_sums = enterprise_sums(s.ds, Period{*m + -1});
        set_rank_change(rows, industries ? by_division(s.ds, prev_sums, *c) : by_designation(s.ds, prev_sums, *c));
    }
    const auto cities = by_city(s.ds, sums);
    const i128 scope_base = *c ? cities[**c].base : total_of(cities, "").base;
    json::array items;
    for (const auto& g : rows) items.push_back(group_json(g, scope_base));
    return json::object{{"month", format_year_month(*m)},
                        {"period", Period{*m}.label()},
                        {"city", *c ? json::value(std::string(kCities[**c])) : json::value(nullptr)},
                        {"rows", std::move(items)}};
}

Result<json::object> MonitoringService::city_enterprises(const Principal& who, const std::string& city,
                                                         const std::string& month, const PageRequest& p) {
    if (!who.can(perm::kMonitorRead)) return Status::forbidden({"无权查看监测数据", "not allowed to read monitoring"});
    auto st = state();
    if (!st) return st.status();
    auto m = month_param(**st, month);
    if (!m) return m.status();
    auto c = city_param(who, city);
    if (!c) return c.status();
    if (!*c) return Status::invalid({"city：必填", "city: required"});
    const State& s = **st;
    const auto sums = enterprise_sums(s.ds, Period{*m});
    const auto rows = enterprises_of_city(s.ds, sums, **c);
    const i128 city_base = by_city(s.ds, sums)[**c].base;
    json::array items;
    const detail::PageWindow w = detail::page_window(p, rows.size());
    for (std::size_t i = w.first; i < w.last; ++i) {
        json::object o = group_json(rows[i], city_base);
        o["uscc"] = o["key"];
        o.erase("key");
        o.erase("rank_change");
        items.push_back(std::move(o));
    }
    return json::object{{"items", std::move(items)},
                        {"total", static_cast<std::int64_t>(rows.size())},
                        {"page", p.page},
                        {"page_size", static_cast<std::int64_t>(w.size)},
                        {"city", std::string(kCities[**c])},
                        {"month", format_year_month(*m)}};
}

Result<json::object> MonitoringService::top500(const Principal& who, const std::string& month, const std::string& city,
                                               const std::string& q, const PageRequest& p) {
    if (!who.can(perm::kMonitorRead)) return Status::forbidden({"无权查看监测数据", "not allowed to read monitoring"});
    auto st = state();
    if (!st) return st.status();
    auto m = month_param(**st, month);
    if (!m) return m.status();
    auto c = city_param(who, city);
    if (!c) return c.status();
    const State& s = **st;
    const auto sums = enterprise_sums(s.ds, Period{*m});
    const auto list = top_list(s.ds, m->year(), rules_.basis, rules_.size);
    const auto figures = watch_figures(s.ds, s.md, sums, list);
    const auto warnings = evaluate_warnings(rules_, s.ds, sums, figures);
    std::vector<const WatchFigures*> shown;
    for (const auto& f : figures) {
        if (*c && s.ds.city(f.ent) != **c) continue;
        if (!q.empty() && s.ds.name(f.ent).find(q) == std::string_view::npos && s.ds.uscc(f.ent).rfind(q, 0) != 0)
            continue;
        shown.push_back(&f);
    }
    json::array items;
    const detail::PageWindow w = detail::page_window(p, shown.size());
    i128 out_sum = 0, base_sum = 0;
    for (const auto* f : shown) out_sum += f->output_fen, base_sum += f->base_fen;
    for (std::size_t i = w.first; i < w.last; ++i) {
        const WatchFigures& f = *shown[i];
        json::array levels;
        for (const auto& w : warnings)
            if (w.ent == f.ent) levels.emplace_back(std::string(kLevelCodes[static_cast<int>(w.level)]));
        const std::string month_growth =
            f.month_fen && f.month_base_fen ? growth_text(*f.month_fen, *f.month_base_fen) : std::string();
        items.push_back({{"position", f.position},
                         {"uscc", std::string(s.ds.uscc(f.ent))},
                         {"name", std::string(s.ds.name(f.ent))},
                         {"city", std::string(kCities[s.ds.city(f.ent)])},
                         {"month_output_yuan", detail::yuan_or_null(f.month_fen)},
                         {"month_growth_pct", text_or_null(month_growth)},
                         {"output_yuan", yuan_text(f.output_fen)},
                         {"growth_pct", text_or_null(growth_text(f.output_fen, f.base_fen))},
                         {"plan_yuan", detail::yuan_or_null(f.plan_fen)},
                         {"plan_completion_pct", text_or_null(plan_completion_text(f))},
                         {"electricity_growth_pct", text_or_null(electricity_growth_text(f))},
                         {"electricity_gap_pp", text_or_null(electricity_gap_text(f))},
                         {"warnings", std::move(levels)}});
    }
    return json::object{{"year", m->year()},
                        {"month", format_year_month(*m)},
                        {"basis", rules_.basis == TopBasis::kOutput ? "output" : "designation"},
                        {"size", rules_.size},
                        {"items", std::move(items)},
                        {"total", static_cast<std::int64_t>(shown.size())},
                        {"page", p.page},
                        {"page_size", static_cast<std::int64_t>(w.size)},
                        {"output_yuan", yuan_text(out_sum)},
                        {"growth_pct", text_or_null(growth_text(out_sum, base_sum))}};
}

}  // namespace zx::monitoring
