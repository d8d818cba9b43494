#include "modules/awards/rules/evaluator.hpp"

#include "core/parallel.hpp"
#include "core/wide_int.hpp"

#include <algorithm>
#include <numeric>
#include <string_view>
#include <thread>

namespace zx {
namespace {

struct Sum {
    std::int64_t fen = 0;
    int missing = 0;
};

Sum sum_months(const Dataset& d, EntId e, MonthRange r) {
    Sum s;
    for (YearMonth m = r.first; m <= r.last; m = m + 1) {
        if (d.has_output(e, m))
            s.fen += d.output_fen(e, m);
        else
            ++s.missing;
    }
    return s;
}

bool above(std::int64_t value, std::int64_t threshold, bool inclusive) {
    return inclusive ? value >= threshold : value > threshold;
}

struct YearUse {
    int year = 0;
    std::int64_t used = 0;
};

// Running totals a cap consumes, per enterprise, in clause then period order.
struct CapState {
    std::vector<YearUse> clause_year;  // reset per clause
    std::int64_t enterprise_total = 0;
    std::int64_t& year_slot(int year) {
        for (auto& y : clause_year)
            if (y.year == year) return y.used;
        clause_year.push_back({year, 0});
        return clause_year.back().used;
    }
};

// Bit t set when the enterprise belongs to the clause's target group t in the period.
std::uint8_t target_membership(const Policy& policy, const Clause& clause, const Dataset& data, EntId e,
                               MonthRange period, DesignationMask active) {
    std::uint8_t member = 0;
    for (std::size_t t = 0; t < clause.targets.size(); ++t)
        if (group_holds(policy.groups[static_cast<std::size_t>(clause.targets[t].group)], data, e, period, active))
            member |= static_cast<std::uint8_t>(1u << t);
    return member;
}

// The period's, the base's and the growth window's sums into `row`; returns the months the tests
// need that are absent.
int fill_figures(const Clause& clause, const PeriodWindows& w, const Dataset& data, EntId e, AwardRow& row) {
    const Sum cur = sum_months(data, e, w.period);
    const Sum base = sum_months(data, e, w.base);
    row.cur_fen = cur.fen;
    row.base_fen = base.fen;
    row.win_cur_fen = cur.fen;
    row.win_base_fen = base.fen;
    int missing = cur.missing;
    if (clause.base != BaseKind::kPriorYear) return missing;
    missing += base.missing;
    if (w.growth.first != w.period.first || w.growth.last != w.period.last) {
        row.win_cur_fen = sum_months(data, e, w.growth).fen;
        row.win_base_fen = sum_months(data, e, w.growth_base).fen;
        // Months of the window outside the period are extra requirements.
        for (YearMonth m = w.growth.first; m <= w.growth.last; m = m + 1) {
            if (m >= w.period.first && m <= w.period.last) continue;
            if (!data.has_output(e, m)) ++missing;
            if (!data.has_output(e, m + (-12))) ++missing;
        }
    }
    return missing;
}

// Bit t set when the period output passes target t's threshold (for the groups it belongs to).
std::uint8_t threshold_passes(const Clause& clause, std::uint8_t member, std::int64_t cur_fen) {
    std::uint8_t pass = 0;
    for (std::size_t t = 0; t < clause.targets.size(); ++t) {
        const Target& tg = clause.targets[t];
        if (!(member & (1u << t))) continue;
        if (!tg.output_above_fen || above(cur_fen, *tg.output_above_fen, tg.inclusive))
            pass |= static_cast<std::uint8_t>(1u << t);
    }
    return pass;
}

// The clause's tests in order; the first that fails is the outcome. Sets the tier and the computed
// award of an eligible row.
Outcome decide(const Clause& clause, DesignationMask active, int missing, AwardRow& row) {
    for (Designation d : clause.exclude_designations)
        if (active & bit(d)) return Outcome::kExcluded;
    if (missing > 0) return Outcome::kMissingData;
    if (clause.base == BaseKind::kPriorYear) {
        if (row.win_base_fen <= 0) return Outcome::kNoBase;
        if (clause.growth_test && !growth_at_least(row.win_cur_fen, row.win_base_fen, clause.growth_min))
            return Outcome::kGrowthBelow;
    } else if (row.base_fen > 0) {
        return Outcome::kHasBase;
    }
    if (row.pass_mask == 0) return Outcome::kBelowThreshold;
    if (clause.period_must_grow && row.cur_fen <= row.base_fen) return Outcome::kNotGrown;
    const std::int64_t base = award_base_fen(clause, row);
    if (clause.award_kind == AwardKind::kTiers) {
        for (std::size_t t = 0; t < clause.tiers.size(); ++t) {
            const Tier& tier = clause.tiers[t];
            if (row.cur_fen > tier.output_above_fen &&
                growth_at_least(row.win_cur_fen, row.win_base_fen, tier.growth_min)) {
                row.tier = static_cast<std::int8_t>(t);
                row.computed_yuan = tier.amount_yuan ? *tier.amount_yuan : award_at_rate(base, *tier.rate);
                break;
            }
        }
        if (row.tier < 0) return Outcome::kNoTier;
    } else {
        row.computed_yuan = award_at_rate(base, clause.rate);
    }
    if (row.computed_yuan < clause.min_award_yuan) return Outcome::kBelowMinimum;
    return Outcome::kEligible;
}

// The period, year and enterprise caps, in that order, consuming the running totals.
void apply_caps(const Policy& policy, const Clause& clause, const PeriodWindows& w, CapState& caps, AwardRow& row) {
    std::int64_t a = row.computed_yuan;
    if (clause.cap_per_period_yuan && a > *clause.cap_per_period_yuan) {
        a = *clause.cap_per_period_yuan;
        row.cap_hit |= kCapPeriod;
    }
    if (clause.cap_per_year_yuan) {
        std::int64_t& used = caps.year_slot(w.period.last.year());
        const std::int64_t room = std::max<std::int64_t>(0, *clause.cap_per_year_yuan - used);
        if (a > room) {
            a = room;
            row.cap_hit |= kCapYear;
        }
        used += a;
    }
    if (policy.cap_per_enterprise_yuan) {
        const std::int64_t room = std::max<std::int64_t>(0, *policy.cap_per_enterprise_yuan - caps.enterprise_total);
        if (a > room) {
            a = room;
            row.cap_hit |= kCapEnterprise;
        }
        caps.enterprise_total += a;
    }
    row.capped_yuan = a;
    row.amount_yuan = a;
}

void evaluate_period(const Policy& policy, const Clause& clause, std::size_t ci, std::size_t pi, const Dataset& data,
                     EntId e, CapState& caps, std::vector<AwardRow>& out) {
    const PeriodWindows w = windows_of(clause, pi);
    const DesignationMask active = active_designations(data, e, w.period);
    const std::uint8_t member = target_membership(policy, clause, data, e, w.period, active);
    if (member == 0) return;

    AwardRow row;
    row.ent = e;
    row.clause = static_cast<std::uint16_t>(ci);
    row.period = static_cast<std::uint16_t>(pi);
    row.member_mask = member;
    const int missing = fill_figures(clause, w, data, e, row);
    row.missing_months = static_cast<std::uint8_t>(std::min(missing, 255));
    row.pass_mask = threshold_passes(clause, member, row.cur_fen);
    row.outcome = decide(clause, active, missing, row);
    if (row.outcome != Outcome::kEligible) row.computed_yuan = 0;
    if (row.eligible()) apply_caps(policy, clause, w, caps, row);
    out.push_back(row);
}

void evaluate_range(const Policy& policy, const Dataset& data, EntId from, EntId to, std::vector<AwardRow>& out) {
    CapState caps;
    for (EntId e = from; e < to; ++e) {
        caps.enterprise_total = 0;
        for (std::size_t ci = 0; ci < policy.clauses.size(); ++ci) {
            const Clause& clause = policy.clauses[ci];
            if (!clause.enabled) continue;
            caps.clause_year.clear();
            for (std::size_t pi = 0; pi < clause.periods.size(); ++pi)
                evaluate_period(policy, clause, ci, pi, data, e, caps, out);
        }
    }
}

}  // namespace

bool growth_at_least(std::int64_t cur, std::int64_t base, Ratio min) {
    return static_cast<i128>(cur) * min.den >= static_cast<i128>(base) * (min.den + min.num);
}

std::int64_t award_base_fen(const Clause& clause, const AwardRow& row) {
    return clause.award_of == AwardOf::kIncrement ? row.cur_fen - row.base_fen : row.cur_fen;
}

std::int64_t award_at_rate(std::int64_t fen, Ratio rate) {
    if (fen <= 0) return 0;
    return static_cast<std::int64_t>(static_cast<i128>(fen) * rate.num / (static_cast<i128>(rate.den) * 100));
}

bool award_rounded(std::int64_t fen, Ratio rate) {
    return (static_cast<i128>(fen) * rate.num) % (static_cast<i128>(rate.den) * 100) != 0;
}

PeriodWindows windows_of(const Clause& clause, std::size_t period) {
    PeriodWindows w;
    w.period = clause.periods[period];
    w.base = {w.period.first + (-12), w.period.last + (-12)};
    if (clause.growth_window == GrowthWindow::kYearToDate) {
        w.growth = {YearMonth::of(w.period.last.year(), 1), w.period.last};
    } else {
        w.growth = w.period;
    }
    w.growth_base = {w.growth.first + (-12), w.growth.last + (-12)};
    return w;
}

DesignationMask active_designations(const Dataset& data, EntId e, MonthRange months) {
    DesignationMask m = 0;
    for (const auto& r : data.designations_of(e))
        if (r.overlaps(months)) m |= bit(r.kind);
    return m;
}

bool atom_holds(const Atom& a, const Dataset& data, EntId e, MonthRange period, DesignationMask active) {
    switch (a.kind) {
        case Atom::Kind::kDesignation:
            return (active & bit(a.designation)) != 0;
        case Atom::Kind::kNotDesignation:
            return (active & bit(a.designation)) == 0;
        case Atom::Kind::kIndustryDivision: {
            const int div = data.industry(e) / 100;
            return div >= a.lo && div <= a.hi;
        }
        case Atom::Kind::kAboveScale: {
            auto s = data.scale_since(e);
            return s && *s <= period.last;
        }
        case Atom::Kind::kScaleSinceFrom: {
            auto s = data.scale_since(e);
            return s && *s >= a.month;
        }
        case Atom::Kind::kScaleSinceUntil: {
            auto s = data.scale_since(e);
            return s && *s <= a.month;
        }
    }
    return false;
}

bool group_holds(const Group& g, const Dataset& data, EntId e, MonthRange period, DesignationMask active) {
    for (const Term& t : g.any) {
        bool all = true;
        for (const Atom& a : t.all) {
            if (!atom_holds(a, data, e, period, active)) {
                all = false;
                break;
            }
        }
        if (all) return true;
    }
    return false;
}

bool apply_budget(std::vector<AwardRow>& rows, std::int64_t budget_yuan, const Dataset& data) {
    i128 total = 0;
    for (auto& r : rows) {
        r.amount_yuan = r.capped_yuan;
        total += r.capped_yuan;
    }
    if (budget_yuan < 0) budget_yuan = 0;
    if (total <= budget_yuan) return false;
    struct Rem {
        std::size_t row;
        i128 rem;
    };
    std::vector<Rem> rems;
    i128 paid = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto& r = rows[i];
        if (r.capped_yuan <= 0) continue;
        const i128 p = static_cast<i128>(r.capped_yuan) * budget_yuan;
        r.amount_yuan = static_cast<std::int64_t>(p / total);
        paid += r.amount_yuan;
        const i128 rem = p % total;
        if (rem > 0) rems.push_back({i, rem});
    }
    std::int64_t left = static_cast<std::int64_t>(budget_yuan - paid);
    std::sort(rems.begin(), rems.end(), [&](const Rem& a, const Rem& b) {
        if (a.rem != b.rem) return a.rem > b.rem;
        const AwardRow& ra = rows[a.row];
        const AwardRow& rb = rows[b.row];
        const auto ua = data.uscc(ra.ent), ub = data.uscc(rb.ent);
        if (ua != ub) return ua < ub;
        if (ra.clause != rb.clause) return ra.clause < rb.clause;
        return ra.period < rb.period;
    });
    for (std::size_t i = 0; i < rems.size() && left > 0; ++i, --left) rows[rems[i].row].amount_yuan += 1;
    return true;
}

