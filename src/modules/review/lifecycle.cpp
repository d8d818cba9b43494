#include "modules/review/lifecycle.hpp"

#include "core/json_text.hpp"
#include "core/utf8.hpp"
#include "modules/audit/audit.hpp"
#include "platform/storage/page.hpp"
#include "platform/storage/scope_sql.hpp"

namespace zx::review {
namespace {

constexpr std::size_t kMinReasonChars = 4;

}  // namespace

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

Result<Subject> Lifecycle::load(db::Connection& c, std::int64_t id) const {
    const db::Value p[] = {id};
    auto r = c.query(
        "SELECT id, status, created_by, notice_days, notice_until FROM " + spec_.subjects + " WHERE id = $1", p);
    if (!r) return r.status();
    if (r->empty()) return Status::not_found({spec_.noun.zh + "不存在", "no such " + spec_.noun.en});
    const db::Row& row = r->rows[0];
    return Subject{row.i64(0), row.i64(2), row.str(1), static_cast<int>(row.i64(3)), db::opt_i64(row, 4)};
}

Status Lifecycle::add_event(db::Connection& c, std::int64_t id, const std::string& kind, const std::string& from,
                            const std::string& to, std::int64_t user, std::int64_t at, const std::string& note) const {
    const db::Value e[] = {id, from, to, user, at, std::string(utf8_prefix(note, 500)), kind};
    auto x = c.exec("INSERT INTO " + spec_.events + " (" + spec_.fk +
                        ", from_status, to_status, user_id, at, note, kind) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    e);
    return x ? Status::ok() : x.status();
}

std::int64_t Lifecycle::notice_end(std::int64_t published, int days) const {
    if (!settings_.calendar || days == 0) return published + std::int64_t{days} * kSecondsPerDay;
    // The end of the `days`-th working day after the day of publication (Beijing time).
    const Date last = settings_.calendar->add_working_days(beijing_date(published), days).date;
    return beijing_day_start(last) + kSecondsPerDay;
}

std::int64_t Lifecycle::open_objections(db::Connection& c, std::int64_t id, Status& st) const {
    const db::Value q[] = {id};
    auto open =
        c.query("SELECT COUNT(*) FROM " + spec_.objections + " WHERE " + spec_.fk + " = $1 AND status = 'open'", q);
    if (!open) {
        st = open.status();
        return 0;
    }
    return open->rows.at(0).i64(0);
}

Result<const Step*> Lifecycle::check(db::Connection& c, const Principal& who, const Subject& s, const std::string& to,
                                     const std::string& note, std::int64_t now) const {
    const Step* step = nullptr;
    for (const Step& st : spec_.steps)
        if (s.status == st.from && to == st.to) step = &st;
    if (!step)
        return Status::conflict({"状态“" + s.status + "”不能转为“" + to + "”",
                                 "cannot move a " + s.status + " " + spec_.noun.en + " to " + to});
    if (!who.can(*step->permission)) return Status::forbidden({"无权执行此步骤", "not allowed to take this step"});
    // Separation of duties: the reviewer is not the creator; the approver is neither.
    const db::Value p[] = {s.id};
    auto reviewers =
        c.query("SELECT user_id FROM " + spec_.events + " WHERE " + spec_.fk + " = $1 AND to_status = 'reviewed'", p);
    if (!reviewers) return reviewers.status();
    if (to == "reviewed" && s.created_by == who.user_id)
        return Status::forbidden({"发起人不能复核自己发起的" + spec_.noun.zh + "（双人复核）",
                                  "the creator cannot review their own " + spec_.noun.en});
    if (to == "approved") {
        if (s.created_by == who.user_id)
            return Status::forbidden({"发起人不能审批自己发起的" + spec_.noun.zh + "（双人复核）",
                                      "the creator cannot approve their own " + spec_.noun.en});
        for (const db::Row& r : reviewers->rows)
            if (r.i64(0) == who.user_id)
                return Status::forbidden(
                    {"复核人不能再审批同一" + spec_.noun.zh + "（三人分离）", "the reviewer cannot also approve"});
    }
    if (to == "withdrawn" && s.status == "publicized")
        if (auto st = need_reason(note, {"撤回公示", "withdrawing a publicized " + spec_.noun.en}); !st) return st;
    if (to == "publicized" && s.notice_days < settings_.min_notice_days)
        return Status::conflict({"公示期" + std::to_string(s.notice_days) + "天短于最短公示期" +
                                     std::to_string(settings_.min_notice_days) + "天：请按现行设置重新计算",
                                 "the notice period of " + std::to_string(s.notice_days) +
                                     " days is shorter than the minimum of " +
                                     std::to_string(settings_.min_notice_days) + "; recompute"});
    if (to == spec_.final_status) {
        if (s.notice_until && *s.notice_until > now)
            return Status::conflict({"公示期未满", "the notice period has not ended"});
        Status st = Status::ok();
        const std::int64_t open = open_objections(c, s.id, st);
        if (!st) return st;
        if (open > 0)
            return Status::conflict(
                {"尚有" + std::to_string(open) + "件异议未处理", std::to_string(open) + " objections are still open"});
    }
    return step;
}

Status Lifecycle::apply(db::Connection& c, const Principal& who, const Subject& s, const Step& step,
                        const std::string& note, std::int64_t now) const {
    std::vector<db::Value> p = {s.id, std::string(step.from), std::string(step.to)};
    std::string set = "status = $3";
    if (std::string(step.to) == "publicized")
        set += ", notice_from = " + bind_param(p, now) +
               ", notice_until = " + bind_param(p, notice_end(now, s.notice_days));
    auto r = c.exec("UPDATE " + spec_.subjects + " SET " + set + " WHERE id = $1 AND status = $2", p);
    if (!r) return r.status();
    if (*r != 1)
        return Status::conflict({spec_.noun.zh + "状态已被他人修改", "the " + spec_.noun.en + " changed meanwhile"});
    if (auto st = add_event(c, s.id, "transition", step.from, step.to, who.user_id, now, note); !st) return st;
    if (std::string(step.to) == "withdrawn") {
        // Objections to a withdrawn list end with it (the enterprise sees why).
        const db::Value w[] = {s.id, who.user_id, now};
        auto x = c.exec("UPDATE " + spec_.objections +
                            " SET status = 'closed', decided_by = $2, decided_at = $3, decision_reason = "
                            "'已撤回 / withdrawn' WHERE " +
                            spec_.fk + " = $1 AND status = 'open'",
                        w);
        if (!x) return x.status();
    }
    return Status::ok();
}

namespace {

std::string objection_cols(const std::string& fk) {
    return "o.id, o." + fk +
           ", o.filed_by, o.filed_at, o.uscc, COALESCE(e.name, ''), COALESCE(e.city, ''), o.clause, o.text, "
           "o.status, o.decided_by, o.decided_at, o.decision_reason";
}

Objection objection_from_row(const db::Row& r) {
    Objection o;
    o.id = r.i64(0);
    o.subject_id = r.i64(1);
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

}  // namespace

Result<Objection> Lifecycle::load_objection(db::Connection& c, std::int64_t id, std::int64_t objection_id) const {
    const db::Value p[] = {id, objection_id};
    auto r = c.query("SELECT " + objection_cols(spec_.fk) + " FROM " + spec_.objections +
                         " o LEFT JOIN enterprises e ON e.uscc = o.uscc WHERE o." + spec_.fk + " = $1 AND o.id = $2",
                     p);
    if (!r) return r.status();
    if (r->empty()) return Status::not_found({"异议不存在", "no such objection"});
    return objection_from_row(r->rows[0]);
}

Result<Objection> Lifecycle::file_objection(db::Database& db, const Principal& who, const RequestContext& ctx,
                                            std::int64_t id, const std::string& clause, const std::string& text,
                                            std::int64_t now) const {
    if (!who.can(*spec_.file_permission) || who.scope().kind != Scope::Kind::kEnterprise)
        return Status::forbidden(
            {"只有企业可以对本企业的公示结果提出异议", "only an enterprise objects to its own rows"});
    if (auto s = need_reason(text, {"异议", "an objection"}); !s) return s;
    if (text.size() > 4000) return Status::invalid({"异议内容过长（至多4000字节）", "objection text over 4000 bytes"});
    const std::string uscc = who.scope().value;
    std::int64_t oid = 0;
    Status st = db::in_transaction(db, [&](db::Connection& c) -> Status {
        auto s = load(c, id);
        if (!s) return s.status();
        if (s->status != "publicized" || (s->notice_until && *s->notice_until <= now))
            return Status::conflict({"只能在公示期内提出异议", "objections are filed during the notice period"});
        // Its own row: the enterprise has rows in the list (for the clause, when one is named).
        const db::Value p[] = {id, uscc, clause};
        auto own = c.query("SELECT COUNT(*) FROM " + spec_.rows + " WHERE " + spec_.fk +
                               " = $1 AND uscc = $2 AND ($3 = '' OR " + spec_.rows_clause + " = $3)",
                           p);
        if (!own) return own.status();
        if (own->rows.at(0).i64(0) == 0)
            return Status::invalid(
                {"clause：本企业在该名单中没有此项结果", "clause: no such row of yours in this list"});
        auto dup = c.query("SELECT COUNT(*) FROM " + spec_.objections + " WHERE " + spec_.fk +
                               " = $1 AND uscc = $2 AND clause = $3 AND status = 'open'",
                           p);
        if (!dup) return dup.status();
        if (dup->rows.at(0).i64(0) > 0)
            return Status::conflict({"已有未处理的同一异议", "an objection to the same row is already open"});
        const db::Value v[] = {id, uscc, clause, trimmed(text), who.user_id, now};
        auto r =
            c.query("INSERT INTO " + spec_.objections + " (" + spec_.fk +
                        ", uscc, clause, text, filed_by, filed_at, status) VALUES ($1, $2, $3, $4, $5, $6, 'open') "
                        "RETURNING id",
                    v);
        if (!r) return r.status();
        oid = r->rows.at(0).i64(0);
        if (auto e = add_event(c, id, "objection.filed", s->status, s->status, who.user_id, now,
                               "异议 / objection #" + std::to_string(oid) + (clause.empty() ? "" : " " + clause));
            !e)
            return e;
        return append_audit(
            c, who, ctx,
            {spec_.audit_prefix + ".objection.file", spec_.audit_prefix + "_objection", std::to_string(oid), "",
             "{\"" + spec_.fk + "\":" + std::to_string(id) + ",\"uscc\":" + json_quote(uscc) +
                 ",\"clause\":" + json_quote(clause) + ",\"text\":" + json_quote(trimmed(text)) + "}"});
    });
    if (!st) return st;
    auto lease = db.acquire();
    if (!lease) return lease.status();
    return load_objection(**lease, id, oid);
}

Result<std::vector<Objection>> Lifecycle::objections(db::Database& db, const Principal& who, std::int64_t id) const {
    auto lease = db.acquire();
    if (!lease) return lease.status();
    std::vector<db::Value> p = {id};
    const std::string cond = enterprise_scope_condition(who.scope(), "e.city", "o.uscc", p);
    return db::map_rows<Objection>((*lease)->query("SELECT " + objection_cols(spec_.fk) + " FROM " + spec_.objections +
                                                       " o LEFT JOIN enterprises e ON e.uscc = o.uscc WHERE o." +
                                                       spec_.fk + " = $1 AND " + cond + " ORDER BY o.id",
                                                   p),
                                   objection_from_row);
}

Result<Objection> Lifecycle::decide_objection(db::Database& db, const Principal& who, const RequestContext& ctx,
                                              std::int64_t id, std::int64_t objection_id, const std::string& decision,
                                              const std::string& reason, std::int64_t now) const {
    if (!who.can(*spec_.decide_permission))
        return Status::forbidden({"无权处理异议", "not allowed to decide objections"});
    if (decision != "upheld" && decision != "rejected")
        return Status::invalid({"decision：须为 upheld（成立）或 rejected（不成立）", "decision: upheld | rejected"});
    if (auto s = need_reason(reason, {"异议处理", "a decision"}); !s) return s;
    Status st = db::in_transaction(db, [&](db::Connection& c) -> Status {
        auto o = load_objection(c, id, objection_id);
        if (!o) return o.status();
        if (o->status != "open") return Status::conflict({"该异议已处理", "the objection has been decided"});
        const db::Value p[] = {objection_id, decision, who.user_id, now, trimmed(reason)};
        auto x =
            c.exec("UPDATE " + spec_.objections +
                       " SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5 WHERE id = $1 AND "
                       "status = 'open'",
                   p);
        if (!x) return x.status();
        if (*x != 1) return Status::conflict({"该异议已处理", "the objection has been decided"});
        auto cur = load(c, id);
        if (!cur) return cur.status();
        if (auto e = add_event(c, id, "objection." + decision, cur->status, cur->status, who.user_id, now,
                               "异议 / objection #" + std::to_string(objection_id) + "：" + trimmed(reason));
            !e)
            return e;
        if (decision == "upheld" && cur->status == "publicized") {
            // An upheld objection means the list is wrong: it is withdrawn, to be recomputed once the
            // data is corrected; the other objections end with it.
            const db::Value w[] = {id};
            auto u = c.exec(
                "UPDATE " + spec_.subjects + " SET status = 'withdrawn' WHERE id = $1 AND status = 'publicized'", w);
            if (!u) return u.status();
            if (auto e = add_event(c, id, "transition", "publicized", "withdrawn", who.user_id, now,
                                   "异议成立，撤回待重新计算 / objection upheld: withdrawn, to be recomputed");
                !e)
                return e;
            const db::Value cl[] = {id, who.user_id, now};
            auto y = c.exec("UPDATE " + spec_.objections +
                                " SET status = 'closed', decided_by = $2, decided_at = $3, decision_reason = "
                                "'已撤回 / withdrawn' WHERE " +
                                spec_.fk + " = $1 AND status = 'open'",
                            cl);
            if (!y) return y.status();
        }
        return append_audit(c, who, ctx,
                            {spec_.audit_prefix + ".objection." + decision, spec_.audit_prefix + "_objection",
                             std::to_string(objection_id), "{\"status\":\"open\"}",
                             "{\"status\":" + json_quote(decision) + ",\"reason\":" + json_quote(trimmed(reason)) +
                                 ",\"" + spec_.fk + "\":" + std::to_string(id) + "}"});
    });
    if (!st) return st;
    auto lease = db.acquire();
    if (!lease) return lease.status();
    return load_objection(**lease, id, objection_id);
}

}  // namespace zx::review
