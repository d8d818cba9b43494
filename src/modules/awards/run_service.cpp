#include "modules/awards/run_service.hpp"

#include "core/clock.hpp"

#include "modules/awards/permissions.hpp"

#include "core/json_text.hpp"

#include <algorithm>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "core/industry.hpp"
#include "modules/awards/award_writer.hpp"
#include "modules/awards/notice_xlsx.hpp"
#include "modules/awards/policy_loader.hpp"
#include "modules/awards/rules/evaluator.hpp"
#include "modules/awards/rules/explain.hpp"
#include "modules/awards/rules/summary.hpp"
#include "modules/enterprise_data/data_service.hpp"
#include "modules/enterprise_data/snapshot.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/storage/query.hpp"
#include "platform/storage/scope_sql.hpp"

namespace zx {
namespace {

constexpr const char* kRunCols =
    "id, policy_id, policy_version, policy_hash, data_hash, result_hash, budget_yuan, status, total_yuan, row_count, "
    "created_by, created_at, notice_from, notice_until, notice_days, summary_json, verified_version, "
    "pending_enterprises, pending_months, recomputes";

RunInfo run_from_row(const db::Row& r) {
    RunInfo i;
    i.id = r.i64(0);
    i.policy_id = r.str(1);
    i.policy_version = r.str(2);
    i.policy_hash = r.str(3);
    i.data_hash = r.str(4);
    i.result_hash = r.str(5);
    if (!r.is_null(6)) i.budget_yuan = r.i64(6);
    i.status = r.str(7);
    i.total_yuan = r.i64(8);
    i.row_count = r.i64(9);
    i.created_by = r.i64(10);
    i.created_at = r.i64(11);
    if (!r.is_null(12)) i.notice_from = r.i64(12);
    if (!r.is_null(13)) i.notice_until = r.i64(13);
    i.notice_days = static_cast<int>(r.i64(14));
    i.summary_json = r.str(15);
    i.verified_version = db::opt_i64(r, 16);
    i.pending_enterprises = r.i64(17);
    i.pending_months = r.i64(18);
    i.recomputes = db::opt_i64(r, 19);
    return i;
}

// Only plain directory names: a policy id never becomes a path outside the policies root.
bool valid_policy_id(const std::string& id) {
    return !id.empty() && id.size() <= 64 &&
           id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos;
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

}  // namespace

std::vector<Policy> RunService::policies() const {
    std::vector<Policy> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(root_, ec)) {
        if (!entry.is_directory()) continue;
        auto p = load_policy(entry.path());
        if (p) out.push_back(std::move(p).value());
    }
    std::sort(out.begin(), out.end(), [](const Policy& a, const Policy& b) { return a.id < b.id; });
    return out;
}

Result<Policy> RunService::policy(const std::string& id) const {
    if (!valid_policy_id(id)) return Status::not_found({"政策不存在", "no such policy"});
    return load_policy(root_ / id);
}

Result<std::string> RunService::policy_hash(const std::string& id) const {
    const auto file = root_ / id / "policy.toml";
    std::error_code ec;
    if (!valid_policy_id(id) || !std::filesystem::is_regular_file(file, ec))
        return Status::not_found({"政策不存在", "no such policy"});
    return sha256_hex(read_file(file));
}

bool RunService::visible(const Principal& who, const std::string& status) const {
    if (!who.can(perm::kRunRead)) return false;
    // An enterprise's scope sees a run once it is public (公示).
    if (who.scope().kind == Scope::Kind::kEnterprise) return status == "publicized" || status == "disbursed";
    return true;
}

Result<std::pair<Dataset, std::string>> RunService::snapshot(db::Connection& c, MonthRange months,
                                                             const std::string& only_uscc) {
    return verified_snapshot(c, months, only_uscc);
}

namespace {

Result<PendingData> count_pending(db::Connection& c, MonthRange months) {
    const db::Value p[] = {format_year_month(months.first), format_year_month(months.last)};
    auto r = c.query(
        "SELECT COUNT(DISTINCT uscc), COUNT(*) FROM output WHERE status <> 'verified' AND month >= $1 AND month <= $2",
        p);
    if (!r) return r.status();
    return PendingData{r->rows.at(0).i64(0), r->rows.at(0).i64(1)};
}

}  // namespace

Result<PendingData> RunService::pending_data(const std::string& policy_id) {
    auto pol = policy(policy_id);
    if (!pol) return Status::invalid({"未知政策：" + policy_id, "unknown policy: " + policy_id});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    return count_pending(**lease, pol->months_needed());
}

Result<RunInfo> RunService::create(const Principal& who, const RequestContext& ctx, const RunRequest& req) {
    if (!who.can(perm::kRunCreate)) return Status::forbidden({"无权发起计算", "not allowed to start a run"});
    auto pol = policy(req.policy_id);
    if (!pol) return Status::invalid({"未知政策：" + req.policy_id, "unknown policy: " + req.policy_id});
    if (req.budget_yuan && *req.budget_yuan < 0)
        return Status::invalid({"预算不能为负", "budget must not be negative"});
    if (req.notice_days < settings_.min_notice_days || req.notice_days > 60)
        return Status::invalid(
            {"notice_days：公示期须为" + std::to_string(settings_.min_notice_days) + "至60天",
             "notice_days: the notice period is " + std::to_string(settings_.min_notice_days) + " to 60 days"});
    auto file_hash = policy_hash(req.policy_id);
    if (!file_hash) return file_hash.status();
    const std::string policy_hash = *file_hash;
    RunInfo info;
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        auto version = verified_data_version(c);
        if (!version) return version.status();
        auto pending = count_pending(c, pol->months_needed());
        if (!pending) return pending.status();
        if (pending->months > 0 && !req.confirm_pending)
            return Status::conflict(
                {"尚有" + std::to_string(pending->enterprises) + "家企业的" + std::to_string(pending->months) +
                     "个月产值未核定，计算将不含这些月份；确认后再发起（confirm_pending）",
                 std::to_string(pending->months) + " months of " + std::to_string(pending->enterprises) +
                     " enterprises are not verified and would be left out; confirm to proceed (confirm_pending)"});
        info.verified_version = *version;
        info.pending_enterprises = pending->enterprises;
        info.pending_months = pending->months;
        info.recomputes = req.recomputes;
        auto snap = snapshot(c, pol->months_needed());
        if (!snap) return snap.status();
        const Dataset& ds = snap->first;
        EvaluateOptions eo;
        eo.budget_yuan = req.budget_yuan;
        const Evaluation ev = evaluate(*pol, ds, eo);
        const RunSummary summary = summarize(*pol, ds, ev);
        const AwardTable table = build_award_table(*pol, ds, ev);
        Sha256 result;
        std::vector<std::vector<db::Value>> rows;
        rows.reserve(table.lines.size());
        for (const AwardLine& l : table.lines) {
            result.update(l.uscc + "|" + l.clause_id + "|" + l.period + "|" + (l.eligible ? "1" : "0") + "|" +
                          std::to_string(l.amount_yuan) + "\n");
            rows.push_back({std::int64_t{0}, l.uscc, l.clause_id, l.period, l.city, l.name,
                            std::int64_t{l.eligible ? 1 : 0}, l.amount_yuan, l.computed_yuan, l.capped_yuan, l.reason});
        }
        info.policy_id = req.policy_id;
        info.policy_version = pol->version;
        info.policy_hash = policy_hash;
        info.data_hash = snap->second;
        info.result_hash = result.hex();
        info.budget_yuan = req.budget_yuan;
        info.status = "draft";
        info.total_yuan = ev.total_yuan;
        info.row_count = static_cast<std::int64_t>(rows.size());
        info.created_by = who.user_id;
        info.created_at = clock_.now();
        info.notice_days = req.notice_days;
        info.summary_json = summary_json(*pol, summary);
        const db::Value p[] = {info.policy_id,
                               info.policy_version,
                               info.policy_hash,
                               info.data_hash,
                               info.result_hash,
                               info.budget_yuan ? db::Value(*info.budget_yuan) : db::null(),
                               info.total_yuan,
                               info.row_count,
                               info.summary_json,
                               std::int64_t{info.notice_days},
                               info.created_by,
                               info.created_at,
                               *version,
                               info.pending_enterprises,
                               info.pending_months,
                               req.recomputes ? db::Value(*req.recomputes) : db::null()};
        auto id = c.query(
            "INSERT INTO runs (policy_id, policy_version, policy_hash, data_hash, result_hash, budget_yuan, status, "
            "total_yuan, row_count, summary_json, notice_days, created_by, created_at, verified_version, "
            "pending_enterprises, pending_months, recomputes) VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $9, "
            "$10, $11, $12, $13, $14, $15, $16) RETURNING id",
            p);
        if (!id) return id.status();
        info.id = id->rows.at(0).i64(0);
        for (auto& r : rows) r[0] = info.id;
        const std::vector<std::string> cols = {"run_id",        "uscc",        "clause",   "period",
                                               "city",          "name",        "eligible", "amount_yuan",
                                               "computed_yuan", "capped_yuan", "reason"};
        if (auto s = c.bulk_insert("run_rows", cols, rows); !s) return s;
        return append_audit(c, who, ctx,
                            {"run.create", "run", std::to_string(info.id), "",
                             "{\"policy\":" + json_quote(info.policy_id) + ",\"policy_hash\":\"" + info.policy_hash +
                                 "\",\"data_hash\":\"" + info.data_hash + "\",\"result_hash\":\"" + info.result_hash +
                                 "\",\"total_yuan\":" + std::to_string(info.total_yuan) +
                                 ",\"budget_yuan\":" + (info.budget_yuan ? std::to_string(*info.budget_yuan) : "null") +
                                 ",\"verified_version\":" + std::to_string(*version) +
                                 ",\"pending_months\":" + std::to_string(info.pending_months) +
                                 ",\"pending_enterprises\":" + std::to_string(info.pending_enterprises) +
                                 (req.recomputes ? ",\"recomputes\":" + std::to_string(*req.recomputes) : "") + "}"});
    });
    if (!st) return st;
    db::analyze_after_bulk_load(db_, "run_rows");
    return info;
}

