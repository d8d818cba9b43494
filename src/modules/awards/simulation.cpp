#include "modules/awards/simulation.hpp"

#include <boost/json.hpp>
#include <chrono>

#include "core/json_text.hpp"
#include "core/region.hpp"
#include "modules/audit/audit.hpp"
#include "modules/awards/permissions.hpp"
#include "modules/awards/rules/evaluator.hpp"
#include "modules/awards/rules/explain.hpp"
#include "modules/awards/rules/summary.hpp"
#include "modules/enterprise_data/data_service.hpp"
#include "platform/storage/page.hpp"

namespace zx {
namespace {

constexpr std::size_t kMaxChanges = 1000;
constexpr std::size_t kMaxSettings = 64;

// Changes whenever the data an award run would read changes: the enterprise data module's version
// counter, bumped with every upload, 核定 and revision (and by the demo seed).
Result<std::string> fingerprint(db::Connection& c) {
    auto v = data_version(c);
    if (!v) return v.status();
    return std::to_string(*v);
}

SimulationTotals totals_of(const Policy& p, const RunSummary& s) {
    SimulationTotals t;
    t.total_yuan = s.all.total_yuan;
    t.total_before_budget_yuan = s.total_capped_yuan;
    t.beneficiaries = s.all.beneficiaries;
    t.budget_yuan = s.budget_yuan;
    t.budget_scaled = s.budget_scaled;
    for (std::size_t i = 0; i < p.clauses.size() && i < s.by_clause.size(); ++i)
        t.by_clause.push_back(
            {p.clauses[i].id, clause_label(p.clauses[i]), s.by_clause[i].total_yuan, s.by_clause[i].beneficiaries});
    for (std::size_t i = 0; i < s.by_city.size(); ++i)
        t.by_city.push_back({std::string(kCities[i]), "", s.by_city[i].total_yuan, s.by_city[i].beneficiaries});
    return t;
}

std::string yuan_string(std::int64_t yuan) {
    return std::to_string(yuan);
}

}  // namespace

Result<std::shared_ptr<const SimulationService::Cached>> SimulationService::baseline(const std::string& policy_id,
                                                                                     bool& reused) {
    auto file_hash = runs_.policy_hash(policy_id);
    if (!file_hash) return Status::not_found({"政策不存在：" + policy_id, "no such policy: " + policy_id});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    auto fp = fingerprint(**lease);
    if (!fp) return fp.status();
    {
        std::lock_guard lock(mu_);
        auto it = cache_.find(policy_id);
        if (it != cache_.end() && it->second->fingerprint == *fp && it->second->policy_hash == *file_hash) {
            reused = true;
            return it->second;
        }
    }
    reused = false;
    // A miss: the policy file is parsed and the snapshot built only now, not on every request.
    auto pol = runs_.policy(policy_id);
    if (!pol) return Status::not_found({"政策不存在：" + policy_id, "no such policy: " + policy_id});
    auto snap = runs_.snapshot(**lease, pol->months_needed());
    if (!snap) return snap.status();
    auto c = std::make_shared<Cached>();
    c->fingerprint = *fp;
    c->policy_hash = *file_hash;
    c->data_hash = snap->second;
    c->data = std::make_shared<const Dataset>(std::move(snap->first));
    c->policy = std::move(pol).value();
    c->baseline = evaluate(c->policy, *c->data);
    std::lock_guard lock(mu_);
    cache_[policy_id] = c;
    return std::shared_ptr<const Cached>(c);
}

Result<SimulationResult> SimulationService::simulate(const Principal& who, const SimulationRequest& req) {
    if (!who.can(perm::kSimulationRun)) return Status::forbidden({"无权进行政策模拟", "not allowed to simulate"});
    if (req.settings.size() > kMaxSettings) return Status::invalid({"set：最多64项", "set: at most 64 settings"});
    bool reused = false;
    auto base = baseline(req.policy_id, reused);
    if (!base) return base.status();
    const Cached& b = **base;
    // The scenario is the cached policy as filed with the settings applied: the same policy the
    // baseline was evaluated with, whatever happened to the file since.
    Policy scen = b.policy;
    for (const std::string& s : req.settings)
        if (auto st = apply_setting(scen, s); !st) return st;

    const auto t0 = std::chrono::steady_clock::now();
    EvaluateOptions opt;
    if (req.budget_yuan) {
        if (*req.budget_yuan < 0)
            return Status::invalid({"budget_yuan：不能为负数", "budget_yuan: must not be negative"});
        opt.budget_yuan = req.budget_yuan;
    }
    const Evaluation ev = evaluate(scen, *b.data, opt);
    const ScenarioComparison cmp = compare_scenarios(b.policy, b.baseline, scen, ev, *b.data);
    SimulationResult out;
    out.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    out.snapshot_reused = reused;
    out.data_hash = b.data_hash;
    out.enterprises = b.data->size();
    out.baseline = totals_of(b.policy, cmp.baseline);
    out.scenario = totals_of(scen, cmp.scenario);
    out.gainers = cmp.gainers;
    out.losers = cmp.losers;
    out.new_beneficiaries = cmp.new_beneficiaries;
    out.lost_beneficiaries = cmp.lost_beneficiaries;
    const std::size_t limit = std::min(req.changes_limit, kMaxChanges);
    for (std::size_t i = 0; i < cmp.changes.size() && i < limit; ++i) {
        const EnterpriseChange& ch = cmp.changes[i];
        out.changes.push_back({std::string(b.data->uscc(ch.ent)), std::string(b.data->name(ch.ent)),
                               std::string(kCities[b.data->city(ch.ent)]), ch.before_yuan, ch.after_yuan});
    }
    return out;
}

Result<std::vector<SimulationParameter>> SimulationService::parameters(const Principal& who,
                                                                       const std::string& policy_id) const {
    if (!who.can(perm::kPolicyRead)) return Status::forbidden({"无权查看政策", "not allowed to read policies"});
    auto pol = runs_.policy(policy_id);
    if (!pol) return Status::not_found({"政策不存在：" + policy_id, "no such policy: " + policy_id});
    std::vector<SimulationParameter> out;
    auto yuan_range = [](std::int64_t v, std::int64_t floor_max) {
        const std::int64_t max = std::max(floor_max, v * 2);
        return std::pair<std::string, std::string>("0", yuan_string(max));
    };
    for (const Clause& c : pol->clauses) {
        const std::string k = "clause" + c.id + ".";
        const std::string name = clause_label(c);
        out.push_back({k + "enabled", c.id, name + " 是否实施", "bool", c.enabled ? "true" : "false", "", "", ""});
        if (c.award_kind == AwardKind::kRate)
            out.push_back(
                {k + "rate", c.id, name + " 奖励比例", "percent", format_percent(c.rate), "0%", "5%", "0.1%"});
        if (c.base == BaseKind::kPriorYear && c.growth_test)
            out.push_back({k + "growth_min", c.id, name + " 增速下限", "percent", format_percent(c.growth_min), "0%",
                           "50%", "0.5%"});
        for (const Target& tg : c.targets) {
            if (!tg.output_above_fen) continue;
            const Group& g = pol->groups[static_cast<std::size_t>(tg.group)];
            const std::int64_t yuan = *tg.output_above_fen / 100;
            auto [lo, hi] = yuan_range(yuan, 100'000'000);
            out.push_back({k + "threshold." + g.id, c.id, name + " 产值门槛（" + g.label + "）", "yuan",
                           yuan_string(yuan), lo, hi, "1000000"});
        }
        if (c.cap_per_year_yuan) {
            auto [lo, hi] = yuan_range(*c.cap_per_year_yuan, 10'000'000);
            out.push_back({k + "cap_year", c.id, name + " 每年最高奖励", "yuan", yuan_string(*c.cap_per_year_yuan), lo,
                           hi, "10000"});
        }
        if (c.cap_per_period_yuan) {
            auto [lo, hi] = yuan_range(*c.cap_per_period_yuan, 10'000'000);
            out.push_back({k + "cap_period", c.id, name + " 每期最高奖励", "yuan", yuan_string(*c.cap_per_period_yuan),
                           lo, hi, "10000"});
        }
        auto [lo, hi] = yuan_range(c.min_award_yuan, 1'000'000);
        out.push_back(
            {k + "min_award", c.id, name + " 最低奖励", "yuan", yuan_string(c.min_award_yuan), lo, hi, "1000"});
    }
    if (pol->cap_per_enterprise_yuan) {
        auto [lo, hi] = std::pair<std::string, std::string>("0", yuan_string(*pol->cap_per_enterprise_yuan * 2));
        out.push_back({"cap_enterprise", "", "每家企业最高奖励", "yuan", yuan_string(*pol->cap_per_enterprise_yuan), lo,
                       hi, "10000"});
    }
    return out;
}

Result<std::int64_t> SimulationService::save(const Principal& who, const RequestContext& ctx, const std::string& name,
                                             const SimulationRequest& req) {
    if (!who.can(perm::kSimulationRun)) return Status::forbidden({"无权保存模拟方案", "not allowed to save scenarios"});
    if (name.empty() || name.size() > 200) return Status::invalid({"name：须为1至200字节", "name: 1 to 200 bytes"});
    auto pol = runs_.policy(req.policy_id);
    if (!pol) return Status::not_found({"政策不存在：" + req.policy_id, "no such policy: " + req.policy_id});
    Policy check = *pol;
    for (const std::string& s : req.settings)
        if (auto st = apply_setting(check, s); !st) return st;
    boost::json::array settings;
    for (const std::string& s : req.settings) settings.emplace_back(s);
    const std::string settings_json = boost::json::serialize(settings);
    std::int64_t id = 0;
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        const db::Value p[] = {name,          req.policy_id,
                               settings_json, req.budget_yuan ? db::Value(*req.budget_yuan) : db::null(),
                               who.user_id,   clock_.now()};
        auto r = c.query(
            "INSERT INTO simulation_scenarios (name, policy_id, settings_json, budget_yuan, created_by, created_at) "
            "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            p);
        if (!r) return r.status();
        id = r->rows.at(0).i64(0);
        return append_audit(c, who, ctx,
                            {"scenario.save", "scenario", std::to_string(id), "",
                             "{\"name\":" + json_quote(name) + ",\"policy\":" + json_quote(req.policy_id) +
                                 ",\"set\":" + settings_json + "}"});
    });
    if (!st) return st;
    return id;
}

Result<std::vector<SavedScenario>> SimulationService::saved(const Principal& who) {
    if (!who.can(perm::kSimulationRun)) return Status::forbidden({"无权查看模拟方案", "not allowed to read scenarios"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    return db::map_rows<SavedScenario>(
        (*lease)->query("SELECT id, name, policy_id, settings_json, budget_yuan, created_by, created_at "
                        "FROM simulation_scenarios ORDER BY id DESC LIMIT 200"),
        [](const db::Row& r) {
            SavedScenario s;
            s.id = r.i64(0);
            s.name = r.str(1);
            s.policy_id = r.str(2);
            boost::system::error_code ec;
            const boost::json::value v = boost::json::parse(r.str(3), ec);
            if (!ec && v.is_array())
                for (const auto& e : v.as_array())
                    if (e.is_string()) s.settings.emplace_back(e.as_string());
            s.budget_yuan = db::opt_i64(r, 4);
            s.created_by = r.i64(5);
            s.created_at = r.i64(6);
            return s;
        });
}

}  // namespace zx
