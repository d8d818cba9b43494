// 三张清单 (the task list, the enterprise list with its commissioners), notifications and the KPI facts.
#include "modules/service_desk/desk_internal.hpp"
#include "modules/service_desk/desk_service.hpp"
#include "modules/service_desk/permissions.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <map>

#include "core/calendar.hpp"
#include "core/department.hpp"
#include "core/json_text.hpp"
#include "core/region.hpp"
#include "modules/audit/audit.hpp"
#include "modules/enterprise_data/list_filters.hpp"
#include "platform/storage/page.hpp"
#include "platform/storage/query.hpp"
#include "platform/storage/scope_sql.hpp"

namespace zx {

namespace desk_internal {

std::string case_scope(const Principal& who, std::vector<db::Value>& params) {
    const Scope s = who.scope();
    switch (s.kind) {
        case Scope::Kind::kProvince:
            return "1=1";
        case Scope::Kind::kCity:
            return "c.city = " + bind_param(params, s.value);
        case Scope::Kind::kEnterprise:
            return "c.uscc = " + bind_param(params, s.value);
        case Scope::Kind::kDepartment: {
            // IN, not a correlated EXISTS: both engines then read the department's sub-tasks once (SQLite
            // unions the two index lookups, "MULTI-INDEX OR") instead of probing desk_subtasks for every
            // case, which made a department's COUNT scan all cases (bench/desk_bench.cpp, 1M cases).
            // "|| ''" keeps SQLite from answering the OR with two index lookups and a sort of all the
            // department's cases (its choice without ANALYZE statistics, which the server does not
            // gather: 140 ms at 1M cases); newest first it reads cases by id until a page is full.
            // The department's count does not use this condition (DeskService::list).
            const std::string ph = bind_param(params, s.value);
            return "(c.lead_department || '' = " + ph +
                   " OR c.id IN (SELECT st.case_id FROM desk_subtasks st WHERE st.department = " + ph + "))";
        }
        case Scope::Kind::kCommissioner:
            return "c.uscc IN (SELECT uscc FROM desk_assignments WHERE commissioner_id = " +
                   bind_param(params, who.user_id) + ")";
        case Scope::Kind::kNone:
            break;
    }
    return "1=0";
}

Status notify(db::Connection& c, const std::string& kind, const std::string& value, std::int64_t case_id,
              const std::string& what, const std::string& text, const std::string& text_en, std::int64_t at) {
    if (kind != "desk" && value.empty()) return Status::ok();
    const db::Value p[] = {kind, value, case_id, what, text, text_en, at};
    auto r = c.exec(
        "INSERT INTO desk_notifications (target_kind, target_value, case_id, kind, text, text_en, created_at) VALUES "
        "($1, $2, $3, $4, $5, $6, $7)",
        p);
    if (!r) return r.status();
    // A department's webhook gets it too: queued in this transaction, delivered by the sweep.
    if (kind == "department") {
        const db::Value d[] = {value};
        auto hooks = c.query("SELECT id FROM desk_webhooks WHERE department = $1 AND enabled = 1", d);
        if (!hooks) return hooks.status();
        for (const db::Row& h : hooks->rows) {
            std::string payload = "{\"event\":";
            append_json_string(payload, what);
            payload += ",\"case_id\":" + std::to_string(case_id) + ",\"department\":";
            append_json_string(payload, value);
            payload += ",\"text\":";
            append_json_string(payload, text);
            payload += ",\"text_en\":";
            append_json_string(payload, text_en);
            payload += ",\"at\":" + std::to_string(at) + "}";
            const db::Value q[] = {h.i64(0), case_id, what, payload, at};
            auto w = c.exec(
                "INSERT INTO desk_webhook_deliveries (webhook_id, case_id, event, payload, status, next_at, "
                "created_at) "
                "VALUES ($1, $2, $3, $4, 'pending', $5, $5)",
                q);
            if (!w) return w.status();
        }
    }
    // The enterprise's commissioner hears what the enterprise hears.
    if (kind == "enterprise") {
        const db::Value u[] = {value};
        auto a = c.query("SELECT commissioner_id FROM desk_assignments WHERE uscc = $1", u);
        if (!a) return a.status();
        if (!a->empty()) return notify(c, "user", std::to_string(a->rows[0].i64(0)), case_id, what, text, text_en, at);
    }
    return Status::ok();
}

std::vector<std::pair<std::string, std::string>> notification_targets(const Principal& who) {
    switch (who.role) {
        case Role::kProvinceAdmin:
            return {{"desk", ""}};
        case Role::kCityOfficial:
            return {{"city", who.city}};
        case Role::kDeptHandler:
            return {{"department", who.department}};
        case Role::kEnterprise:
            return {{"enterprise", who.uscc}};
        case Role::kCommissioner:
            return {{"user", std::to_string(who.user_id)}};
        default:
            return {};
    }
}

std::string json_strings(const std::vector<std::string>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out += ",";
        append_json_string(out, v[i]);
    }
    return out + "]";
}

std::vector<std::string> parse_strings(const std::string& text) {
    std::vector<std::string> out;
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(text, ec);
    if (ec || !v.is_array()) return out;
    for (const boost::json::value& x : v.as_array())
        if (x.is_string()) out.emplace_back(x.as_string());
    return out;
}

}  // namespace desk_internal