Result<std::vector<RunInfo>> RunService::list(const Principal& who) {
    if (!who.can(perm::kRunRead)) return Status::forbidden({"无权查看奖励计算", "not allowed to read award runs"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    auto rows = (*lease)->query(std::string("SELECT ") + kRunCols + " FROM runs ORDER BY id DESC LIMIT 500");
    if (!rows) return rows.status();
    std::vector<RunInfo> out;
    for (const db::Row& r : rows->rows) {
        RunInfo i = run_from_row(r);
        if (visible(who, i.status)) out.push_back(std::move(i));
    }
    return out;
}

Result<RunInfo> RunService::load(db::Connection& c, std::int64_t id) const {
    const db::Value p[] = {id};
    auto rows = c.query(std::string("SELECT ") + kRunCols + " FROM runs WHERE id = $1", p);
    if (!rows) return rows.status();
    if (rows->empty()) return Status::not_found({"计算批次不存在", "no such run"});
    return run_from_row(rows->rows[0]);
}

Result<RunInfo> RunService::get(const Principal& who, std::int64_t id) {
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    const db::Value p[] = {id};
    auto rows = (*lease)->query(std::string("SELECT ") + kRunCols + " FROM runs WHERE id = $1", p);
    if (!rows) return rows.status();
    if (rows->empty() || !visible(who, rows->rows[0].str(7)))
        return Status::not_found({"计算批次不存在", "no such run"});
    return run_from_row(rows->rows[0]);
}

Status RunService::check_visible(db::Connection& c, const Principal& who, std::int64_t id) const {
    const db::Value p[] = {id};
    auto r = c.query("SELECT status FROM runs WHERE id = $1", p);
    if (!r) return r.status();
    if (r->empty() || !visible(who, r->rows[0].str(0))) return Status::not_found({"计算批次不存在", "no such run"});
    return Status::ok();
}

namespace {

AwardRowRecord award_row_from_row(const db::Row& r) {
    // uscc, name, city, clause, period, eligible, amount_yuan, computed_yuan, capped_yuan, reason
    return {r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), r.i64(5) != 0, r.i64(6), r.i64(7), r.i64(8), r.str(9)};
}

std::optional<bool> opt_flag(const db::Row& r, std::size_t i) {
    if (r.is_null(i)) return std::nullopt;
    return r.i64(i) != 0;
}

AwardDifference difference_from_row(const db::Row& r) {
    // uscc, name, city, clause, period, x.eligible, x.amount_yuan, y.eligible, y.amount_yuan, y.reason
    AwardDifference d{r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), {}, {}, {}, {}, {}};
    d.eligible_before = opt_flag(r, 5);
    d.amount_before = db::opt_i64(r, 6);
    d.eligible_after = opt_flag(r, 7);
    d.amount_after = db::opt_i64(r, 8);
    d.reason_after = db::opt_str(r, 9);
    return d;
}

}  // namespace

