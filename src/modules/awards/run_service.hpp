// Award runs: policy version + verified-data snapshot (content hash) + budget → immutable results
// with reasons. Running the same inputs again gives the same result hash. Lifecycle draft → reviewed →
// approved → publicized (公示, with a notice period) → disbursed, each step by the right role and
// recorded in the audit log; disbursement writes the award ledger (award / 补发 / 追回 against
// what was paid before). Runs can be compared row by row.
#pragma once

#include "core/clock.hpp"

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/dataset.hpp"
#include "core/principal.hpp"
#include "modules/audit/audit.hpp"
#include "modules/awards/rules/policy.hpp"
#include "platform/storage/db.hpp"
#include "platform/storage/page.hpp"

namespace zx {

struct RunRequest {
    std::string policy_id;  // a directory name under the policies root
    std::optional<std::int64_t> budget_yuan;
    int notice_days = 7;
};

struct RunInfo {
    std::int64_t id = 0;
    std::string policy_id, policy_version, policy_hash, data_hash, result_hash, status;
    std::optional<std::int64_t> budget_yuan;
    std::int64_t total_yuan = 0, row_count = 0, created_by = 0, created_at = 0;
    std::optional<std::int64_t> notice_from, notice_until;
    int notice_days = 7;
    std::string summary_json;
};

// One enterprise, clause and period of a run: the award and the reason.
struct AwardRowRecord {
    std::string uscc, name, city, clause, period;
    bool eligible = false;
    std::int64_t amount_yuan = 0;    // paid, after caps and budget
    std::int64_t computed_yuan = 0;  // by the formula
    std::int64_t capped_yuan = 0;    // after caps
    std::string reason;
};

// A row whose eligibility or amount differs between two runs; absent on one side when that run has
// no such row.
struct AwardDifference {
    std::string uscc, name, city, clause, period;
    std::optional<bool> eligible_before, eligible_after;
    std::optional<std::int64_t> amount_before, amount_after;
    std::optional<std::string> reason_after;
};

// An entry of the award ledger: what a disbursed run paid (award), paid on top of an earlier run
// (supplement, 补发) or took back (clawback, 追回).
struct LedgerEntry {
    std::int64_t id = 0, run_id = 0;
    std::string clause, period, kind;
    std::int64_t amount_yuan = 0, at = 0;
    std::string note;
};

struct RowFilter {
    std::string city, clause, uscc;
    std::optional<bool> eligible;
};

class RunService {
  public:
    RunService(db::Database& db, std::filesystem::path policies_root, const Clock& clock = system_clock())
        : db_(db), root_(std::move(policies_root)), clock_(clock) {}

    // Policies available (directory names with a loadable policy.toml).
    std::vector<Policy> policies() const;
    Result<Policy> policy(const std::string& id) const;
    // SHA-256 of a policy's file as filed (what a run records; what the simulation's cache is keyed by).
    Result<std::string> policy_hash(const std::string& id) const;

    Result<RunInfo> create(const Principal& who, const RequestContext& ctx, const RunRequest& req);
    Result<std::vector<RunInfo>> list(const Principal& who);
    Result<RunInfo> get(const Principal& who, std::int64_t id);
    Result<Page<AwardRowRecord>> rows(const Principal& who, std::int64_t id, const RowFilter& f, const PageRequest& p);
    // to: "reviewed", "approved", "publicized", "disbursed", "withdrawn".
    Result<RunInfo> transition(const Principal& who, const RequestContext& ctx, std::int64_t id, const std::string& to,
                               const std::string& note);
    // Rows whose eligibility or amount differ between two runs (a → b).
    Result<std::vector<AwardDifference>> compare(const Principal& who, std::int64_t a, std::int64_t b);
    // The 公示 list (XLSX) or all rows (CSV) within the caller's scope, optionally one city.
    Result<std::string> export_xlsx(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                    const std::string& city);
    Result<std::string> export_csv(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                   const std::string& city);
    // The rows of one enterprise in a run, with the clause texts (what the enterprise is shown).
    Result<std::string> explain_json(const Principal& who, std::int64_t id, const std::string& uscc);
    Result<std::vector<LedgerEntry>> ledger(const Principal& who, const std::string& uscc);

    // Builds the Dataset of verified data the way a run sees it, and its content hash.
    Result<std::pair<Dataset, std::string>> snapshot(db::Connection& c, MonthRange months);

  private:
    bool visible(const Principal& who, const std::string& status) const;
    Result<std::string> export_file(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                    const std::string& city, const std::string& format);
    // NotFound unless the run exists and the principal may see it (one small query).
    Status check_visible(db::Connection& c, const Principal& who, std::int64_t id) const;
    db::Database& db_;
    std::filesystem::path root_;
    const Clock& clock_;
    // Row counts by query: a run's rows never change, so a count is computed once (bounded cache).
    std::mutex counts_mu_;
    std::unordered_map<std::string, std::int64_t> counts_;
};

}  // namespace zx