using desk_internal::case_scope;
using desk_internal::notification_targets;

Result<Page<DeskTask>> DeskService::tasks(const Principal& who, const std::string& department_in,
                                          const PageRequest& pr) {
    if (!who.can(perm::kDeskTaskRead))
        return Status::forbidden({"无权查看任务清单", "not allowed to read the task list"});
    std::string department;
    if (who.role == Role::kDeptHandler) {
        department = who.department;
    } else if (who.role == Role::kProvinceAdmin || who.role == Role::kAuditor) {
        auto d = desk_internal::department_filter(department_in);
        if (!d) return d.status();
        department = *d;
    } else {
        return Status::forbidden({"任务清单属于责任单位", "the task list is the departments'"});
    }
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    // Lead cases not yet replied, and sub-tasks not done, soonest due first.
    std::vector<db::Value> p;
    std::string lead_cond = "c.status NOT IN ('replied', 'closed') AND c.lead_department <> ''";
    std::string sub_cond = "s.status <> 'done'";
    if (!department.empty()) {
        p.emplace_back(department);
        lead_cond += " AND c.lead_department = $1";
        sub_cond += " AND s.department = $1";
    }
    // The count and the page's (kind, id, due) from the partial indexes of open lead cases and open
    // sub-tasks (schema step 2) without reading a case row; then the rows of that page only. Reading every
    // open row's title and city to sort them by due took 0.6-1 s for a department at 1M cases
    // (bench/desk_bench.cpp). A sub-task's case always exists (foreign key), so the count needs no join.
    auto total = (*lease)->query("SELECT (SELECT COUNT(*) FROM desk_cases c WHERE " + lead_cond +
                                     ") + (SELECT COUNT(*) FROM desk_subtasks s WHERE " + sub_cond + ")",
                                 p);
    if (!total) return total.status();
    const int size = std::clamp(pr.page_size, 1, kMaxPageSize);
    const std::int64_t offset = std::int64_t{std::clamp(pr.page, 1, kMaxPage) - 1} * size;
    auto keys = (*lease)->query(
        "SELECT kind, id, due FROM (SELECT 'lead' AS kind, c.id AS id, CASE WHEN c.responded_at IS NULL THEN "
        "c.response_due ELSE c.resolution_due END AS due FROM desk_cases c WHERE " +
            lead_cond + " UNION ALL SELECT 'subtask', s.id, s.due FROM desk_subtasks s WHERE " + sub_cond +
            ") t ORDER BY due IS NULL, due, kind, id LIMIT " + std::to_string(size) + " OFFSET " +
            std::to_string(offset),
        p);
    if (!keys) return keys.status();
    Page<DeskTask> out;
    out.total = total->rows.at(0).i64(0);
    std::vector<db::Value> lead_ids, sub_ids;
    std::string lead_in, sub_in;
    for (const db::Row& r : keys->rows) {
        const bool lead = r.str(0) == "lead";
        std::vector<db::Value>& ids = lead ? lead_ids : sub_ids;
        std::string& in = lead ? lead_in : sub_in;
        ids.emplace_back(r.i64(1));
        in += (in.empty() ? "$" : ", $") + std::to_string(ids.size());
    }
    std::map<std::pair<bool, std::int64_t>, DeskTask> found;
    const std::int64_t now = clock_.now();
    if (!lead_ids.empty()) {
        auto rows = (*lease)->query(
            "SELECT c.id, c.lead_department, c.title, c.status, c.city, c.category, c.urgency, c.sla_state, CASE WHEN "
            "c.responded_at IS NULL THEN c.response_due ELSE c.resolution_due END FROM desk_cases c WHERE c.id IN (" +
                lead_in + ")",
            lead_ids);
        if (!rows) return rows.status();
        for (const db::Row& r : rows->rows) {
            DeskTask t;
            t.kind = "lead";
            t.id = t.case_id = r.i64(0);
            t.department = r.str(1);
            t.title = r.str(2);
            t.status = r.str(3);
            t.city = r.str(4);
            t.category = r.str(5);
            t.urgency = r.str(6);
            t.sla_state = r.str(7);
            t.due = db::opt_i64(r, 8);
            found[{true, t.id}] = std::move(t);
        }
    }
    if (!sub_ids.empty()) {
        auto rows = (*lease)->query(
            "SELECT s.id, s.case_id, s.department, c.title, s.status, c.city, c.category, c.urgency, s.due FROM "
            "desk_subtasks s JOIN desk_cases c ON c.id = s.case_id WHERE s.id IN (" +
                sub_in + ")",
            sub_ids);
        if (!rows) return rows.status();
        for (const db::Row& r : rows->rows) {
            DeskTask t;
            t.kind = "subtask";
            t.id = r.i64(0);
            t.case_id = r.i64(1);
            t.department = r.str(2);
            t.title = r.str(3);
            t.status = r.str(4);
            t.city = r.str(5);
            t.category = r.str(6);
            t.urgency = r.str(7);
            t.due = db::opt_i64(r, 8);
            t.sla_state = t.due && now > *t.due ? "breached" : "ok";
            found[{false, t.id}] = std::move(t);
        }
    }
    // In the page's order; a row changed between the two reads (closed meanwhile) is still shown as read.
    for (const db::Row& r : keys->rows) {
        auto it = found.find({r.str(0) == "lead", r.i64(1)});
        if (it != found.end()) out.items.push_back(std::move(it->second));
    }
    return out;
}

