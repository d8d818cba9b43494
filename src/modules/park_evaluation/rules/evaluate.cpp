#include "modules/park_evaluation/rules/evaluate.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "core/industry.hpp"
#include "core/parallel.hpp"

namespace zx::parks {
namespace {

i128 pow10(int d) {
    i128 r = 1;
    for (int i = 0; i < d; ++i) r *= 10;
    return r;
}

// ratio = (num / den) ÷ (BN / BD) = num·BD ÷ (den·BN), clamped to [0, cap].
bool indicator_ratio(const Indicator& ind, std::int64_t num, std::int64_t den, const Frac& bench, IndicatorScore& s) {
    if (den == 0) {
        s.zero_den = true;
        if (ind.zero == ZeroDenominator::kCap && ind.cap) {
            s.ratio = *ind.cap;
            s.capped = true;
        }
        return true;
    }
    if (num <= 0 && den > 0) return true;  // max(value, 0): a negative or zero value scores 0
    if (num >= 0 && den < 0) return true;
    i128 p = 0, q = 0;
    if (!mul_ok(num, bench.q, p) || !mul_ok(den, bench.p, q)) return false;
    if (q < 0) {
        p = -p;
        q = -q;
    }
    s.ratio = {p, q};
    if (ind.cap && compare(s.ratio, *ind.cap) >= 0) {
        s.ratio = *ind.cap;
        s.capped = true;
    }
    return true;
}

}  // namespace

Sums sums_of(const Scheme& scheme, std::span<const Entity* const> members) {
    Sums s;
    const std::size_t k = scheme.indicators.size();
    s.num.assign(k, 0);
    s.den.assign(k, 0);
    for (std::size_t i = 0; i < k; ++i) {
        const auto n = static_cast<std::size_t>(scheme.indicators[i].numerator);
        const auto d = static_cast<std::size_t>(scheme.indicators[i].denominator);
        for (const Entity* e : members) {
            if (!e->present[n] || !e->present[d]) continue;
            s.num[i] += e->values[n];
            s.den[i] += e->values[d];
        }
    }
    return s;
}

bool benchmark_from(const Scheme& scheme, std::size_t k, i128 sn, i128 sd, Frac& out, bool& positive) {
    const Indicator& ind = scheme.indicators[k];
    i128 p = 0, q = 0;
    if (ind.benchmark == Benchmark::kFixed) {
        // fixed (display units) ÷ display_factor = real units; × 10^dn ÷ 10^dd = base units.
        const Column& nc = scheme.columns[static_cast<std::size_t>(ind.numerator)];
        const Column& dc = scheme.columns[static_cast<std::size_t>(ind.denominator)];
        if (!mul_ok(ind.fixed.p, ind.display_factor.q, p) || !mul_ok(p, pow10(nc.decimals), p) ||
            !mul_ok(ind.fixed.q, ind.display_factor.p, q) || !mul_ok(q, pow10(dc.decimals), q))
            return false;
    } else if (!mul_ok(sn, ind.benchmark_factor.p, p) || !mul_ok(sd, ind.benchmark_factor.q, q)) {
        return false;
    }
    out = {p, q};
    positive = p > 0 && q > 0;
    return true;
}

GroupBenchmarks benchmarks_of(const Scheme& scheme, std::span<const Entity* const> members, bool& ok) {
    GroupBenchmarks g;
    g.n = members.size();
    const std::size_t k = scheme.indicators.size();
    g.benchmark.assign(k, {0, 1});
    g.positive.assign(k, false);
    g.mean_score.assign(k, {0, 1});
    const Sums s = sums_of(scheme, members);
    for (std::size_t i = 0; i < k; ++i) {
        bool pos = false;
        if (!benchmark_from(scheme, i, s.num[i], s.den[i], g.benchmark[i], pos)) ok = false;
        g.positive[i] = pos;
    }
    return g;
}

Scored score_entity(const Scheme& scheme, const Entity& e, const GroupBenchmarks& g, bool& ok) {
    Scored s;
    const std::size_t k = scheme.indicators.size();
    s.ind.resize(k);
    // This runs once per member per what-if, and once per member per probe of the inverse answer and
    // of the sensitivity, so it does round_frac of each item and round_sum of the total with one
    // 128-bit division per item (the quotient and remainder of points × 10^d serve both) and no
    // allocation. Each takes round_sum's own fast path (the same double operations in the same order,
    // so the same decision) and near a rounding boundary calls round_frac / round_sum themselves: the
    // results, `ok` included, are theirs exactly.
    const i128 scale = pow10(scheme.score_decimals);
    i128 whole = 0;
    double frac_approx = 0;
    bool overflow = false;
    auto round_item = [&](const Frac& f) -> std::int64_t {
        i128 num = 0;
        if (!mul_ok(f.p, scale, num)) {
            overflow = true;  // round_frac: 0 and not ok; round_sum: a total of 0
            ok = false;
            return 0;
        }
        const i128 a = num / f.q, r = num - a * f.q;  // r = num % f.q
        whole += a;
        double x = 0.5;
        if (r != 0) {
            const double part = static_cast<double>(r) / static_cast<double>(f.q);
            frac_approx += part;
            x = part + 0.5;
        }
        const double fl = std::floor(x);
        if (x - fl > 1e-9 && fl + 1 - x > 1e-9) return static_cast<std::int64_t>(a + static_cast<i128>(fl));
        return round_frac(f, scheme.score_decimals, ok);
    };
    for (std::size_t i = 0; i < k; ++i) {
        const Indicator& ind = scheme.indicators[i];
        IndicatorScore& is = s.ind[i];
        const auto n = static_cast<std::size_t>(ind.numerator), d = static_cast<std::size_t>(ind.denominator);
        if (!e.present[n] || !e.present[d]) {
            is.missing = true;
            if (ind.missing == Missing::kMeanScore) is.points = g.mean_score[i];
        } else if (!g.positive[i] && e.values[d] != 0) {
            // No positive benchmark: no one scores (a zero denominator keeps its own rule, below).
            is.no_benchmark = true;
        } else {
            if (!indicator_ratio(ind, e.values[n], e.values[d], g.benchmark[i], is)) ok = false;
            i128 p = 0, q = 0;
            if (!mul_ok(is.ratio.p, ind.weight.p, p) || !mul_ok(is.ratio.q, ind.weight.q, q)) ok = false;
            is.points = {p, q};
        }
        is.rounded = round_item(is.points);
    }
    if (overflow) return s;  // total 0, ok false: as round_sum
    const double x = frac_approx + 0.5;
    const double fl = std::floor(x);
    if (x - fl > 1e-9 && fl + 1 - x > 1e-9)
        s.total = static_cast<std::int64_t>(whole + static_cast<i128>(fl));
    else {
        std::vector<Frac> terms;
        terms.reserve(k);
        for (const IndicatorScore& is : s.ind) terms.push_back(is.points);
        s.total = round_sum(terms, scheme.score_decimals, ok);
    }
    return s;
}

std::string grade_of(const Scheme& scheme, int rank, std::size_t n) {
    if (!scheme.graded) return {};
    for (const GradeSplit& sp : scheme.splits)
        if (std::int64_t{100} * rank <= std::int64_t{sp.percent} * static_cast<std::int64_t>(n)) return sp.grade;
    return scheme.splits.empty() ? std::string() : scheme.splits.back().grade;
}

void rank_and_grade(const Scheme& scheme, std::span<const Entity> entities, std::vector<Scored>& rows) {
    std::map<int, std::vector<std::size_t>> by_group;
    for (std::size_t i = 0; i < entities.size(); ++i) by_group[entities[i].group].push_back(i);
    for (auto& [group, idx] : by_group) {
        std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return rows[a].total > rows[b].total; });
        for (std::size_t pos = 0; pos < idx.size(); ++pos) {
            // Rank = 1 + the number strictly higher: equal totals share the first position of their run.
            const int rank = pos > 0 && rows[idx[pos]].total == rows[idx[pos - 1]].total ? rows[idx[pos - 1]].rank
                                                                                         : static_cast<int>(pos) + 1;
            rows[idx[pos]].rank = rank;
            rows[idx[pos]].grade = grade_of(scheme, rank, idx.size());
        }
    }
}

