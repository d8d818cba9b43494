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
#include "platform/crypto/crypto.hpp"
#include "platform/storage/query.hpp"
#include "platform/storage/scope_sql.hpp"

namespace zx {
namespace {

constexpr const char* kRunCols =
    "id, policy_id, policy_version, policy_hash, data_hash, result_hash, budget_yuan, status, total_yuan, row_count, "
    "created_by, created_at, notice_from, notice_until, notice_days, summary_json";

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

// Which role moves a run from which status to which.
struct Step {
    const char* from;
    const char* to;
    const Permission* permission;
};
constexpr Step kSteps[] = {
    {"draft", "reviewed", &perm::kRunReview},       {"reviewed", "approved", &perm::kRunApprove},
    {"approved", "publicized", &perm::kRunPublish}, {"publicized", "disbursed", &perm::kRunDisburse},
    {"draft", "withdrawn", &perm::kRunReview},      {"reviewed", "withdrawn", &perm::kRunApprove},
};

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

Result<std::pair<Dataset, std::string>> RunService::snapshot(db::Connection& c, MonthRange months) {
    Dataset ds;
    Sha256 hash;
    auto ents = c.query("SELECT uscc, name, city, industry, scale_since FROM enterprises ORDER BY uscc");
    if (!ents) return ents.status();
    for (const db::Row& r : ents->rows) {
        ds.add_enterprise(r.str(0), r.str(1), find_city(r.str(2)).value_or(0), parse_industry_class(r.str(3)),
                          parse_year_month(r.str(4)));
        hash.update("E|" + r.str(0) + "|" + r.str(1) + "|" + r.str(2) + "|" + r.str(3) + "|" + r.str(4) + "\n");
    }
    ds.build_index();
    auto des = c.query(
        "SELECT uscc, designation, valid_from, valid_to FROM designations "
        "ORDER BY uscc, designation, valid_from, valid_to");
    if (!des) return des.status();
    for (const db::Row& r : des->rows) {
        auto e = ds.find(r.str(0));
        auto kind = find_designation(r.str(1));
        auto from = parse_date(r.str(2));
        if (!e || !kind || !from) continue;
        ds.add_designation({*e, *kind, *from, r.is_null(3) ? kOpenEnd : parse_date(r.str(3)).value_or(kOpenEnd)});
        hash.update("D|" + r.str(0) + "|" + r.str(1) + "|" + r.str(2) + "|" + r.str(3) + "\n");
    }
    ds.sort_designations();
    ds.set_output_window(months);
    // Keyset pages keep memory flat however large the table is.
    std::string last_uscc, last_month;
    while (true) {
        const db::Value p[] = {format_year_month(months.first), format_year_month(months.last), last_uscc, last_month};
        auto rows = c.query(
            "SELECT uscc, month, output_fen FROM output WHERE status = 'verified' AND month >= $1 AND "
            "month <= $2 AND (uscc > $3 OR (uscc = $3 AND month > $4)) ORDER BY uscc, month LIMIT 50000",
            p);
        if (!rows) return rows.status();
        if (rows->empty()) break;
        for (const db::Row& r : rows->rows) {
            auto e = ds.find(r.str(0));
            auto m = parse_year_month(r.str(1));
            if (e && m) ds.set_output(*e, *m, r.i64(2));
            hash.update("O|" + r.str(0) + "|" + r.str(1) + "|" + std::to_string(r.i64(2)) + "\n");
        }
        last_uscc = rows->rows.back().str(0);
        last_month = rows->rows.back().str(1);
    }
    return std::pair<Dataset, std::string>(std::move(ds), hash.hex());
}

Result<RunInfo> RunService::create(const Principal& who, const RequestContext& ctx, const RunRequest& req) {
    if (!who.can(perm::kRunCreate)) return Status::forbidden({"无权发起计算", "not allowed to start a run"});
    auto pol = policy(req.policy_id);
    if (!pol) return Status::invalid({"未知政策：" + req.policy_id, "unknown policy: " + req.policy_id});
    if (req.budget_yuan && *req.budget_yuan < 0)
        return Status::invalid({"预算不能为负", "budget must not be negative"});
    if (req.notice_days < 0 || req.notice_days > 60)
        return Status::invalid({"公示期 0–60 天", "notice period 0 to 60 days"});
    auto file_hash = policy_hash(req.policy_id);
    if (!file_hash) return file_hash.status();
    const std::string policy_hash = *file_hash;
    RunInfo info;
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
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
        const db::Value p[] = {info.policy_id,    info.policy_version,
                               info.policy_hash,  info.data_hash,
                               info.result_hash,  info.budget_yuan ? db::Value(*info.budget_yuan) : db::null(),
                               info.total_yuan,   info.row_count,
                               info.summary_json, std::int64_t{info.notice_days},
                               info.created_by,   info.created_at};
        auto id = c.query(
            "INSERT INTO runs (policy_id, policy_version, policy_hash, data_hash, result_hash, budget_yuan, status, "
            "total_yuan, row_count, summary_json, notice_days, created_by, created_at) VALUES ($1, $2, $3, $4, $5, "
            "$6, 'draft', $7, $8, $9, $10, $11, $12) RETURNING id",
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
                                 "\",\"total_yuan\":" + std::to_string(info.total_yuan) + ",\"budget_yuan\":" +
                                 (info.budget_yuan ? std::to_string(*info.budget_yuan) : "null") + "}"});
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

LedgerEntry ledger_from_row(const db::Row& r) {
    // id, run_id, clause, period, kind, amount_yuan, at, note
    return {r.i64(0), r.i64(1), r.str(2), r.str(3), r.str(4), r.i64(5), r.i64(6), r.str(7)};
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

Result<RunInfo> RunService::transition(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                       const std::string& to, const std::string& note) {
    auto run = get(who, id);
    if (!run) return run.status();
    const Step* step = nullptr;
    for (const Step& s : kSteps)
        if (run->status == s.from && to == s.to) step = &s;
    if (!step)
        return Status::conflict(
            {"状态“" + run->status + "”不能转为“" + to + "”", "cannot move a " + run->status + " run to " + to});
    if (!who.can(*step->permission)) return Status::forbidden({"无权执行此步骤", "not allowed to take this step"});
    if (to == "approved" && run->created_by == who.user_id)
        return Status::forbidden(
            {"发起人不能审批自己发起的计算（双人复核）", "the creator cannot approve their own run"});
    const std::int64_t t = clock_.now();
    if (to == "disbursed" && run->notice_until && *run->notice_until > t)
        return Status::conflict({"公示期未满", "the notice period has not ended"});
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        std::vector<db::Value> p = {id, std::string(step->from), std::string(to)};
        std::string set = "status = $3";
        if (to == "publicized") {
            set += ", notice_from = " + bind_param(p, t) +
                   ", notice_until = " + bind_param(p, t + std::int64_t{run->notice_days} * kSecondsPerDay);
        }
        auto r = c.exec("UPDATE runs SET " + set + " WHERE id = $1 AND status = $2", p);
        if (!r) return r.status();
        if (*r != 1) return Status::conflict({"计算批次状态已被他人修改", "the run changed meanwhile"});
        const db::Value e[] = {id, std::string(step->from), std::string(to), who.user_id, t, note.substr(0, 500)};
        if (auto x = c.exec("INSERT INTO run_events (run_id, from_status, to_status, user_id, at, note) VALUES ($1, "
                            "$2, $3, $4, $5, $6)",
                            e);
            !x)
            return x.status();
        if (to == "disbursed") {
            // The ledger records what is paid now against what was paid before for the same award.
            // Only payments under the same policy: another policy's awards are not this run's to claw back.
            const db::Value pol[] = {run->policy_id};
            auto prev = c.query(
                "SELECT l.uscc, l.clause, l.period, SUM(l.amount_yuan) FROM ledger l JOIN runs r ON r.id = l.run_id "
                "WHERE r.policy_id = $1 GROUP BY l.uscc, l.clause, l.period",
                pol);
            if (!prev) return prev.status();
            std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> paid;
            for (const db::Row& r : prev->rows) paid[{r.str(0), r.str(1), r.str(2)}] = r.i64(3);
            const db::Value q[] = {id};
            auto cur = c.query("SELECT uscc, clause, period, amount_yuan FROM run_rows WHERE run_id = $1", q);
            if (!cur) return cur.status();
            std::vector<std::vector<db::Value>> entries;
            auto entry = [&](const std::string& u, const std::string& cl, const std::string& pe, std::int64_t before,
                             std::int64_t now_amount) {
                const std::int64_t diff = now_amount - before;
                if (diff == 0) return;
                const char* kind = before == 0 ? "award" : diff > 0 ? "supplement" : "clawback";
                entries.push_back({u, id, cl, pe, std::string(kind), diff, t, std::string()});
            };
            for (const db::Row& r : cur->rows) {
                auto key = std::make_tuple(r.str(0), r.str(1), r.str(2));
                auto it = paid.find(key);
                entry(r.str(0), r.str(1), r.str(2), it == paid.end() ? 0 : it->second, r.i64(3));
                if (it != paid.end()) paid.erase(it);
            }
            for (const auto& [key, amount] : paid)
                entry(std::get<0>(key), std::get<1>(key), std::get<2>(key), amount, 0);
            const std::vector<std::string> cols = {"uscc", "run_id",      "clause", "period",
                                                   "kind", "amount_yuan", "at",     "note"};
            if (auto s = c.bulk_insert("ledger", cols, entries); !s) return s;
        }
        return append_audit(
            c, who, ctx,
            {"run." + to, "run", std::to_string(id), "{\"status\":" + json_quote(step->from) + "}",
             "{\"status\":" + json_quote(to) + (note.empty() ? "" : ",\"note\":" + json_quote(note)) + "}"});
    });
    if (!st) return st;
    return get(who, id);
}

Result<std::vector<AwardDifference>> RunService::compare(const Principal& who, std::int64_t a, std::int64_t b) {
    auto ra = get(who, a);
    if (!ra) return ra.status();
    auto rb = get(who, b);
    if (!rb) return rb.status();
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    std::vector<db::Value> p = {a, b};
    const std::string sa = enterprise_scope_condition(who.scope(), "city", "uscc", p);
    const std::string sb = enterprise_scope_condition(who.scope(), "city", "uscc", p);
    auto rows = (*lease)->query(
        "SELECT COALESCE(x.uscc, y.uscc), COALESCE(x.name, y.name), COALESCE(x.city, y.city), COALESCE(x.clause, "
        "y.clause), "
        "COALESCE(x.period, y.period), x.eligible, x.amount_yuan, y.eligible, y.amount_yuan, y.reason "
        "FROM (SELECT * FROM run_rows WHERE run_id = $1 AND " +
            sa +
            ") x FULL OUTER JOIN "
            "(SELECT * FROM run_rows WHERE run_id = $2 AND " +
            sb +
            ") y "
            "ON x.uscc = y.uscc AND x.clause = y.clause AND x.period = y.period "
            "WHERE x.uscc IS NULL OR y.uscc IS NULL OR x.amount_yuan <> y.amount_yuan OR x.eligible <> y.eligible "
            "ORDER BY 1, 4, 5 LIMIT 10000",
        p);
    return db::map_rows<AwardDifference>(std::move(rows), difference_from_row);
}

namespace {

AwardTable table_from_rows(const RunInfo& run, const Policy* pol, const std::vector<AwardRowRecord>& rows) {
    AwardTable t;
    t.policy_id = run.policy_id;
    t.policy_title = pol ? pol->title : run.policy_id;
    t.document = pol ? pol->document : "";
    t.generated_at = std::to_string(run.created_at);
    t.budget_yuan = run.budget_yuan;
    for (const AwardRowRecord& r : rows) {
        AwardLine l;
        l.uscc = r.uscc;
        l.name = r.name;
        l.city = r.city;
        l.clause_id = r.clause;
        l.period = r.period;
        l.eligible = r.eligible;
        l.amount_yuan = r.amount_yuan;
        l.computed_yuan = r.computed_yuan;
        l.capped_yuan = r.capped_yuan;
        l.reason = r.reason;
        if (pol) {
            const int ci = pol->find_clause(l.clause_id);
            if (ci >= 0) l.clause_label = clause_label(pol->clauses[static_cast<std::size_t>(ci)]);
        }
        if (l.amount_yuan != l.capped_yuan) t.budget_scaled = true;
        t.total_yuan += l.amount_yuan;
        t.lines.push_back(std::move(l));
    }
    return t;
}

}  // namespace

Result<std::string> RunService::export_file(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                            const std::string& city, const std::string& format) {
    if (!who.can(perm::kRunExport))
        return Status::forbidden({"无权导出奖励计算结果", "not allowed to export award runs"});
    auto run = get(who, id);
    if (!run) return run.status();
    RowFilter f;
    f.city = city;
    std::vector<AwardRowRecord> all;  // every row of the caller's scope, page by page
    for (int p = 1;; ++p) {
        auto page = rows(who, id, f, PageRequest{p, kMaxPageSize});
        if (!page) return page.status();
        if (page->items.empty()) break;
        for (auto& r : page->items) all.push_back(std::move(r));
        if (static_cast<std::int64_t>(all.size()) >= page->total) break;
    }
    auto pol = policy(run->policy_id);
    const AwardTable table = table_from_rows(*run, pol ? &*pol : nullptr, all);
    // The writers write files (atomically); the API answers with the bytes.
    const auto tmp = std::filesystem::temp_directory_path() / ("zx-export-" + random_token(9) + "." + format);
    Status st = format == "csv" ? write_awards_csv(tmp, table, true)
                : city.empty()  ? write_award_notice_xlsx(tmp, table)
                                : write_award_notice_xlsx_for_city(tmp, table, city);
    std::string bytes = st ? read_file(tmp) : std::string();
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    if (!st) return st;
    Status a = db::in_transaction(db_, [&](db::Connection& c) {
        return append_audit(c, who, ctx,
                            {"run.export", "run", std::to_string(id), "",
                             "{\"format\":" + json_quote(format) + ",\"city\":" + json_quote(city) + "}"});
    });
    if (!a) return a;
    return bytes;
}

Result<std::string> RunService::export_xlsx(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                            const std::string& city) {
    return export_file(who, ctx, id, city, "xlsx");
}

Result<std::string> RunService::export_csv(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                           const std::string& city) {
    return export_file(who, ctx, id, city, "csv");
}

Result<std::string> RunService::explain_json(const Principal& who, std::int64_t id, const std::string& uscc) {
    auto run = get(who, id);
    if (!run) return run.status();
    RowFilter f;
    f.uscc = uscc;
    auto page = rows(who, id, f, PageRequest{1, kMaxPageSize});
    if (!page) return page.status();
    if (page->items.empty()) return Status::not_found({"该企业不在本批次", "the enterprise has no rows in this run"});
    auto pol = policy(run->policy_id);
    std::string o = "{\"run\":" + std::to_string(id) + ",\"policy\":" + json_quote(run->policy_id) +
                    ",\"uscc\":" + json_quote(uscc) + ",\"name\":" + json_quote(page->items[0].name) + ",\"clauses\":[";
    std::string last;
    bool first_clause = true;
    for (const AwardRowRecord& r : page->items) {
        if (r.clause != last) {
            if (!last.empty()) o += "]}";
            last = r.clause;
            o += first_clause ? "" : ",";
            first_clause = false;
            std::string title, text, units;
            if (pol) {
                const int ci = pol->find_clause(last);
                if (ci >= 0) {
                    const Clause& c = pol->clauses[static_cast<std::size_t>(ci)];
                    title = clause_label(c);
                    text = c.text;
                    for (const auto& u : c.responsible_units) units += (units.empty() ? "" : "、") + u;
                }
            }
            o += "{\"clause\":" + json_quote(last) + ",\"title\":" + json_quote(title) +
                 ",\"text\":" + json_quote(text) + ",\"responsible_units\":" + json_quote(units) + ",\"periods\":[";
        } else {
            o += ",";
        }
        o += "{\"period\":" + json_quote(r.period) + ",\"eligible\":" + (r.eligible ? "true" : "false") +
             ",\"amount_yuan\":" + std::to_string(r.amount_yuan) +
             ",\"computed_yuan\":" + std::to_string(r.computed_yuan) +
             ",\"capped_yuan\":" + std::to_string(r.capped_yuan) + ",\"reason\":" + json_quote(r.reason) + "}";
    }
    if (!last.empty()) o += "]}";
    o += "]}";
    return o;
}

// The ledger is append-only: entries written before its kinds became codes keep their Chinese words,
// read here as the codes (补发 = supplement, 追回 = clawback).
constexpr const char* kLedgerKindCode =
    "CASE kind WHEN '补发' THEN 'supplement' WHEN '追回' THEN 'clawback' ELSE kind END";

Result<std::vector<LedgerEntry>> RunService::ledger(const Principal& who, const std::string& uscc) {
    if (!who.can(perm::kLedgerRead))
        return Status::forbidden({"无权查看奖励台账", "not allowed to read the award ledger"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    std::vector<db::Value> p = {uscc};
    const std::string cond = enterprise_scope_condition(who.scope(), "e.city", "e.uscc", p);
    auto e = (*lease)->query("SELECT 1 FROM enterprises e WHERE e.uscc = $1 AND " + cond, p);
    if (!e) return e.status();
    if (e->empty()) return Status::not_found({"企业不存在", "no such enterprise"});
    const db::Value q[] = {uscc};
    return db::map_rows<LedgerEntry>(
        (*lease)->query("SELECT id, run_id, clause, period, " + std::string(kLedgerKindCode) +
                            ", amount_yuan, at, note FROM ledger WHERE uscc = $1 ORDER BY id",
                        q),
        ledger_from_row);
}

}  // namespace zx