Result<Page<CoverageRow>> DeskService::coverage(const Principal& who, const CoverageFilter& f, const PageRequest& pr) {
    if (!who.can(perm::kDeskCoverageRead))
        return Status::forbidden({"无权查看企业清单", "not allowed to read the list"});
    if (!f.city.empty() && !find_city(f.city))
        return Status::data_error({"city：不是14个设区市之一：" + f.city, "city: not one of the 14 cities: " + f.city});
    if (auto s = check_filter("covered", f.covered, {"true", "false"}); !s) return s;
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    db::Query q(
        "e.uscc, e.name, e.city, e.industry, a.commissioner_id, COALESCE(u.display_name, ''), (SELECT COUNT(*) FROM "
        "desk_cases k WHERE k.uscc = e.uscc AND k.status <> 'closed')",
        "enterprises e LEFT JOIN desk_assignments a ON a.uscc = e.uscc LEFT JOIN users u ON u.id = a.commissioner_id");
    const Scope s = who.scope();
    if (s.kind == Scope::Kind::kCity)
        q.where("e.city = " + q.bind(s.value));
    else if (s.kind == Scope::Kind::kCommissioner)
        q.where("a.commissioner_id = " + q.bind(who.user_id));
    else if (s.kind != Scope::Kind::kProvince)
        q.where("1=0");
    q.where_if("e.city", "=", f.city);
    if (f.covered == "true") q.where("a.commissioner_id IS NOT NULL");
    if (f.covered == "false") q.where("a.commissioner_id IS NULL");
    if (!f.commissioner.empty()) {
        std::int64_t id = 0;
        if (f.commissioner == "me")
            id = who.user_id;
        else
            try {
                id = std::stoll(f.commissioner);
            } catch (...) {
                return Status::data_error({"commissioner：须为用户ID或 me", "commissioner: a user id or me"});
            }
        q.where("a.commissioner_id = " + q.bind(id));
    }
    q.order_by("e.city, e.uscc");
    return db::map_page<CoverageRow>(q.page(**lease, pr), [](const db::Row& r) {
        CoverageRow c;
        c.uscc = r.str(0);
        c.name = r.str(1);
        c.city = r.str(2);
        c.industry = r.str(3);
        c.commissioner_id = db::opt_i64(r, 4);
        c.commissioner_name = r.str(5);
        c.open_cases = r.i64(6);
        return c;
    });
}

