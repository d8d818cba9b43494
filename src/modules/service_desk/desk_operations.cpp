// The service desk's other operations on cases: sub-tasks, attachments, the exchange with other
// systems, the sweep of warnings and escalations, and recomputing provisional deadlines.
#include "modules/service_desk/desk_service.hpp"

#include "modules/service_desk/desk_internal.hpp"
#include "modules/service_desk/permissions.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <set>
#include <span>

#include "core/department.hpp"
#include "core/json_text.hpp"
#include "core/uscc.hpp"
#include "core/utf8.hpp"
#include "modules/audit/audit.hpp"
#include "modules/service_desk/rules/similarity.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/formats/base64.hpp"
#include "platform/formats/file_type.hpp"
#include "platform/storage/page.hpp"
#include "platform/storage/query.hpp"

namespace zx {

using namespace desk_internal;  // NOLINT(google-build-using-namespace): the module's own internals

Status DeskService::subtask_act(const Principal& who, const RequestContext& ctx, std::int64_t subtask_id,
                                const std::string& action, const std::string& note_in) {
    if (!who.can(perm::kDeskAct)) return Status::forbidden({"无权办理案件", "not allowed to act on cases"});
    if (action != "accept" && action != "complete")
        return Status::invalid({"action：须为 accept 或 complete", "action: accept or complete"});
    const std::string note(trim_space(note_in));
    if (action == "complete")
        if (auto s = check_text("reason", note, 2, 2000); !s) return s;
    const std::int64_t now = clock_.now();
    return db::in_transaction(db_, [&](db::Connection& c) -> Status {
        const db::Value p[] = {subtask_id};
        auto r = c.query(
            "SELECT s.case_id, s.department, s.status, k.lead_department, k.title FROM desk_subtasks s JOIN desk_cases "
            "k "
            "ON k.id = s.case_id WHERE s.id = $1",
            p);
        if (!r) return r.status();
        // Another department's sub-task is not found, like anything out of scope.
        if (r->empty() || who.role != Role::kDeptHandler || r->rows[0].str(1) != who.department)
            return Status::not_found({"协办任务不存在", "no such sub-task"});
        const std::int64_t case_id = r->rows[0].i64(0);
        const std::string status = r->rows[0].str(2);
        const std::string from = action == "accept" ? "open" : "accepted";
        if (status != from && !(action == "complete" && status == "open"))
            return Status::conflict({"协办任务处于“" + status + "”", "the sub-task is " + status});
        const db::Value u[] = {subtask_id, status, now, note};
        auto upd =
            c.exec(action == "accept"
                       ? "UPDATE desk_subtasks SET status = 'accepted', accepted_at = $3 WHERE id = $1 AND status = $2"
                       : "UPDATE desk_subtasks SET status = 'done', done_at = $3, note = $4, accepted_at = "
                         "COALESCE(accepted_at, $3) WHERE id = $1 AND status = $2",
                   // accept binds $1..$3 only: the note is complete's.
                   std::span<const db::Value>(u, action == "accept" ? 3 : 4));
        if (!upd) return upd.status();
        if (*upd != 1) return Status::conflict({"协办任务刚被他人办理，请刷新", "the sub-task changed meanwhile"});
        if (auto s = insert_event(c, case_id, now, "subtask_" + action, "", "", "", &who, note, who.department,
                                  std::nullopt, std::nullopt);
            !s)
            return s;
        if (action == "complete")
            if (auto s = notify(c, "department", r->rows[0].str(3), case_id, "subtask_complete",
                                who.department + "已完成协办：#" + std::to_string(case_id) + " " + r->rows[0].str(4),
                                who.department + " finished its part of #" + std::to_string(case_id), now);
                !s)
                return s;
        return append_audit(c, who, ctx,
                            {"desk.subtask." + action, "desk_subtask", std::to_string(subtask_id),
                             "{\"status\":\"" + status + "\"}", ""});
    });
}

Result<std::pair<DeskAttachment, std::string>> DeskService::attachment(const Principal& who, std::int64_t case_id,
                                                                       const std::string& sha256) {
    auto d = get(who, case_id);  // the scope check
    if (!d) return d.status();
    for (const DeskAttachment& a : d->attachments) {
        if (a.sha256 != sha256) continue;
        auto lease = db_.acquire();
        if (!lease) return lease.status();
        const db::Value p[] = {sha256};
        auto r = (*lease)->query("SELECT content_base64 FROM desk_blobs WHERE sha256 = $1", p);
        if (!r) return r.status();
        if (r->empty()) return Status::not_found({"附件不存在", "no such attachment"});
        auto bytes = base64_decode(r->rows[0].str(0));
        if (!bytes) return bytes.status();
        return std::pair{a, std::move(bytes).value()};
    }
    return Status::not_found({"附件不存在", "no such attachment"});
}

Result<ImportOutcome> DeskService::import_cases(const Principal& who, const RequestContext& ctx,
                                                const std::vector<ExchangeCase>& cases) {
    if (!who.can(perm::kDeskExchange)) return Status::forbidden({"无权导入外部案件", "not allowed to import cases"});
    if (!rules_) return Status::internal({"服务台规则未加载", "the service desk's rules are not loaded"});
    if (cases.empty() || cases.size() > 10000) return Status::invalid({"须有1至10000件案件", "1 to 10000 cases"});
    // Every defect of every line first: nothing is written unless all lines are good.
    std::vector<std::string> zh, en;
    const auto defect = [&](const ExchangeCase& x, const Status& s) {
        zh.push_back("第" + std::to_string(x.line) + "行：" + s.text().zh);
        en.push_back("line " + std::to_string(x.line) + ": " + s.text().en);
    };
    std::set<std::pair<std::string, std::string>> seen;
    for (const ExchangeCase& x : cases) {
        const auto key_ok = [](const std::string& v) {
            return !v.empty() && v.size() <= 64 &&
                   std::all_of(v.begin(), v.end(), [](char ch) { return ch > 0x20 && ch < 0x7f; });
        };
        if (!key_ok(x.ref.source))
            defect(x,
                   Status::invalid({"source：须为1至64个可见ASCII字符", "source: 1 to 64 visible ASCII characters"}));
        if (!key_ok(x.ref.id))
            defect(x, Status::invalid(
                          {"external_id：须为1至64个可见ASCII字符", "external_id: 1 to 64 visible ASCII characters"}));
        if (!seen.insert({x.ref.source, x.ref.id}).second)
            defect(x, Status::invalid({"external_id：文件内重复", "external_id: twice in the file"}));
        if (validate_uscc(x.c.uscc) != UsccError::kNone)
            defect(x, Status::invalid({"uscc：不是有效的统一社会信用代码", "uscc: not a valid USCC"}));
        if (!rules_->routing.category(x.c.category))
            defect(x, Status::invalid(
                          {"category：未知类别“" + x.c.category + "”", "category: unknown \"" + x.c.category + "\""}));
        if (x.c.urgency != "normal" && x.c.urgency != "urgent")
            defect(x, Status::invalid({"urgency：须为 normal 或 urgent", "urgency: normal or urgent"}));
        if (auto st = check_text("title", x.c.title, 1, 100); !st) defect(x, st);
        if (auto st = check_text("description", x.c.description, 0, 5000); !st) defect(x, st);
    }
    const auto refuse = [&]() -> Status {
        std::string z, e;
        for (std::size_t i = 0; i < zh.size() && i < 20; ++i) {
            z += (i ? "；" : "") + zh[i];
            e += (i ? "; " : "") + en[i];
        }
        if (zh.size() > 20) {
            z += "；另有" + std::to_string(zh.size() - 20) + "处";
            e += "; and " + std::to_string(zh.size() - 20) + " more";
        }
        return Status::data_error({"未导入任何案件：" + z, "nothing imported: " + e});
    };
    if (!zh.empty()) return refuse();
    ImportOutcome out;
    const std::int64_t now = clock_.now();
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        for (const ExchangeCase& x : cases) {
            const db::Value k[] = {x.ref.source, x.ref.id};
            auto found = c.query("SELECT id FROM desk_cases WHERE external_source = $1 AND external_id = $2", k);
            if (!found) return found.status();
            if (!found->empty()) {
                ++out.existing;
                out.ids.push_back(found->rows[0].i64(0));
                continue;
            }
            std::int64_t id = 0;
            Status s = insert_case(c, who, ctx, x.c.uscc, x.c, {}, "", request_hash(x.c.uscc, x.c), x.ref, now, id);
            if (s.code() == StatusCode::kDataError || s.code() == StatusCode::kInvalidArgument) {
                defect(x, s);
                continue;
            }
            if (!s) return s;
            ++out.created;
            out.ids.push_back(id);
        }
        return zh.empty() ? Status::ok() : refuse();
    });
    if (!st) return st;
    return out;
}