ScoreResult score_population(const Scheme& scheme, std::span<const Entity> entities, int n_groups) {
    ScoreResult out;
    bool ok = true;
    std::vector<std::vector<const Entity*>> members(static_cast<std::size_t>(std::max(n_groups, 1)));
    for (const Entity& e : entities) members[static_cast<std::size_t>(e.group)].push_back(&e);
    out.groups.reserve(members.size());
    if (scheme.benchmark_per_group || members.size() == 1) {
        for (const auto& m : members) out.groups.push_back(benchmarks_of(scheme, m, ok));
    } else {
        // Ranked within groups against one benchmark over the whole population.
        std::vector<const Entity*> all;
        for (const Entity& e : entities) all.push_back(&e);
        const GroupBenchmarks whole = benchmarks_of(scheme, all, ok);
        for (const auto& m : members) {
            out.groups.push_back(whole);
            out.groups.back().n = m.size();
        }
    }
    out.rows.resize(entities.size());
    const int parts = entities.size() > 20000 ? 2 : 1;
    std::vector<std::uint8_t> part_ok(static_cast<std::size_t>(parts), 1);
    parallel_for(entities.size(), parts, [&](std::size_t t, std::size_t from, std::size_t to) {
        bool pok = true;
        for (std::size_t i = from; i < to; ++i)
            out.rows[i] =
                score_entity(scheme, entities[i], out.groups[static_cast<std::size_t>(entities[i].group)], pok);
        part_ok[t] = pok;
    });
    for (auto p : part_ok) ok = ok && p != 0;
    // A missing further figure scores the group's mean of that indicator's displayed scores (黄岩:
    // "按规上企业此项平均得分赋分"): a second pass, once the others are known.
    for (std::size_t k = 0; k < scheme.indicators.size(); ++k) {
        if (scheme.indicators[k].missing != Missing::kMeanScore) continue;
        std::vector<std::int64_t> sum(out.groups.size(), 0), cnt(out.groups.size(), 0);
        for (std::size_t i = 0; i < entities.size(); ++i)
            if (!out.rows[i].ind[k].missing) {
                sum[static_cast<std::size_t>(entities[i].group)] += out.rows[i].ind[k].rounded;
                ++cnt[static_cast<std::size_t>(entities[i].group)];
            }
        bool any = false;
        for (std::size_t g = 0; g < out.groups.size(); ++g) {
            if (cnt[g] == 0) continue;
            out.groups[g].mean_score[k] = {sum[g], static_cast<i128>(cnt[g]) * pow10(scheme.score_decimals)};
            any = true;
        }
        if (!any) continue;
        for (std::size_t i = 0; i < entities.size(); ++i)
            if (out.rows[i].ind[k].missing)
                out.rows[i] =
                    score_entity(scheme, entities[i], out.groups[static_cast<std::size_t>(entities[i].group)], ok);
    }
    rank_and_grade(scheme, entities, out.rows);
    out.overflow = !ok;
    return out;
}