Result<std::vector<Commissioner>> DeskService::commissioners(const Principal& who) {
    if (!who.can(perm::kDeskCoverageRead))
        return Status::forbidden({"无权查看企业清单", "not allowed to read the list"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    std::vector<db::Value> p;
    std::string where = "u.role = 'commissioner' AND u.disabled = 0";
    if (who.role == Role::kCityOfficial) {
        p.emplace_back(who.city);
        where += " AND (u.city = $1 OR u.city IS NULL)";
    } else if (who.role == Role::kCommissioner) {
        p.emplace_back(who.user_id);
        where += " AND u.id = $1";
    }
    auto r = (*lease)->query(
        "SELECT u.id, u.username, u.display_name, COALESCE(u.city, ''), (SELECT COUNT(*) FROM desk_assignments a WHERE "
        "a.commissioner_id = u.id) FROM users u WHERE " +
            where + " ORDER BY u.city, u.id",
        p);
    if (!r) return r.status();
    std::vector<Commissioner> out;
    for (const db::Row& row : r->rows) out.push_back({row.i64(0), row.str(1), row.str(2), row.str(3), row.i64(4)});
    return out;
}

Result<int> DeskService::assign(const Principal& who, const RequestContext& ctx, const std::vector<std::string>& usccs,
                                std::int64_t commissioner_id) {
    if (!who.can(perm::kDeskCoverageWrite)) return Status::forbidden({"无权分配特派员", "not allowed to assign"});
    if (usccs.empty() || usccs.size() > 5000)
        return Status::invalid({"uscc：须列出1至5000家企业", "uscc: list 1 to 5000 enterprises"});
    int n = 0;
    const std::int64_t now = clock_.now();
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        const db::Value cp[] = {commissioner_id};
        auto u = c.query("SELECT 1 FROM users WHERE id = $1 AND role = 'commissioner' AND disabled = 0", cp);
        if (!u) return u.status();
        if (u->empty())
            return Status::data_error(
                {"commissioner_id：不是在用的特派员账号", "commissioner_id: not an active commissioner"});
        for (const std::string& uscc : usccs) {
            const db::Value ep[] = {uscc};
            auto e = c.query("SELECT city FROM enterprises WHERE uscc = $1", ep);
            if (!e) return e.status();
            if (e->empty() || (who.role == Role::kCityOfficial && e->rows[0].str(0) != who.city))
                return Status::data_error(
                    {"uscc：" + uscc + " 不在您的企业名录中", "uscc: " + uscc + " is not in your list"});
            const db::Value p[] = {uscc, commissioner_id, now, who.user_id};
            auto r = c.exec(
                "INSERT INTO desk_assignments (uscc, commissioner_id, assigned_at, assigned_by) VALUES ($1, $2, $3, "
                "$4) "
                "ON CONFLICT (uscc) DO UPDATE SET commissioner_id = excluded.commissioner_id, assigned_at = "
                "excluded.assigned_at, assigned_by = excluded.assigned_by",
                p);
            if (!r) return r.status();
            ++n;
        }
        return append_audit(c, who, ctx,
                            {"desk.assign", "desk_assignment", std::to_string(commissioner_id), "",
                             "{\"enterprises\":" + std::to_string(n) + "}"});
    });
    if (!st) return st;
    return n;
}

