// Award runs: policy version + verified-data snapshot (content hash) + budget → immutable results
// with reasons. Running the same inputs again gives the same result hash. Lifecycle draft → reviewed →
// approved → publicized (公示, with a notice period) → disbursed, each step by the right role and
// recorded in the audit log; disbursement writes the award ledger (award / 补发 / 追回 against
// what was paid before). Runs can be compared row by row.
#pragma once

#include "core/clock.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/dataset.hpp"
#include "core/principal.hpp"
#include "core/working_calendar.hpp"
#include "modules/audit/audit.hpp"
#include "modules/awards/rules/policy.hpp"
#include "modules/review/lifecycle.hpp"
#include "platform/storage/db.hpp"
#include "platform/storage/page.hpp"

namespace zx {

// Settings of the award workflow (the operator's; `serve --min-notice-days`).
struct AwardSettings {
    // The shortest 公示 a run may have, in days (a demonstration may set 0).
    int min_notice_days = 5;
    // With a working calendar, notice days are working days: 公示 ends when the last of them does
    // (Beijing time). Without one they are calendar days from the moment of publication.
    std::shared_ptr<const WorkingCalendar> calendar;
};

struct RunRequest {
    std::string policy_id;  // a directory name under the policies root
    std::optional<std::int64_t> budget_yuan;
    int notice_days = 7;
    // Months not yet verified (pending or returned) are left out of a run: it proceeds over them only
    // when the caller confirms, having been told how many.
    bool confirm_pending = false;
    std::optional<std::int64_t> recomputes;  // the run this one recomputes from current data
};

struct RunInfo {
    std::int64_t id = 0;
    std::string policy_id, policy_version, policy_hash, data_hash, result_hash, status;
    std::optional<std::int64_t> budget_yuan;
    std::int64_t total_yuan = 0, row_count = 0, created_by = 0, created_at = 0;
    std::optional<std::int64_t> notice_from, notice_until;
    int notice_days = 7;
    std::string summary_json;
    // The verified-data version the run was computed from (absent: a run from before it was recorded).
    std::optional<std::int64_t> verified_version;
    std::int64_t pending_enterprises = 0, pending_months = 0;  // left out: not verified when it ran
    std::optional<std::int64_t> recomputes;
};

// Months not verified within a policy's months, and the enterprises they belong to.
struct PendingData {
    std::int64_t enterprises = 0, months = 0;
};

// Whether a run may still be paid: its data is the latest verified state, no later run of its
// policy has been disbursed, no objection is open.
struct RunCurrency {
    bool stale = false;                         // the verified data changed since the run
    std::optional<std::int64_t> superseded_by;  // a later run of the policy that was disbursed
    std::optional<std::int64_t> current_run;    // the latest run of the policy from the current data
    std::int64_t open_objections = 0;
};

// One step in a run's history: a lifecycle transition, an objection filed or decided, a recompute.
struct RunEvent {
    std::int64_t id = 0, run_id = 0, user_id = 0, at = 0;
    std::string kind, from_status, to_status, note, username;
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
    std::string uscc, name, city;
};

struct RowFilter {
    std::string city, clause, uscc;
    std::optional<bool> eligible;
};

// The ledger across enterprises and runs (finance's view), within the caller's scope.
struct LedgerFilter {
    std::optional<std::int64_t> run_id;
    std::string city, uscc, clause, kind, policy_id;
};

// Totals of a comparison: what a city's or a clause's rows came to in each run.
struct CompareTotal {
    std::string key;  // the city or the clause
    std::int64_t before_yuan = 0, after_yuan = 0, changed_rows = 0;
};
struct Comparison {
    Page<AwardDifference> page;
    std::vector<CompareTotal> by_city, by_clause;
};

class RunService {
  public:
    RunService(db::Database& db, std::filesystem::path policies_root, const Clock& clock = system_clock(),
               AwardSettings settings = {})
        : db_(db),
          root_(std::move(policies_root)),
          clock_(clock),
          settings_(std::move(settings)),
          lifecycle_(lifecycle_spec(), {settings_.min_notice_days, settings_.calendar}) {}
    // The run lifecycle's tables and steps (shared code in modules/review).
    static review::Spec lifecycle_spec();
    const AwardSettings& settings() const { return settings_; }

    // Policies available (directory names with a loadable policy.toml).
    std::vector<Policy> policies() const;
    Result<Policy> policy(const std::string& id) const;
    // SHA-256 of a policy's file as filed (what a run records; what the simulation's cache is keyed by).
    Result<std::string> policy_hash(const std::string& id) const;