Result<Page<AwardRowRecord>> RunService::rows(const Principal& who, std::int64_t id, const RowFilter& f,
                                              const PageRequest& pr) {
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    if (auto s = check_visible(**lease, who, id); !s) return s;
    db::Query q("uscc, name, city, clause, period, eligible, amount_yuan, computed_yuan, capped_yuan, reason",
                "run_rows");
    q.where("run_id = " + q.bind(id));
    q.where(enterprise_scope_condition(who.scope(), "city", "uscc", q.params()));
    q.where_if("city", "=", f.city);
    q.where_if("clause", "=", f.clause);
    q.where_if("uscc", "=", f.uscc);
    if (f.eligible) q.where("eligible = " + q.bind(std::int64_t{*f.eligible ? 1 : 0}));
    q.order_by("uscc, clause, period");
    // A run's rows never change, so a count is computed once per filter (bounded cache).
    std::string key = q.where_sql();
    for (const db::Value& v : q.params()) key += "\x1f" + db::Row({v}).str(0);
    Page<AwardRowRecord> page;
    {
        std::lock_guard lock(counts_mu_);
        auto it = counts_.find(key);
        page.total = it == counts_.end() ? -1 : it->second;
    }
    if (page.total < 0) {
        auto count = q.count(**lease);
        if (!count) return count.status();
        page.total = *count;
        std::lock_guard lock(counts_mu_);
        constexpr std::size_t kMaxCachedCounts = 20000;
        if (counts_.size() > kMaxCachedCounts) counts_.clear();
        counts_.emplace(key, page.total);
    }
    auto rows = db::map_rows<AwardRowRecord>(q.rows(**lease, pr), award_row_from_row);
    if (!rows) return rows.status();
    page.items = std::move(rows).value();
    return page;
}