Result<int> DeskService::auto_assign(const Principal& who, const RequestContext& ctx, const std::string& city_in) {
    if (!who.can(perm::kDeskCoverageWrite)) return Status::forbidden({"无权分配特派员", "not allowed to assign"});
    std::string city = city_in;
    if (who.role == Role::kCityOfficial) {
        if (!city.empty() && city != who.city)
            return Status::forbidden({"只能分配本市企业", "only your city's enterprises"});
        city = who.city;
    }
    if (!city.empty() && !find_city(city))
        return Status::data_error({"city：不是14个设区市之一：" + city, "city: not one of the 14 cities: " + city});
    int n = 0;
    const std::int64_t now = clock_.now();
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        auto cs = c.query(
            "SELECT u.id, COALESCE(u.city, ''), (SELECT COUNT(*) FROM desk_assignments a WHERE a.commissioner_id = "
            "u.id) "
            "FROM users u WHERE u.role = 'commissioner' AND u.disabled = 0 ORDER BY u.id");
        if (!cs) return cs.status();
        if (cs->empty()) return Status::conflict({"还没有特派员账号", "there are no commissioners yet"});
        struct Load {
            std::int64_t id;
            std::string city;
            std::int64_t count;
        };
        std::vector<Load> loads;
        for (const db::Row& r : cs->rows) loads.push_back({r.i64(0), r.str(1), r.i64(2)});
        std::vector<db::Value> p;
        std::string where = "a.uscc IS NULL";
        if (!city.empty()) {
            p.emplace_back(city);
            where += " AND e.city = $1";
        }
        auto ents =
            c.query("SELECT e.uscc, e.city FROM enterprises e LEFT JOIN desk_assignments a ON a.uscc = e.uscc WHERE " +
                        where + " ORDER BY e.city, e.uscc",
                    p);
        if (!ents) return ents.status();
        for (const db::Row& r : ents->rows) {
            const std::string ecity = r.str(1);
            // City affinity first, then the least loaded; ties to the lower id.
            Load* best = nullptr;
            for (bool same_city : {true, false}) {
                for (Load& l : loads)
                    if ((!same_city || l.city == ecity) && (!best || l.count < best->count)) best = &l;
                if (best) break;
            }
            const db::Value ap[] = {r.str(0), best->id, now, who.user_id};
            auto w = c.exec(
                "INSERT INTO desk_assignments (uscc, commissioner_id, assigned_at, assigned_by) VALUES ($1, $2, $3, "
                "$4)",
                ap);
            if (!w) return w.status();
            ++best->count;
            ++n;
        }
        return append_audit(
            c, who, ctx,
            {"desk.assign.auto", "desk_assignment", city, "", "{\"enterprises\":" + std::to_string(n) + "}"});
    });
    if (!st) return st;
    return n;
}

Result<std::pair<std::int64_t, std::vector<DeskNotification>>> DeskService::notifications(const Principal& who,
                                                                                          int limit) {
    if (!who.can(perm::kDeskRead)) return Status::forbidden({"无权查看通知", "not allowed to read notifications"});
    const auto targets = notification_targets(who);
    std::pair<std::int64_t, std::vector<DeskNotification>> out{0, {}};
    if (targets.empty()) return out;
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    std::vector<db::Value> p = {who.user_id};
    std::string cond;
    for (const auto& [kind, value] : targets) {
        p.emplace_back(kind);
        p.emplace_back(value);
        cond += std::string(cond.empty() ? "" : " OR ") + "(n.target_kind = $" + std::to_string(p.size() - 1) +
                " AND n.target_value = $" + std::to_string(p.size()) + ")";
    }
    const std::string from =
        " FROM desk_notifications n LEFT JOIN desk_notification_reads r ON r.notification_id = "
        "n.id AND r.user_id = $1 WHERE (" +
        cond + ")";
    auto unread = (*lease)->query("SELECT COUNT(*)" + from + " AND r.user_id IS NULL", p);
    if (!unread) return unread.status();
    out.first = unread->rows.at(0).i64(0);
    auto rows = (*lease)->query("SELECT n.id, n.case_id, n.kind, n.text, n.text_en, n.created_at, r.user_id" + from +
                                    " ORDER BY n.id DESC LIMIT " + std::to_string(std::clamp(limit, 1, 200)),
                                p);
    if (!rows) return rows.status();
    for (const db::Row& r : rows->rows)
        out.second.push_back({r.i64(0), db::opt_i64(r, 1), r.str(2), r.str(3), r.str(4), r.i64(5), !r.is_null(6)});
    return out;
}