bool exempt(const Scheme& scheme, const EnterpriseInput& e, int year, std::string& why_zh, std::string& why_en) {
    if (scheme.exempt_new_years && e.scale_since &&
        *e.scale_since >= YearMonth::of(year - *scheme.exempt_new_years, 1)) {
        why_zh = format_year_month(*e.scale_since) + "纳入规上统计（" +
                 std::to_string(year - *scheme.exempt_new_years) + "年1月及以后新入统），不参与排序";
        why_en = "entered the above-scale statistics in " + format_year_month(*e.scale_since) + " (on or after " +
                 std::to_string(year - *scheme.exempt_new_years) + "-01): not ranked";
        return true;
    }
    const int div = industry_division(e.industry);
    if (std::find(scheme.exempt_divisions.begin(), scheme.exempt_divisions.end(), div) !=
        scheme.exempt_divisions.end()) {
        why_zh = "行业大类" + std::to_string(div) + "（电力、热力、燃气及水生产和供应等）不参与排序";
        why_en = "industry division " + std::to_string(div) + " (utilities) is not ranked";
        return true;
    }
    return false;
}

namespace {

std::string group_key(const Scheme& scheme, const EnterpriseInput& e) {
    switch (scheme.group_by) {
        case GroupBy::kNone:
            return {};
        case GroupBy::kCity:
            return std::string(kCities[e.city]);
        case GroupBy::kIndustrySection:
            return std::string(1, industry_section(e.industry));
        case GroupBy::kIndustryDivision: {
            const int d = industry_division(e.industry);
            return (d < 10 ? "0" : "") + std::to_string(d);
        }
    }
    return {};
}

}  // namespace