    Result<RunInfo> create(const Principal& who, const RequestContext& ctx, const RunRequest& req);
    // What a run of the policy would leave out now (months not yet verified).
    Result<PendingData> pending_data(const std::string& policy_id);
    // A new run from the current data with the settings of run `id` (after a revision, an upheld
    // objection or a refused disbursement).
    Result<RunInfo> recompute(const Principal& who, const RequestContext& ctx, std::int64_t id, bool confirm_pending);
    // Of a run the caller has already read (get()).
    Result<RunCurrency> currency(const RunInfo& run);
    Result<std::vector<RunEvent>> events(const Principal& who, std::int64_t id);
    // 异议: an enterprise on its own rows, while the run is in 公示.
    Result<Objection> file_objection(const Principal& who, const RequestContext& ctx, std::int64_t run_id,
                                     const std::string& clause, const std::string& text);
    Result<std::vector<Objection>> objections(const Principal& who, std::int64_t run_id);
    // decision: "upheld" (the run is withdrawn, to be recomputed) or "rejected" (the reason is shown
    // to the enterprise).
    Result<Objection> decide_objection(const Principal& who, const RequestContext& ctx, std::int64_t run_id,
                                       std::int64_t objection_id, const std::string& decision,
                                       const std::string& reason);
    Result<std::vector<RunInfo>> list(const Principal& who);
    Result<RunInfo> get(const Principal& who, std::int64_t id);
    Result<Page<AwardRowRecord>> rows(const Principal& who, std::int64_t id, const RowFilter& f, const PageRequest& p);
    // to: "reviewed", "approved", "publicized", "disbursed", "withdrawn".
    Result<RunInfo> transition(const Principal& who, const RequestContext& ctx, std::int64_t id, const std::string& to,
                               const std::string& note);
    // Rows whose eligibility or amount differ between two runs (a → b), a page of them with the
    // totals of both runs by city and clause (within the caller's scope).
    Result<Comparison> compare(const Principal& who, std::int64_t a, std::int64_t b, const RowFilter& f,
                               const PageRequest& p);
    // The 公示 list (XLSX) or all rows (CSV) within the caller's scope, optionally one city.
    Result<std::string> export_xlsx(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                    const std::string& city);
    Result<std::string> export_csv(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                   const std::string& city);
    // The rows of one enterprise in a run, with the clause texts (what the enterprise is shown).
    Result<std::string> explain_json(const Principal& who, std::int64_t id, const std::string& uscc);
    Result<std::vector<LedgerEntry>> ledger(const Principal& who, const std::string& uscc);
    Result<Page<LedgerEntry>> ledger_page(const Principal& who, const LedgerFilter& f, const PageRequest& p);
    // format: "csv" | "xlsx"; every entry of the filter (audited).
    Result<std::string> export_ledger(const Principal& who, const RequestContext& ctx, const LedgerFilter& f,
                                      const std::string& format);

    // Builds the Dataset of verified data the way a run sees it, and its content hash; with `only_uscc`
    // that enterprise's data alone (for its trace).
    Result<std::pair<Dataset, std::string>> snapshot(db::Connection& c, MonthRange months,
                                                     const std::string& only_uscc = {});

  private:
    bool visible(const Principal& who, const std::string& status) const;
    Result<std::string> export_file(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                    const std::string& city, const std::string& format);
    // NotFound unless the run exists and the principal may see it (one small query).
    Status check_visible(db::Connection& c, const Principal& who, std::int64_t id) const;
    Result<RunInfo> load(db::Connection& c, std::int64_t id) const;
    std::int64_t notice_end(std::int64_t published, int days) const;
    Result<std::string> trace_json(const Principal& who, const RunInfo& run, const Policy* pol,
                                   const std::string& uscc);
    Result<RunCurrency> currency_of(db::Connection& c, const RunInfo& run) const;
    Status check_transition(db::Connection& c, const Principal& who, const RunInfo& run, const std::string& to,
                            const std::string& note, std::int64_t now) const;
    db::Database& db_;
    std::filesystem::path root_;
    const Clock& clock_;
    AwardSettings settings_;
    review::Lifecycle lifecycle_;
    // Row counts by query: a run's rows never change, so a count is computed once (bounded cache).
    std::mutex counts_mu_;
    std::unordered_map<std::string, std::int64_t> counts_;
};

}  // namespace zx