Result<Comparison> RunService::compare(const Principal& who, std::int64_t a, std::int64_t b, const RowFilter& f,
                                       const PageRequest& pr) {
    auto ra = get(who, a);
    if (!ra) return ra.status();
    auto rb = get(who, b);
    if (!rb) return rb.status();
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    db::Connection& c = **lease;
    // Both sides keep to the caller's scope and the filter; the difference is their full outer join.
    std::vector<db::Value> p = {a, b};
    std::string side = enterprise_scope_condition(who.scope(), "city", "uscc", p);
    if (!f.city.empty()) side += " AND city = " + bind_param(p, f.city);
    if (!f.clause.empty()) side += " AND clause = " + bind_param(p, f.clause);
    if (!f.uscc.empty()) side += " AND uscc = " + bind_param(p, f.uscc);
    const std::string diff =
        "FROM (SELECT * FROM run_rows WHERE run_id = $1 AND " + side +
        ") x FULL OUTER JOIN (SELECT * FROM run_rows WHERE run_id = $2 AND " + side +
        ") y ON x.uscc = y.uscc AND x.clause = y.clause AND x.period = y.period "
        "WHERE x.uscc IS NULL OR y.uscc IS NULL OR x.amount_yuan <> y.amount_yuan OR x.eligible <> y.eligible";
    Comparison out;
    // Changed rows by city and clause (their sum is the page's total).
    auto changed = c.query(
        "SELECT COALESCE(x.city, y.city), COALESCE(x.clause, y.clause), COUNT(*) " + diff + " GROUP BY 1, 2", p);
    if (!changed) return changed.status();
    std::map<std::string, CompareTotal> cities, clauses;
    for (const db::Row& r : changed->rows) {
        out.page.total += r.i64(2);
        cities[r.str(0)].changed_rows += r.i64(2);
        clauses[r.str(1)].changed_rows += r.i64(2);
    }
    auto sums = c.query(
        "SELECT city, clause, SUM(CASE WHEN run_id = $1 THEN amount_yuan ELSE 0 END), "
        "SUM(CASE WHEN run_id = $2 THEN amount_yuan ELSE 0 END) FROM run_rows "
        "WHERE run_id IN ($1, $2) AND " +
            side + " GROUP BY city, clause",
        p);
    if (!sums) return sums.status();
    for (const db::Row& r : sums->rows) {
        for (auto* t : {&cities[r.str(0)], &clauses[r.str(1)]}) {
            t->before_yuan += r.i64(2);
            t->after_yuan += r.i64(3);
        }
    }
    for (auto& [k, t] : cities) out.by_city.push_back({k, t.before_yuan, t.after_yuan, t.changed_rows});
    for (auto& [k, t] : clauses) out.by_clause.push_back({k, t.before_yuan, t.after_yuan, t.changed_rows});
    // Cities in the usual order (南宁市 … 崇左市), clauses by id.
    std::sort(out.by_city.begin(), out.by_city.end(), [](const CompareTotal& x, const CompareTotal& y) {
        return find_city(x.key).value_or(99) < find_city(y.key).value_or(99);
    });
    const std::int64_t offset = static_cast<std::int64_t>(pr.page - 1) * pr.page_size;
    p.push_back(std::int64_t{pr.page_size});
    p.push_back(offset);
    const std::string lim = " LIMIT $" + std::to_string(p.size() - 1) + " OFFSET $" + std::to_string(p.size());
    auto rows = c.query(
        "SELECT COALESCE(x.uscc, y.uscc), COALESCE(x.name, y.name), COALESCE(x.city, y.city), "
        "COALESCE(x.clause, y.clause), COALESCE(x.period, y.period), x.eligible, x.amount_yuan, y.eligible, "
        "y.amount_yuan, y.reason " +
            diff + " ORDER BY 1, 4, 5" + lim,
        p);
    auto items = db::map_rows<AwardDifference>(std::move(rows), difference_from_row);
    if (!items) return items.status();
    out.page.items = std::move(items).value();
    return out;
}
}  // namespace zx
