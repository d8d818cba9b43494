// The lifecycle of a run and what guards the money: separation of duties, the 公示 notice period and
// its objections, and the rule that a run is paid only while it is the latest word on its data.
#include "core/json_text.hpp"
#include "core/utf8.hpp"
#include "modules/awards/permissions.hpp"
#include "modules/awards/run_service.hpp"
#include "modules/enterprise_data/data_service.hpp"
#include "platform/storage/page.hpp"
#include "platform/storage/scope_sql.hpp"

#include <map>
#include <tuple>

namespace zx {
namespace {

std::string run_ref(std::int64_t id) {
    return "#" + std::to_string(id);
}

}  // namespace

review::Spec RunService::lifecycle_spec() {
    // Which role moves a run from which status to which; the rest is the shared review lifecycle.
    return {.subjects = "runs",
            .events = "run_events",
            .objections = "run_objections",
            .rows = "run_rows",
            .fk = "run_id",
            .rows_clause = "clause",
            .steps = {{"draft", "reviewed", &perm::kRunReview},
                      {"reviewed", "approved", &perm::kRunApprove},
                      {"approved", "publicized", &perm::kRunPublish},
                      {"publicized", "disbursed", &perm::kRunDisburse},
                      {"draft", "withdrawn", &perm::kRunReview},
                      {"reviewed", "withdrawn", &perm::kRunApprove},
                      {"approved", "withdrawn", &perm::kRunApprove},
                      {"publicized", "withdrawn", &perm::kRunApprove}},
            .final_status = "disbursed",
            .file_permission = &perm::kObjectionFile,
            .decide_permission = &perm::kObjectionDecide,
            .audit_prefix = "run",
            .noun = {"计算批次", "run"}};
}

std::int64_t RunService::notice_end(std::int64_t published, int days) const {
    return lifecycle_.notice_end(published, days);
}

Result<RunCurrency> RunService::currency_of(db::Connection& c, const RunInfo& run) const {
    RunCurrency cur;
    auto version = verified_data_version(c);
    if (!version) return version.status();
    cur.stale = !run.verified_version || *run.verified_version != *version;
    const db::Value p[] = {run.policy_id, run.id, *version};
    auto later =
        c.query("SELECT MIN(id) FROM runs WHERE policy_id = $1 AND id > $2 AND status = 'disbursed'", std::span(p, 2));
    if (!later) return later.status();
    if (!later->empty() && !later->rows[0].is_null(0)) cur.superseded_by = later->rows[0].i64(0);
    auto latest = c.query(
        "SELECT MAX(id) FROM runs WHERE policy_id = $1 AND verified_version = $3 AND status <> 'withdrawn' AND "
        "id <> $2",
        p);
    if (!latest) return latest.status();
    if (!latest->empty() && !latest->rows[0].is_null(0)) cur.current_run = latest->rows[0].i64(0);
    const db::Value q[] = {run.id};
    auto open = c.query("SELECT COUNT(*) FROM run_objections WHERE run_id = $1 AND status = 'open'", q);
    if (!open) return open.status();
    cur.open_objections = open->rows.at(0).i64(0);
    return cur;
}

Result<RunCurrency> RunService::currency(const RunInfo& run) {
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    return currency_of(**lease, run);
}

Status RunService::check_transition(db::Connection& c, const Principal&, const RunInfo& run, const std::string& to,
                                    const std::string&, std::int64_t) const {
    // What the shared lifecycle does not know: a run is paid only while it is the latest word on its data.
    if (to != "disbursed") return Status::ok();
    auto cur = currency_of(c, run);
    if (!cur) return cur.status();
    if (cur->superseded_by)
        return Status::conflict(
            {"本批次已被更晚的批次" + run_ref(*cur->superseded_by) + "取代（已兑付）：请按当前数据重新计算",
             "run " + run_ref(*cur->superseded_by) +
                 ", created later, has been disbursed; recompute from the current data"});
    if (cur->stale)
        return Status::conflict(
            {"本批次计算后已核定数据有变化" +
                 (cur->current_run ? "，批次" + run_ref(*cur->current_run) + "依据当前数据" : std::string()) +
                 "：不能兑付，请按当前数据重新计算",
             "the verified data changed after this run" +
                 (cur->current_run ? "; run " + run_ref(*cur->current_run) + " is from the current data"
                                   : std::string()) +
                 "; it cannot be disbursed: recompute from the current data"});
    return Status::ok();
}

Result<RunInfo> RunService::transition(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                       const std::string& to, const std::string& note) {
    auto visible_run = get(who, id);
    if (!visible_run) return visible_run.status();
    const std::int64_t t = clock_.now();
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        auto run = load(c, id);
        if (!run) return run.status();
        auto subject = lifecycle_.load(c, id);
        if (!subject) return subject.status();
        auto checked = lifecycle_.check(c, who, *subject, to, note, t);
        if (!checked) return checked.status();
        const review::Step* step = *checked;
        if (auto s = check_transition(c, who, *run, to, note, t); !s) return s;
        if (auto s = lifecycle_.apply(c, who, *subject, *step, note, t); !s) return s;
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

Result<RunInfo> RunService::recompute(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                      bool confirm_pending) {
    auto run = get(who, id);
    if (!run) return run.status();
    RunRequest req;
    req.policy_id = run->policy_id;
    req.budget_yuan = run->budget_yuan;
    req.notice_days = std::max(run->notice_days, settings_.min_notice_days);
    req.confirm_pending = confirm_pending;
    req.recomputes = id;
    auto fresh = create(who, ctx, req);
    if (!fresh) return fresh;
    Status st = db::in_transaction(db_, [&](db::Connection& c) {
        return lifecycle_.add_event(c, id, "recomputed", run->status, run->status, who.user_id, clock_.now(),
                                    "重新计算为批次 / recomputed as run " + run_ref(fresh->id));
    });
    if (!st) return st;
    return fresh;
}

Result<std::vector<RunEvent>> RunService::events(const Principal& who, std::int64_t id) {
    auto run = get(who, id);
    if (!run) return run.status();
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    const db::Value p[] = {id};
    return db::map_rows<RunEvent>(
        (*lease)->query(
            "SELECT e.id, e.run_id, e.user_id, e.at, e.kind, e.from_status, e.to_status, e.note, "
            "COALESCE(NULLIF(u.display_name, ''), u.username, '') FROM run_events e LEFT JOIN users u ON u.id = "
            "e.user_id WHERE e.run_id = $1 ORDER BY e.id",
            p),
        [&](const db::Row& r) {
            RunEvent e{r.i64(0), r.i64(1), r.i64(2), r.i64(3), r.str(4), r.str(5), r.str(6), r.str(7), r.str(8)};
            // An enterprise sees that steps happened, not who took them.
            if (who.scope().kind == Scope::Kind::kEnterprise) {
                e.user_id = 0;
                e.username.clear();
            }
            return e;
        });
}

Result<Objection> RunService::file_objection(const Principal& who, const RequestContext& ctx, std::int64_t run_id,
                                             const std::string& clause, const std::string& text) {
    if (auto run = get(who, run_id); !run) return run.status();
    return lifecycle_.file_objection(db_, who, ctx, run_id, clause, text, clock_.now());
}

Result<std::vector<Objection>> RunService::objections(const Principal& who, std::int64_t run_id) {
    if (auto run = get(who, run_id); !run) return run.status();
    return lifecycle_.objections(db_, who, run_id);
}

Result<Objection> RunService::decide_objection(const Principal& who, const RequestContext& ctx, std::int64_t run_id,
                                               std::int64_t objection_id, const std::string& decision,
                                               const std::string& reason) {
    if (!who.can(perm::kObjectionDecide))
        return Status::forbidden({"无权处理异议", "not allowed to decide objections"});
    if (auto run = get(who, run_id); !run) return run.status();
    return lifecycle_.decide_objection(db_, who, ctx, run_id, objection_id, decision, reason, clock_.now());
}

}  // namespace zx