Evaluation evaluate(const Scheme& scheme, std::span<const EnterpriseInput> inputs, std::span<const ParkInput> parks,
                    int year) {
    Evaluation ev;
    ev.year = year;
    std::map<std::string, int> groups;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const EnterpriseInput& in = inputs[i];
        if (!in.has_land || in.values.empty() || in.values[0] <= 0) {
            if (in.has_annual) ev.no_land.push_back(i);
            continue;
        }
        if (!in.has_annual) {
            ev.missing.push_back(i);
            continue;
        }
        EnterpriseRow row;
        row.input = i;
        if (exempt(scheme, in, year, row.exempt_reason_zh, row.exempt_reason_en)) {
            row.state = RowState::kExempt;
            ev.rows.push_back(std::move(row));
            continue;
        }
        row.group = group_key(scheme, in);
        auto [it, added] = groups.emplace(row.group, static_cast<int>(groups.size()));
        if (added) ev.group_names.push_back(row.group);
        ev.entities.push_back({in.values, in.present, it->second});
        ev.rated_rows.push_back(ev.rows.size());
        ev.rows.push_back(std::move(row));
    }
    ScoreResult sr = score_population(scheme, ev.entities, static_cast<int>(groups.size()));
    ev.overflow = sr.overflow;
    ev.groups = std::move(sr.groups);
    for (std::size_t j = 0; j < ev.rated_rows.size(); ++j) ev.rows[ev.rated_rows[j]].scored = std::move(sr.rows[j]);

    // Parks: the sums over each park's rated enterprises, the park's own area as land.
    std::map<std::string, std::size_t> park_index;
    for (std::size_t p = 0; p < parks.size(); ++p) park_index.emplace(parks[p].id, p);
    const std::size_t nc = scheme.columns.size();
    std::vector<Entity> pe(parks.size(), Entity{std::vector<std::int64_t>(nc, 0), std::vector<std::uint8_t>(nc, 0), 0});
    std::vector<std::size_t> members(parks.size(), 0);
    for (std::size_t j = 0; j < ev.rated_rows.size(); ++j) {
        const EnterpriseInput& in = inputs[ev.rows[ev.rated_rows[j]].input];
        auto it = park_index.find(in.park_id);
        if (in.park_id.empty() || it == park_index.end()) continue;
        Entity& e = pe[it->second];
        ++members[it->second];
        for (std::size_t c = 1; c < nc; ++c)
            if (in.present[c]) {
                e.values[c] += in.values[c];
                e.present[c] = 1;
            }
    }
    for (std::size_t p = 0; p < parks.size(); ++p) {
        if (members[p] == 0) {
            ev.empty_parks.push_back(p);
            continue;
        }
        std::int64_t scale = 1;  // the park's area (0.01 mu) at the land column's decimals
        for (int d = 2; d < scheme.columns[0].decimals; ++d) scale *= 10;
        pe[p].values[0] = parks[p].area * scale;
        pe[p].present[0] = 1;
        ev.parks.push_back({p, members[p], {}});
        ev.park_entities.push_back(std::move(pe[p]));
    }
    ScoreResult ps = score_population(scheme, ev.park_entities, 1);
    ev.overflow = ev.overflow || ps.overflow;
    ev.park_benchmarks = ps.groups.empty() ? GroupBenchmarks{} : ps.groups[0];
    for (std::size_t j = 0; j < ev.parks.size(); ++j) ev.parks[j].scored = std::move(ps.rows[j]);
    return ev;
}

std::vector<Scored> reweigh(const Scheme& changed, const Evaluation& ev) {
    return score_population(changed, ev.entities, static_cast<int>(std::max<std::size_t>(ev.groups.size(), 1))).rows;
}

}  // namespace zx::parks
