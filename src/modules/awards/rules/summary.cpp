#include "modules/awards/rules/summary.hpp"

namespace zx {

RunSummary summarize(const Policy& policy, const Dataset& data, const Evaluation& ev) {
    RunSummary s;
    s.by_clause.resize(policy.clauses.size());
    s.total_capped_yuan = ev.total_capped_yuan;
    s.budget_yuan = ev.budget_yuan;
    s.budget_scaled = ev.budget_scaled;
    // Rows are grouped by enterprise, so "distinct beneficiary" is a change of enterprise.
    std::vector<EntId> last_paid_clause(policy.clauses.size(), UINT32_MAX);
    EntId last_all = UINT32_MAX;
    std::array<EntId, 14> last_city;
    last_city.fill(UINT32_MAX);
    for (const AwardRow& r : ev.rows) {
        Tally& c = s.by_clause[r.clause];
        Tally& city = s.by_city[data.city(r.ent)];
        for (Tally* t : {&s.all, &c, &city}) {
            ++t->rows;
            t->eligible_rows += r.eligible();
            t->total_yuan += r.amount_yuan;
        }
        ++s.by_outcome[static_cast<std::size_t>(r.outcome)];
        if (r.amount_yuan > 0) {
            if (last_all != r.ent) ++s.all.beneficiaries, last_all = r.ent;
            if (last_paid_clause[r.clause] != r.ent) ++c.beneficiaries, last_paid_clause[r.clause] = r.ent;
            if (last_city[data.city(r.ent)] != r.ent) ++city.beneficiaries, last_city[data.city(r.ent)] = r.ent;
        }
    }
    return s;
}

std::vector<std::int64_t> totals_by_enterprise(const Dataset& data, const Evaluation& ev) {
    std::vector<std::int64_t> t(data.size(), 0);
    for (const AwardRow& r : ev.rows) t[r.ent] += r.amount_yuan;
    return t;
}

}  // namespace zx