Result<std::vector<ExchangeAnswer>> DeskService::exchange_answers(const Principal& who, const std::string& source,
                                                                  std::int64_t since, int limit) {
    if (!who.can(perm::kDeskExchange))
        return Status::forbidden({"无权读取外部案件", "not allowed to read the exchange"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    // Every source's when none is named.
    const db::Value p[] = {source, since};
    auto r = (*lease)->query(
        "SELECT c.id, c.external_source, c.external_id, c.status, c.lead_department, c.responded_at, c.resolved_at, "
        "c.closed_at, c.rating, c.updated_at, (SELECT e.reason FROM desk_events e WHERE e.case_id = c.id AND "
        "e.action = 'reply' ORDER BY e.id DESC LIMIT 1) FROM desk_cases c WHERE c.external_source = $1 AND "
        "c.updated_at >= $2 ORDER BY c.updated_at, c.id LIMIT " +
            std::to_string(std::clamp(limit, 1, 10000)),
        p);
    if (!r) return r.status();
    std::vector<ExchangeAnswer> out;
    for (const db::Row& row : r->rows) {
        ExchangeAnswer a;
        a.id = row.i64(0);
        a.source = row.str(1);
        a.external_id = row.str(2);
        a.status = row.str(3);
        a.lead_department = row.str(4);
        a.responded_at = db::opt_i64(row, 5);
        a.resolved_at = db::opt_i64(row, 6);
        a.closed_at = db::opt_i64(row, 7);
        if (!row.is_null(8)) a.rating = static_cast<int>(row.i64(8));
        a.updated_at = row.i64(9);
        a.reply = db::opt_str(row, 10).value_or("");
        out.push_back(std::move(a));
    }
    return out;
}

Result<int> DeskService::sweep() {
    if (!rules_) return 0;
    const std::int64_t now = clock_.now();
    std::vector<std::int64_t> due;
    {
        auto lease = db_.acquire();
        if (!lease) return lease.status();
        const db::Value p[] = {now};
        auto r = (*lease)->query(
            "SELECT id FROM desk_cases WHERE next_check_at IS NOT NULL AND next_check_at <= $1 ORDER BY next_check_at "
            "LIMIT 1000",
            p);
        if (!r) return r.status();
        for (const db::Row& row : r->rows) due.push_back(row.i64(0));
    }
    int changed = 0;
    for (std::int64_t id : due) {
        Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
            const db::Value p[] = {id};
            auto r = c.query("SELECT alerts, lead_department, city, title, status FROM desk_cases WHERE id = $1", p);
            if (!r) return r.status();
            if (r->empty()) return Status::ok();
            const std::int64_t alerts = r->rows[0].i64(0);
            const std::string lead = r->rows[0].str(1), city = r->rows[0].str(2), title = r->rows[0].str(3),
                              status = r->rows[0].str(4);
            auto k = store_clocks(c, *rules_, *calendar_, id, now);
            if (!k) return k.status();
            std::int64_t add = 0;
            const std::string ref = "#" + std::to_string(id) + " " + title;
            struct Alert {
                std::int64_t bit;
                bool due;
                const char *action, *zh, *en;
                bool escalate;
            };
            const Alert list[] = {
                {kResponseWarned, k->response.state == desk::ClockState::kWarning, "warn", "即将超过响应时限：",
                 "Response limit near: ", false},
                {kResponseEscalated, k->response.state == desk::ClockState::kBreached, "escalate",
                 "超过响应时限，已督办：", "Response limit passed, escalated: ", true},
                {kResolutionWarned, k->resolution.state == desk::ClockState::kWarning, "warn", "即将超过办理时限：",
                 "Resolution limit near: ", false},
                {kResolutionEscalated, k->resolution.state == desk::ClockState::kBreached, "escalate",
                 "超过办理时限，已督办：", "Resolution limit passed, escalated: ", true},
            };
            for (const Alert& a : list) {
                if (!a.due || (alerts & a.bit) != 0) continue;
                add |= a.bit;
                const bool response = a.bit <= kResponseEscalated;
                if (auto s = insert_event(c, id, now, a.action, status, status, "", nullptr,
                                          response ? "response" : "resolution", "", std::nullopt, std::nullopt);
                    !s)
                    return s;
                if (!lead.empty())
                    if (auto s = notify(c, "department", lead, id, a.action, a.zh + ref, a.en + ref, now); !s) return s;
                if (a.escalate || lead.empty())
                    for (const std::string& to : rules_->sla.escalate_to)
                        if (auto s = notify(c, to, to == "city" ? city : "", id, a.action, a.zh + ref, a.en + ref, now);
                            !s)
                            return s;
            }
            if (add == 0) return Status::ok();
            ++changed;
            // Several instances sweep one database: only the one that still reads the alerts it
            // started from records them; another's transaction rolls back (its events with it).
            const db::Value u[] = {id, alerts | add, alerts};
            auto w = c.exec("UPDATE desk_cases SET alerts = $2 WHERE id = $1 AND alerts = $3", u);
            if (!w) return w.status();
            if (*w != 1) {
                --changed;
                return Status::conflict({"另一实例已处理", "another instance swept it"});
            }
            return Status::ok();
        });
        if (st.code() == StatusCode::kConflict) continue;
        if (!st) return st;
    }
    return changed;
}

