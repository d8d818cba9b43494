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
    {"approved", "withdrawn", &perm::kRunApprove},  {"publicized", "withdrawn", &perm::kRunApprove},
};

constexpr std::size_t kMinReasonChars = 4;

// A reason as people write it: blanks (ASCII and Unicode spaces) around it do not count.
std::string trimmed(const std::string& s) {
    return std::string(trim_space(s));
}

Status need_reason(const std::string& reason, const Text& what) {
    const std::string r = trimmed(reason);
    if (!is_valid_utf8(r) || utf8_length(r) < kMinReasonChars)
        return Status::invalid(
            {what.zh + "须说明理由（至少" + std::to_string(kMinReasonChars) + "个字）",
             what.en + " needs a reason of at least " + std::to_string(kMinReasonChars) + " characters"});
    return Status::ok();
}

Status add_event(db::Connection& c, std::int64_t run, const std::string& kind, const std::string& from,
                 const std::string& to, std::int64_t user, std::int64_t at, const std::string& note) {
    const db::Value e[] = {run, from, to, user, at, std::string(utf8_prefix(note, 500)), kind};
    auto x = c.exec(
        "INSERT INTO run_events (run_id, from_status, to_status, user_id, at, note, kind) VALUES ($1, $2, $3, $4, $5, "
        "$6, $7)",
        e);
    return x ? Status::ok() : x.status();
}

std::string run_ref(std::int64_t id) {
    return "#" + std::to_string(id);
}

}  // namespace