Evaluation evaluate(const Policy& policy, const Dataset& data, const EvaluateOptions& options) {
    Evaluation ev;
    const std::size_t n = data.size();
    constexpr int kMaxThreads = 64;
    constexpr std::size_t kMinEnterprisesToSplit = 20000;
    const int threads = n < kMinEnterprisesToSplit ? 1 : worker_count(options.threads, kMaxThreads);
    std::vector<std::vector<AwardRow>> parts(static_cast<std::size_t>(threads));
    parallel_for(n, threads, [&](std::size_t t, std::size_t from, std::size_t to) {
        evaluate_range(policy, data, static_cast<EntId>(from), static_cast<EntId>(to), parts[t]);
    });
    std::size_t total_rows = 0;
    for (auto& p : parts) total_rows += p.size();
    ev.rows.reserve(total_rows);
    for (auto& p : parts) ev.rows.insert(ev.rows.end(), p.begin(), p.end());
    for (const auto& r : ev.rows) ev.total_capped_yuan += r.capped_yuan;
    ev.budget_yuan = options.budget_yuan ? options.budget_yuan : policy.budget_yuan;
    if (ev.budget_yuan) ev.budget_scaled = apply_budget(ev.rows, *ev.budget_yuan, data);
    for (const auto& r : ev.rows) ev.total_yuan += r.amount_yuan;
    return ev;
}

}  // namespace zx