Result<int> DeskService::recompute_provisional() {
    if (!rules_) return 0;
    // Only a deadline before the first year the calendar still lacks can stop being provisional: the
    // others would be recomputed at every start to the same answer.
    int first = 0;
    for (const CalendarLayer& l : calendar_->layers())
        if (!l.years.empty() && (first == 0 || l.years.begin()->first < first)) first = l.years.begin()->first;
    if (first == 0) return 0;  // no calendar years at all: nothing becomes certain
    int uncovered = first;
    while (calendar_->covers(uncovered)) ++uncovered;
    const std::int64_t covered_until = beijing_day_start(Date::of(uncovered, 1, 1));
    std::vector<std::int64_t> ids;
    {
        auto lease = db_.acquire();
        if (!lease) return lease.status();
        const db::Value p[] = {covered_until};
        auto r = (*lease)->query(
            "SELECT id FROM desk_cases WHERE provisional = 1 AND status <> 'closed' AND (resolution_due IS NULL OR "
            "resolution_due < $1)",
            p);
        if (!r) return r.status();
        for (const db::Row& row : r->rows) ids.push_back(row.i64(0));
    }
    const std::int64_t now = clock_.now();
    int n = 0;
    for (std::int64_t id : ids) {
        Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
            auto k = store_clocks(c, *rules_, *calendar_, id, now);
            if (!k) return k.status();
            if (!k->resolution.provisional) ++n;
            return Status::ok();
        });
        if (!st) return st;
    }
    // Sub-tasks not done whose due was provisional, on the same calendar and limits as their case.
    const db::Value covered{covered_until};
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        auto subs = c.query(
            "SELECT s.id, s.created_at, k.category, k.urgency FROM desk_subtasks s JOIN desk_cases k ON k.id = "
            "s.case_id WHERE s.provisional = 1 AND s.status <> 'done' AND s.due < $1",
            std::span<const db::Value>(&covered, 1));
        if (!subs) return subs.status();
        for (const db::Row& r : subs->rows) {
            const desk::SlaLimit limit = rules_->sla.limit_for(r.str(2), r.str(3));
            const AddWorkingDaysAnswer last =
                calendar_->add_working_days(beijing_date(r.i64(1)), limit.resolution_days);
            const db::Value p[] = {r.i64(0), beijing_day_start(last.date) + kSecondsPerDay,
                                   std::int64_t{last.provisional ? 1 : 0}};
            if (auto w = c.exec("UPDATE desk_subtasks SET due = $2, provisional = $3 WHERE id = $1", p); !w)
                return w.status();
        }
        return Status::ok();
    });
    if (!st) return st;
    return n;
}

}  // namespace zx