Status DeskService::mark_read(const Principal& who, const std::vector<std::int64_t>& ids, bool all) {
    if (!who.can(perm::kDeskRead)) return Status::forbidden({"无权查看通知", "not allowed to read notifications"});
    const auto targets = notification_targets(who);
    if (targets.empty()) return Status::ok();
    std::vector<db::Value> p = {who.user_id};
    std::string cond;
    for (const auto& [kind, value] : targets) {
        p.emplace_back(kind);
        p.emplace_back(value);
        cond += std::string(cond.empty() ? "" : " OR ") + "(n.target_kind = $" + std::to_string(p.size() - 1) +
                " AND n.target_value = $" + std::to_string(p.size()) + ")";
    }
    std::string which;
    if (!all) {
        if (ids.empty() || ids.size() > 1000) return Status::invalid({"ids：1至1000个", "ids: 1 to 1000"});
        for (std::int64_t id : ids) {
            p.emplace_back(id);
            which += std::string(which.empty() ? "" : ", ") + "$" + std::to_string(p.size());
        }
        which = " AND n.id IN (" + which + ")";
    }
    return db::in_transaction(db_, [&](db::Connection& c) -> Status {
        auto r = c.exec(
            "INSERT INTO desk_notification_reads (notification_id, user_id) SELECT n.id, $1 FROM desk_notifications n "
            "WHERE (" +
                cond + ")" + which + " ON CONFLICT DO NOTHING",
            p);
        return r ? Status::ok() : r.status();
    });
}

Result<std::vector<service_desk::KpiCase>> DeskService::kpi_facts(const Principal& who, const KpiQuery& q) {
    if (!who.can(perm::kDeskKpi)) return Status::forbidden({"无权查看考核指标", "not allowed to read the KPIs"});
    std::optional<Date> from, to;
    if (!q.from.empty() && !(from = parse_date(q.from)))
        return Status::data_error({"from：须为 YYYY-MM-DD", "from: YYYY-MM-DD"});
    if (!q.to.empty() && !(to = parse_date(q.to))) return Status::data_error({"to：须为 YYYY-MM-DD", "to: YYYY-MM-DD"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    db::Query query(
        "c.id, c.lead_department, c.city, c.category, c.created_at, c.response_due, c.responded_at, "
        "c.resolution_due, c.resolved_at, c.rating, c.status, c.response_state, c.resolution_state",
        "desk_cases c");
    if (who.role == Role::kDeptHandler)
        query.where("c.lead_department = " + query.bind(who.department));
    else
        query.where(case_scope(who, query.params()));
    if (from) query.where("c.created_at >= " + query.bind(beijing_day_start(*from)));
    if (to) query.where("c.created_at < " + query.bind(beijing_day_start(*to) + kSecondsPerDay));
    query.order_by("c.id");
    auto rows = query.first(**lease, 2'000'000);
    if (!rows) return rows.status();
    std::vector<service_desk::KpiCase> out;
    out.reserve(rows->size());
    for (const db::Row& r : rows->rows) {
        service_desk::KpiCase f;
        f.id = r.i64(0);
        f.department = r.str(1);
        f.city = r.str(2);
        f.category = r.str(3);
        const std::int64_t created = r.i64(4);
        const auto responded = db::opt_i64(r, 6), resolved = db::opt_i64(r, 8);
        const Date d = beijing_date(created);
        f.week = service_desk::iso_week_key(d);
        // As the clocks say (working time, pauses, extensions): due once decided or breached.
        const std::string rs = r.str(11), zs = r.str(12);
        f.response_due = rs == "met" || rs == "missed" || rs == "breached";
        f.responded_in_time = rs == "met";
        f.resolution_due = zs == "met" || zs == "missed" || zs == "breached";
        f.resolved_in_time = zs == "met";
        if (!r.is_null(9)) f.rating = static_cast<int>(r.i64(9));
        if (responded) f.respond_seconds = *responded - created;
        if (resolved) f.resolve_seconds = *resolved - created;
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace zx
