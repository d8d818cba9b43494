// 政策模拟 over the verified data: the policy as filed (baseline) against the same policy with
// settings changed, on the snapshot an award run would use. The snapshot and the baseline are kept
// per policy and rebuilt only when the verified data changes (a cheap fingerprint query), so that an
// official moving a slider sees the answer in milliseconds. Read-only; nothing is stored but saved
// scenarios (by name, for later).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "modules/awards/rules/scenario.hpp"
#include "modules/awards/run_service.hpp"
#include "platform/storage/db.hpp"
#include "platform/storage/module_migrations.hpp"

namespace zx {

struct SimulationRequest {
    std::string policy_id;
    std::vector<std::string> settings;  // "clause2.growth_min=10%", as `zhenxing simulate --set`
    std::optional<std::int64_t> budget_yuan;
    std::size_t changes_limit = 50;
};

struct SimulationTotals {
    struct Line {
        std::string key, title;  // clause id and title, or the city (title empty)
        std::int64_t total_yuan = 0;
        std::size_t beneficiaries = 0;
    };
    std::int64_t total_yuan = 0, total_before_budget_yuan = 0;
    std::size_t beneficiaries = 0;
    std::optional<std::int64_t> budget_yuan;
    bool budget_scaled = false;
    std::vector<Line> by_clause, by_city;
};

struct SimulationChange {
    std::string uscc, name, city;
    std::int64_t before_yuan = 0, after_yuan = 0;
};

struct SimulationResult {
    std::string data_hash;
    std::size_t enterprises = 0;
    SimulationTotals baseline, scenario;
    std::size_t gainers = 0, losers = 0, new_beneficiaries = 0, lost_beneficiaries = 0;
    std::vector<SimulationChange> changes;  // largest change first, at most changes_limit
    double elapsed_ms = 0;                  // evaluation and comparison (not the snapshot)
    bool snapshot_reused = false;
};

// A parameter the interface offers as a slider or switch: its key for apply_setting, the current
// value and a sensible range.
struct SimulationParameter {
    std::string key, clause, label, kind;  // kind: percent | yuan | bool
    std::string value, min, max, step;
};

struct SavedScenario {
    std::int64_t id = 0;
    std::string name, policy_id;
    std::vector<std::string> settings;
    std::optional<std::int64_t> budget_yuan;
    std::int64_t created_by = 0, created_at = 0;
};

class SimulationService {
  public:
    SimulationService(db::Database& db, RunService& runs, const Clock& clock = system_clock())
        : db_(db), runs_(runs), clock_(clock) {}

    Result<SimulationResult> simulate(const Principal& who, const SimulationRequest& req);
    Result<std::vector<SimulationParameter>> parameters(const Principal& who, const std::string& policy_id) const;
    Result<std::int64_t> save(const Principal& who, const RequestContext& ctx, const std::string& name,
                              const SimulationRequest& req);
    Result<std::vector<SavedScenario>> saved(const Principal& who);

  private:
    // The snapshot and the baseline of one policy, valid while the data and the policy file are
    // those it was built from.
    struct Cached {
        std::string fingerprint, policy_hash, data_hash;
        std::shared_ptr<const Dataset> data;
        Policy policy;
        Evaluation baseline;
    };
    Result<std::shared_ptr<const Cached>> baseline(const std::string& policy_id, bool& reused);

    db::Database& db_;
    RunService& runs_;
    const Clock& clock_;
    std::mutex mu_;
    std::map<std::string, std::shared_ptr<const Cached>> cache_;  // by policy id
};

}  // namespace zx