std::int64_t RunService::notice_end(std::int64_t published, int days) const {
    if (!settings_.calendar || days == 0) return published + std::int64_t{days} * kSecondsPerDay;
    // The end of the `days`-th working day after the day of publication (Beijing time).
    const Date last = settings_.calendar->add_working_days(beijing_date(published), days).date;
    return beijing_day_start(last) + kSecondsPerDay;
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

Status RunService::check_transition(db::Connection& c, const Principal& who, const RunInfo& run, const std::string& to,
                                    const std::string& note, std::int64_t now) const {
    // Separation of duties: the reviewer is not the creator; the approver is neither.
    const db::Value p[] = {run.id};
    auto reviewers = c.query("SELECT user_id FROM run_events WHERE run_id = $1 AND to_status = 'reviewed'", p);
    if (!reviewers) return reviewers.status();
    if (to == "reviewed" && run.created_by == who.user_id)
        return Status::forbidden(
            {"发起人不能复核自己发起的计算（双人复核）", "the creator cannot review their own run"});
    if (to == "approved") {
        if (run.created_by == who.user_id)
            return Status::forbidden(
                {"发起人不能审批自己发起的计算（双人复核）", "the creator cannot approve their own run"});
        for (const db::Row& r : reviewers->rows)
            if (r.i64(0) == who.user_id)
                return Status::forbidden({"复核人不能再审批同一计算（三人分离）", "the reviewer cannot also approve"});
    }
    if (to == "withdrawn" && run.status == "publicized")
        if (auto s = need_reason(note, {"撤回公示", "withdrawing a publicized run"}); !s) return s;
    if (to == "publicized" && run.notice_days < settings_.min_notice_days)
        return Status::conflict({"公示期" + std::to_string(run.notice_days) + "天短于最短公示期" +
                                     std::to_string(settings_.min_notice_days) + "天：请按现行设置重新计算",
                                 "the notice period of " + std::to_string(run.notice_days) +
                                     " days is shorter than the minimum of " +
                                     std::to_string(settings_.min_notice_days) + "; recompute the run"});
    if (to != "disbursed") return Status::ok();
    if (run.notice_until && *run.notice_until > now)
        return Status::conflict({"公示期未满", "the notice period has not ended"});
    auto cur = currency_of(c, run);
    if (!cur) return cur.status();
    if (cur->open_objections > 0)
        return Status::conflict({"尚有" + std::to_string(cur->open_objections) + "件异议未处理，不能兑付",
                                 std::to_string(cur->open_objections) + " objections are still open"});
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
        const Step* step = nullptr;
        for (const Step& s : kSteps)
            if (run->status == s.from && to == s.to) step = &s;
        if (!step)
            return Status::conflict(
                {"状态“" + run->status + "”不能转为“" + to + "”", "cannot move a " + run->status + " run to " + to});
        if (!who.can(*step->permission)) return Status::forbidden({"无权执行此步骤", "not allowed to take this step"});
        if (auto s = check_transition(c, who, *run, to, note, t); !s) return s;
        std::vector<db::Value> p = {id, std::string(step->from), std::string(to)};
        std::string set = "status = $3";
        if (to == "publicized")
            set += ", notice_from = " + bind_param(p, t) +
                   ", notice_until = " + bind_param(p, notice_end(t, run->notice_days));
        auto r = c.exec("UPDATE runs SET " + set + " WHERE id = $1 AND status = $2", p);
        if (!r) return r.status();
        if (*r != 1) return Status::conflict({"计算批次状态已被他人修改", "the run changed meanwhile"});
        if (auto s = add_event(c, id, "transition", step->from, to, who.user_id, t, note); !s) return s;
        if (to == "withdrawn") {
            // Objections to a withdrawn run end with it (the enterprise sees why).
            const db::Value w[] = {id, who.user_id, t};
            auto x = c.exec(
                "UPDATE run_objections SET status = 'closed', decided_by = $2, decided_at = $3, decision_reason = "
                "'批次已撤回 / the run was withdrawn' WHERE run_id = $1 AND status = 'open'",
                w);
            if (!x) return x.status();
        }
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
        return add_event(c, id, "recomputed", run->status, run->status, who.user_id, clock_.now(),
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

namespace {

constexpr const char* kObjectionCols =
    "o.id, o.run_id, o.filed_by, o.filed_at, o.uscc, COALESCE(e.name, ''), COALESCE(e.city, ''), o.clause, o.text, "
    "o.status, o.decided_by, o.decided_at, o.decision_reason";

Objection objection_from_row(const db::Row& r) {
    Objection o;
    o.id = r.i64(0);
    o.run_id = r.i64(1);
    o.filed_by = r.i64(2);
    o.filed_at = r.i64(3);
    o.uscc = r.str(4);
    o.name = r.str(5);
    o.city = r.str(6);
    o.clause = r.str(7);
    o.text = r.str(8);
    o.status = r.str(9);
    o.decided_by = db::opt_i64(r, 10);
    o.decided_at = db::opt_i64(r, 11);
    o.decision_reason = db::opt_str(r, 12);
    return o;
}

Result<Objection> load_objection(db::Connection& c, std::int64_t run_id, std::int64_t id) {
    const db::Value p[] = {run_id, id};
    auto r = c.query(std::string("SELECT ") + kObjectionCols +
                         " FROM run_objections o LEFT JOIN enterprises e ON e.uscc = o.uscc WHERE o.run_id = $1 AND "
                         "o.id = $2",
                     p);
    if (!r) return r.status();
    if (r->empty()) return Status::not_found({"异议不存在", "no such objection"});
    return objection_from_row(r->rows[0]);
}

}  // namespace

Result<Objection> RunService::file_objection(const Principal& who, const RequestContext& ctx, std::int64_t run_id,
                                             const std::string& clause, const std::string& text) {
    if (!who.can(perm::kObjectionFile) || who.scope().kind != Scope::Kind::kEnterprise)
        return Status::forbidden(
            {"只有企业可以对本企业的公示结果提出异议", "only an enterprise objects to its own rows"});
    auto run = get(who, run_id);
    if (!run) return run.status();
    const std::int64_t t = clock_.now();
    if (run->status != "publicized" || (run->notice_until && *run->notice_until <= t))
        return Status::conflict({"只能在公示期内提出异议", "objections are filed during the notice period"});
    if (auto s = need_reason(text, {"异议", "an objection"}); !s) return s;
    if (text.size() > 4000) return Status::invalid({"异议内容过长（至多4000字节）", "objection text over 4000 bytes"});
    const std::string uscc = who.scope().value;
    std::int64_t id = 0;
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        // Its own row: the enterprise has rows in the run (for the clause, when one is named).
        const db::Value p[] = {run_id, uscc, clause};
        auto own =
            c.query("SELECT COUNT(*) FROM run_rows WHERE run_id = $1 AND uscc = $2 AND ($3 = '' OR clause = $3)", p);
        if (!own) return own.status();
        if (own->rows.at(0).i64(0) == 0)
            return Status::invalid(
                {"clause：本企业在该批次没有此条款的结果", "clause: no such row of yours in this run"});
        auto dup = c.query(
            "SELECT COUNT(*) FROM run_objections WHERE run_id = $1 AND uscc = $2 AND clause = $3 AND status = 'open'",
            p);
        if (!dup) return dup.status();
        if (dup->rows.at(0).i64(0) > 0)
            return Status::conflict({"已有未处理的同一异议", "an objection to the same row is already open"});
        const db::Value v[] = {run_id, uscc, clause, trimmed(text), who.user_id, t};
        auto r = c.query(
            "INSERT INTO run_objections (run_id, uscc, clause, text, filed_by, filed_at, status) VALUES ($1, $2, $3, "
            "$4, $5, $6, 'open') RETURNING id",
            v);
        if (!r) return r.status();
        id = r->rows.at(0).i64(0);
        if (auto s = add_event(c, run_id, "objection.filed", run->status, run->status, who.user_id, t,
                               "异议 / objection #" + std::to_string(id) + (clause.empty() ? "" : " " + clause));
            !s)
            return s;
        return append_audit(c, who, ctx,
                            {"run.objection.file", "run_objection", std::to_string(id), "",
                             "{\"run\":" + std::to_string(run_id) + ",\"uscc\":" + json_quote(uscc) +
                                 ",\"clause\":" + json_quote(clause) + ",\"text\":" + json_quote(trimmed(text)) + "}"});
    });
    if (!st) return st;
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    return load_objection(**lease, run_id, id);
}

Result<std::vector<Objection>> RunService::objections(const Principal& who, std::int64_t run_id) {
    auto run = get(who, run_id);
    if (!run) return run.status();
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    std::vector<db::Value> p = {run_id};
    const std::string cond = enterprise_scope_condition(who.scope(), "e.city", "o.uscc", p);
    return db::map_rows<Objection>(
        (*lease)->query(std::string("SELECT ") + kObjectionCols +
                            " FROM run_objections o LEFT JOIN enterprises e ON e.uscc = o.uscc WHERE o.run_id = $1 "
                            "AND " +
                            cond + " ORDER BY o.id",
                        p),
        objection_from_row);
}

Result<Objection> RunService::decide_objection(const Principal& who, const RequestContext& ctx, std::int64_t run_id,
                                               std::int64_t objection_id, const std::string& decision,
                                               const std::string& reason) {
    if (!who.can(perm::kObjectionDecide))
        return Status::forbidden({"无权处理异议", "not allowed to decide objections"});
    if (decision != "upheld" && decision != "rejected")
        return Status::invalid({"decision：须为 upheld（成立）或 rejected（不成立）", "decision: upheld | rejected"});
    if (auto s = need_reason(reason, {"异议处理", "a decision"}); !s) return s;
    auto run = get(who, run_id);
    if (!run) return run.status();
    const std::int64_t t = clock_.now();
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        auto o = load_objection(c, run_id, objection_id);
        if (!o) return o.status();
        if (o->status != "open") return Status::conflict({"该异议已处理", "the objection has been decided"});
        const db::Value p[] = {objection_id, decision, who.user_id, t, trimmed(reason)};
        auto x = c.exec(
            "UPDATE run_objections SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5 WHERE id = "
            "$1 AND status = 'open'",
            p);
        if (!x) return x.status();
        if (*x != 1) return Status::conflict({"该异议已处理", "the objection has been decided"});
        auto cur = load(c, run_id);
        if (!cur) return cur.status();
        if (auto s = add_event(c, run_id, "objection." + decision, cur->status, cur->status, who.user_id, t,
                               "异议 / objection #" + std::to_string(objection_id) + "：" + trimmed(reason));
            !s)
            return s;
        if (decision == "upheld" && cur->status == "publicized") {
            // An upheld objection means the list is wrong: the run is withdrawn, to be recomputed once
            // the data is corrected; the other objections end with it.
            const db::Value w[] = {run_id};
            auto u = c.exec("UPDATE runs SET status = 'withdrawn' WHERE id = $1 AND status = 'publicized'", w);
            if (!u) return u.status();
            if (auto s = add_event(c, run_id, "transition", "publicized", "withdrawn", who.user_id, t,
                                   "异议成立，撤回待重新计算 / objection upheld: withdrawn, to be recomputed");
                !s)
                return s;
            const db::Value cl[] = {run_id, who.user_id, t};
            auto y = c.exec(
                "UPDATE run_objections SET status = 'closed', decided_by = $2, decided_at = $3, decision_reason = "
                "'批次已撤回 / the run was withdrawn' WHERE run_id = $1 AND status = 'open'",
                cl);
            if (!y) return y.status();
        }
        return append_audit(
            c, who, ctx,
            {"run.objection." + decision, "run_objection", std::to_string(objection_id), "{\"status\":\"open\"}",
             "{\"status\":" + json_quote(decision) + ",\"reason\":" + json_quote(trimmed(reason)) +
                 ",\"run\":" + std::to_string(run_id) + "}"});
    });
    if (!st) return st;
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    return load_objection(**lease, run_id, objection_id);
}

}  // namespace zx
