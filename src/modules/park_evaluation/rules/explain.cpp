#include "modules/park_evaluation/rules/explain.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "core/money.hpp"

namespace zx::parks {
namespace {

i128 pow10(int d) {
    i128 r = 1;
    for (int i = 0; i < d; ++i) r *= 10;
    return r;
}

std::string pct_text(int p) {
    return std::to_string(p) + "%";
}

// The benchmark population of a rated row and the sums behind its benchmarks, so that a changed
// figure moves the benchmarks in O(indicators).
struct Context {
    const Scheme& scheme;
    const Evaluation& ev;
    int group = 0;
    std::vector<std::size_t> members;  // entity indices ranked with the row
    Sums sums;                         // over the benchmark population
    explicit Context(const Scheme& s, const Evaluation& e, std::size_t entity) : scheme(s), ev(e) {
        group = e.entities[entity].group;
        const bool whole = !s.benchmark_per_group && e.groups.size() > 1;  // one benchmark over all groups
        std::vector<const Entity*> bench;
        for (std::size_t j = 0; j < e.entities.size(); ++j) {
            if (e.entities[j].group == group) members.push_back(j);
            if (whole || e.entities[j].group == group) bench.push_back(&e.entities[j]);
        }
        sums = sums_of(s, bench);
        max_points.assign(s.indicators.size(), 0.0);
        for (std::size_t j : members) {
            const Scored& sc = e.rows[e.rated_rows[j]].scored;
            by_total.emplace_back(sc.total, j);
            for (std::size_t k = 0; k < sc.ind.size(); ++k)
                max_points[k] = std::max(
                    max_points[k], static_cast<double>(sc.ind[k].points.p) / static_cast<double>(sc.ind[k].points.q));
        }
        std::sort(by_total.begin(), by_total.end());
    }
    std::vector<std::pair<std::int64_t, std::size_t>> by_total;  // members' (total, entity), ascending
    std::vector<double> max_points;                              // the members' largest points per item
    // The benchmarks when entity `i` has the figures `changed`.
    GroupBenchmarks with(std::size_t i, const Entity& changed, bool& ok) const {
        GroupBenchmarks g = ev.groups[static_cast<std::size_t>(group)];
        const Entity& old = ev.entities[i];
        for (std::size_t k = 0; k < scheme.indicators.size(); ++k) {
            const auto n = static_cast<std::size_t>(scheme.indicators[k].numerator);
            const auto d = static_cast<std::size_t>(scheme.indicators[k].denominator);
            i128 sn = sums.num[k], sd = sums.den[k];
            if (old.present[n] && old.present[d]) sn -= old.values[n], sd -= old.values[d];
            if (changed.present[n] && changed.present[d]) sn += changed.values[n], sd += changed.values[d];
            bool pos = false;
            if (!benchmark_from(scheme, k, sn, sd, g.benchmark[k], pos)) ok = false;
            g.positive[k] = pos;
        }
        return g;
    }
    // 1 + the number of members other than i with a strictly higher total than `total` under the
    // benchmarks g. Exact without rescoring everyone: a benchmark that moves by the factor f moves
    // anyone's item by at most its points × |1 − f| (a capped item by less), so the members whose
    // totals are further than that bound from `total` keep their side; only those within it are
    // rescored. A benchmark that turns positive or not positive falls back to rescoring all.
    int rank_against(std::size_t i, std::int64_t total, const GroupBenchmarks& g, bool& ok) const {
        const GroupBenchmarks& old = ev.groups[static_cast<std::size_t>(group)];
        double delta = 0;
        bool bounded = true;
        for (std::size_t k = 0; k < scheme.indicators.size() && bounded; ++k) {
            if (old.positive[k] != g.positive[k]) bounded = false;
            if (!old.positive[k] || !g.positive[k]) continue;
            const double fo = static_cast<double>(old.benchmark[k].p) / static_cast<double>(old.benchmark[k].q);
            const double fn = static_cast<double>(g.benchmark[k].p) / static_cast<double>(g.benchmark[k].q);
            delta += max_points[k] * std::abs(1 - fo / fn);
        }
        int higher = 0;
        if (!bounded) {
            for (std::size_t j : members)
                if (j != i && score_entity(scheme, ev.entities[j], g, ok).total > total) ++higher;
            return higher + 1;
        }
        // In units of the total, with room for the rounding of both totals.
        const double unit = std::pow(10.0, -scheme.score_decimals);
        const auto band = static_cast<std::int64_t>(std::ceil((delta * 1.001 + 1e-9) / unit)) + 2;
        const auto lo =
            std::lower_bound(by_total.begin(), by_total.end(), std::pair<std::int64_t, std::size_t>{total - band, 0});
        const auto hi = std::upper_bound(by_total.begin(), by_total.end(),
                                         std::pair<std::int64_t, std::size_t>{total + band, SIZE_MAX});
        higher = static_cast<int>(by_total.end() - hi);
        if (ev.entities[i].group == group && ev.rows[ev.rated_rows[i]].scored.total > total + band) --higher;  // itself
        for (auto it = lo; it != hi; ++it)
            if (it->second != i && score_entity(scheme, ev.entities[it->second], g, ok).total > total) ++higher;
        return higher + 1;
    }
};

std::size_t entity_of(const Evaluation& ev, std::size_t row) {
    for (std::size_t j = 0; j < ev.rated_rows.size(); ++j)
        if (ev.rated_rows[j] == row) return j;
    return ev.rated_rows.size();
}

std::vector<Line> explain_entity(const Scheme& scheme, const Entity& e, const Scored& s, const GroupBenchmarks& g,
                                 std::size_t n) {
    std::vector<Line> out;
    const int sd = scheme.score_decimals;
    for (std::size_t k = 0; k < scheme.indicators.size(); ++k) {
        const Indicator& ind = scheme.indicators[k];
        const IndicatorScore& is = s.ind[k];
        const std::string unit = ind.unit_zh, unit_en = ind.unit_en.empty() ? ind.unit_zh : ind.unit_en;
        const std::string weight = format_frac_short(ind.weight, 4), got = format_fixed(is.rounded, sd);
        const auto num = static_cast<std::size_t>(ind.numerator), den = static_cast<std::size_t>(ind.denominator);
        Line l;
        if (is.missing) {
            const bool mean = ind.missing == Missing::kMeanScore;
            l.zh = ind.name_zh + "：" + scheme.columns[e.present[num] ? den : num].label_zh + "未填报，" +
                   (mean ? "按本组此项平均得分赋分" : "本项不得分") + "，得分 " + got + "/" + weight;
            l.en = ind.name_en + ": " + scheme.columns[e.present[num] ? den : num].label_en + " not reported; " +
                   (mean ? "scored the population's mean for this item" : "scores 0") + ", " + got + "/" + weight;
            out.push_back(std::move(l));
            continue;
        }
        const Line fn = format_figure(scheme, num, e.values[num]), fd = format_figure(scheme, den, e.values[den]);
        const Frac bench = display_benchmark(scheme, k, g.benchmark[k]);
        const std::string b = format_frac(bench, ind.display_decimals);
        if (is.zero_den) {
            l.zh = ind.name_zh + "：" + scheme.columns[den].label_zh + "为0，" +
                   (ind.zero == ZeroDenominator::kCap ? "按封顶计分" : "本项不得分") + "，得分 " + got + "/" + weight;
            l.en = ind.name_en + ": " + scheme.columns[den].label_en + " is 0, " +
                   (ind.zero == ZeroDenominator::kCap ? "scores the cap" : "scores 0") + ", " + got + "/" + weight;
            out.push_back(std::move(l));
            continue;
        }
        const auto v = display_value(scheme, k, e);
        const std::string vs = v ? format_frac(*v, ind.display_decimals) : "—";
        const std::string ratio = format_frac(is.ratio, 4);
        std::string how_zh = "比值 " + ratio, how_en = "ratio " + ratio;
        if (is.no_benchmark) {
            how_zh = "基准不为正，本项均不得分";
            how_en = "the benchmark is not positive: no one scores";
        } else if (is.capped) {
            how_zh += "（封顶 " + format_frac_short(*ind.cap, 4) + " 倍）";
            how_en += " (capped at " + format_frac_short(*ind.cap, 4) + "×)";
        } else if (is.ratio.p == 0) {
            how_zh += "（不为正，按0计）";
            how_en += " (not positive: 0)";
        }
        l.zh = ind.name_zh + " " + vs + unit + "（" + fn.zh + " ÷ " + fd.zh + "），基准 " + b + unit + "，" + how_zh +
               "，得分 " + got + "/" + weight;
        l.en = ind.name_en + " " + vs + " " + unit_en + " (" + fn.en + " / " + fd.en + "), benchmark " + b + " " +
               unit_en + ", " + how_en + ", score " + got + "/" + weight;
        out.push_back(std::move(l));
    }
    const std::string total = format_fixed(s.total, scheme.score_decimals);
    out.push_back({"合计 " + total + " 分（各项得分精确相加后四舍五入到" + std::to_string(sd) + "位小数）",
                   "total " + total + " (the exact sum of the items, rounded half away from zero to " +
                       std::to_string(sd) + " decimals)"});
    if (!scheme.graded) {
        out.push_back({"排名 " + std::to_string(s.rank) + "/" + std::to_string(n),
                       "rank " + std::to_string(s.rank) + " of " + std::to_string(n)});
        return out;
    }
    int prev = 0;
    for (const GradeSplit& sp : scheme.splits) {
        if (sp.grade == s.grade) {
            const std::string r = std::to_string(s.rank), nn = std::to_string(n);
            out.push_back({"排名 " + r + "/" + nn + "：" + r + "×100 ≤ " + std::to_string(sp.percent) + "×" + nn +
                               (prev > 0 ? "，且超过前" + pct_text(prev) : std::string()) + " → " + sp.grade + " 类",
                           "rank " + r + " of " + nn + ": " + r + "×100 ≤ " + std::to_string(sp.percent) + "×" + nn +
                               (prev > 0 ? ", beyond the top " + pct_text(prev) : std::string()) + " → grade " +
                               sp.grade});
            break;
        }
        prev = sp.percent;
    }
    return out;
}

}  // namespace

std::optional<Frac> display_value(const Scheme& scheme, std::size_t k, const Entity& e) {
    const Indicator& ind = scheme.indicators[k];
    const auto n = static_cast<std::size_t>(ind.numerator), d = static_cast<std::size_t>(ind.denominator);
    if (!e.present[n] || !e.present[d] || e.values[d] == 0) return std::nullopt;
    const int dn = scheme.columns[n].decimals, dd = scheme.columns[d].decimals;
    i128 p = i128{e.values[n]} * pow10(dd) * ind.display_factor.p;
    i128 q = i128{e.values[d]} * pow10(dn) * ind.display_factor.q;
    if (q < 0) p = -p, q = -q;
    return Frac{p, q};
}

Frac display_benchmark(const Scheme& scheme, std::size_t k, const Frac& base) {
    const Indicator& ind = scheme.indicators[k];
    const int dn = scheme.columns[static_cast<std::size_t>(ind.numerator)].decimals;
    const int dd = scheme.columns[static_cast<std::size_t>(ind.denominator)].decimals;
    if (ind.benchmark == Benchmark::kFixed) return ind.fixed;
    return {base.p * pow10(dd) * ind.display_factor.p, base.q * pow10(dn) * ind.display_factor.q};
}

Line format_figure(const Scheme& scheme, std::size_t c, std::int64_t v) {
    const Column& col = scheme.columns[c];
    if (col.unit_zh == "元")
        return {col.label_zh + " " + format_wan2(v) + "万元", col.label_en + " " + format_wan2(v) + " 10k yuan"};
    const std::string x = format_fixed(v, col.decimals);
    return {col.label_zh + " " + x + col.unit_zh,
            col.label_en + " " + x + (col.unit_zh.empty() ? "" : " " + col.unit_zh)};
}

std::vector<Line> explain(const Scheme& scheme, const Evaluation& ev, std::size_t row) {
    const EnterpriseRow& r = ev.rows.at(row);
    if (r.state == RowState::kExempt)
        return {{"不参与排序（" + scheme.exempt_grade + " 类）：" + r.exempt_reason_zh,
                 "not ranked (grade " + scheme.exempt_grade + "): " + r.exempt_reason_en}};
    const std::size_t j = entity_of(ev, row);
    const Entity& e = ev.entities.at(j);
    const GroupBenchmarks& g = ev.groups.at(static_cast<std::size_t>(e.group));
    auto lines = explain_entity(scheme, e, r.scored, g, g.n);
    if (!r.group.empty())
        lines.insert(lines.begin(), {"评价组：" + r.group + "（组内排序）", "ranked within: " + r.group});
    return lines;
}

std::vector<Line> explain_park(const Scheme& scheme, const Evaluation& ev, std::size_t park_row) {
    const ParkRow& p = ev.parks.at(park_row);
    return explain_entity(scheme, ev.park_entities.at(park_row), p.scored, ev.park_benchmarks, ev.parks.size());
}

std::vector<InverseAnswer> inverse(const Scheme& scheme, const Evaluation& ev, std::size_t row) {
    std::vector<InverseAnswer> out;
    const EnterpriseRow& r = ev.rows.at(row);
    if (r.state != RowState::kRated || !scheme.graded) return out;
    const std::size_t i = entity_of(ev, row);
    const Context ctx(scheme, ev, i);
    const std::size_t n = ctx.members.size();
    // The next grade a rank of this population can hold (with few members some grades have no rank:
    // of 3, ranks give B, B, D), and the last rank that holds it.
    std::int64_t best_rank = 0;
    GradeSplit target;
    for (int rk = r.scored.rank - 1; rk >= 1; --rk) {
        const std::string g = grade_of(scheme, rk, n);
        if (g == r.scored.grade) continue;
        if (target.grade.empty()) {
            target.grade = g;
            best_rank = rk;
        }
        break;
    }
    if (target.grade.empty()) return out;  // the best grade this population has already
    for (const std::string& lever : scheme.levers) {
        const auto c = static_cast<std::size_t>(scheme.column(lever));
        int uses_num = 0, uses_den = 0;
        for (const Indicator& ind : scheme.indicators) {
            uses_num += static_cast<std::size_t>(ind.numerator) == c;
            uses_den += static_cast<std::size_t>(ind.denominator) == c;
        }
        if (uses_num + uses_den == 0) continue;
        InverseAnswer a;
        a.column = lever;
        a.direction = uses_den > uses_num ? -1 : 1;
        a.target_grade = target.grade;
        const Entity& base = ev.entities[i];
        if (!base.present[c]) continue;
        a.from = base.values[c];
        const std::int64_t v = base.values[c];
        const Column& col = scheme.columns[c];
        bool ok = true;
        auto reaches = [&](std::int64_t delta) {
            Entity e = base;
            e.values[c] = v + a.direction * delta;
            const GroupBenchmarks g = ctx.with(i, e, ok);
            const Scored s = score_entity(scheme, e, g, ok);
            return best_rank >= 1 && ctx.rank_against(i, s.total, g, ok) <= best_rank;
        };
        std::optional<std::int64_t> found;
        if (best_rank >= 1) {
            // Lowering stops at the smallest allowed value; raising doubles up to 1000 times the figure.
            const std::int64_t floor_v = col.allow_zero ? 0 : 1;
            std::int64_t hi = 0;
            if (a.direction < 0) {
                hi = v - floor_v;
                if (hi <= 0 || !reaches(hi)) hi = -1;
            } else {
                const std::int64_t limit =
                    std::min<std::int64_t>(std::max<std::int64_t>(std::abs(v), 100), INT64_MAX / 4000) * 1000;
                hi = std::max<std::int64_t>(std::abs(v) / 100, 1);
                while (hi < limit && !reaches(hi)) hi = hi > limit / 2 ? limit : hi * 2;  // never past the limit
                if (hi >= limit) hi = -1;
            }
            if (hi > 0) {
                std::int64_t lo = 0;  // lo fails, hi reaches
                while (hi - lo > 1) {
                    const std::int64_t mid = lo + (hi - lo) / 2;
                    (reaches(mid) ? hi : lo) = mid;
                }
                found = v + a.direction * hi;
            }
        }
        const Line from = format_figure(scheme, c, v);
        if (found && ok) {
            a.to = *found;
            const Line to = format_figure(scheme, c, *found);
            const std::string verb_zh = a.direction > 0 ? "增至" : "降至";
            a.text = {from.zh + " " + verb_zh + " " + to.zh.substr(col.label_zh.size() + 1) + "，即可升为 " +
                          target.grade + " 类（其他企业数据不变）",
                      from.en + (a.direction > 0 ? " raised to " : " lowered to ") +
                          to.en.substr(col.label_en.size() + 1) + " lifts it to grade " + target.grade +
                          " (everyone else's figures unchanged)"};
        } else {
            a.text = {"仅调整" + col.label_zh + "无法升为 " + target.grade + " 类",
                      "changing " + col.label_en + " alone cannot lift it to grade " + target.grade};
        }
        out.push_back(std::move(a));
    }
    return out;
}

std::vector<Flip> sensitivity(const Scheme& scheme, const Evaluation& ev) {
    std::vector<Flip> out;
    if (!scheme.graded) return out;
    std::vector<std::size_t> cols;
    for (const Indicator& ind : scheme.indicators)
        for (int c : {ind.numerator, ind.denominator})
            if (std::find(cols.begin(), cols.end(), static_cast<std::size_t>(c)) == cols.end())
                cols.push_back(static_cast<std::size_t>(c));
    // One context per population: its sums, its members sorted by total, their largest points.
    std::map<int, std::unique_ptr<Context>> contexts;
    for (std::size_t i = 0; i < ev.entities.size(); ++i) {
        const Entity& base = ev.entities[i];
        auto& ctx = contexts[base.group];
        if (!ctx) ctx = std::make_unique<Context>(scheme, ev, i);
        const EnterpriseRow& row = ev.rows[ev.rated_rows[i]];
        const std::size_t n = ctx->members.size();
        for (std::size_t c : cols) {
            if (!base.present[c] || base.values[c] == 0) continue;
            for (int dir : {1, -1}) {
                Entity e = base;
                const std::int64_t step = std::max<std::int64_t>(std::abs(base.values[c]) / 100, 1);
                e.values[c] += dir * step;
                if (e.values[c] <= 0 && !scheme.columns[c].allow_zero) continue;
                if (e.values[c] < 0 && !scheme.columns[c].allow_negative) continue;
                bool ok = true;
                const GroupBenchmarks g = ctx->with(i, e, ok);
                const std::int64_t x = score_entity(scheme, e, g, ok).total;
                const int higher = ctx->rank_against(i, x, g, ok) - 1;
                const std::string after = grade_of(scheme, higher + 1, n);
                if (ok && after != row.scored.grade)
                    out.push_back({ev.rated_rows[i], scheme.columns[c].name, dir, row.scored.grade, after});
            }
        }
    }
    return out;
}

std::vector<ConsequenceHit> consequences_of(const Scheme& scheme, const std::vector<HistoryEntry>& history) {
    std::vector<ConsequenceHit> out;
    if (history.empty() || history.back().grade.empty()) return out;
    const std::string& g = history.back().grade;
    // Consecutive: the same grade in each year back from the latest, with no year missing between.
    int years = 0;
    for (auto it = history.rbegin(); it != history.rend() && it->grade == g && it->year == history.back().year - years;
         ++it)
        ++years;
    for (const Consequence& c : scheme.consequences)
        if (c.grade == g && years >= c.min_years && (!c.max_years || years <= *c.max_years)) out.push_back({&c, years});
    return out;
}

}  // namespace zx::parks
