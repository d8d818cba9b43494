// The service desk's shared reads and writes of one case: its row, its events, its stored clocks, who
// the asking user is to it (desk_internal.hpp).
#include "modules/service_desk/desk_internal.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "core/department.hpp"
#include "core/json_text.hpp"
#include "core/utf8.hpp"
#include "modules/enterprise_data/list_filters.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/storage/page.hpp"

namespace zx::desk_internal {
namespace {

namespace json = boost::json;
using desk::Party;

}  // namespace
std::vector<std::int64_t> parse_ids(const std::string& text) {
    std::vector<std::int64_t> out;
    boost::system::error_code ec;
    const json::value v = json::parse(text, ec);
    if (ec || !v.is_array()) return out;
    for (const json::value& x : v.as_array())
        if (x.is_int64()) out.push_back(x.as_int64());
    return out;
}

CaseRecord case_from_row(const db::Row& r) {
    CaseRecord c;
    c.id = r.i64(0);
    c.uscc = r.str(1);
    c.enterprise_name = r.str(2);
    c.city = r.str(3);
    c.category = r.str(4);
    c.urgency = r.str(5);
    c.title = r.str(6);
    c.description = r.str(7);
    c.status = r.str(8);
    c.lead_department = r.str(9);
    c.co_departments = parse_strings(r.str(10));
    c.reporter_id = r.i64(11);
    c.created_at = r.i64(12);
    c.updated_at = r.i64(13);
    c.responded_at = db::opt_i64(r, 14);
    c.resolved_at = db::opt_i64(r, 15);
    c.closed_at = db::opt_i64(r, 16);
    if (!r.is_null(17)) c.rating = static_cast<int>(r.i64(17));
    if (!r.is_null(18)) c.extension_requested = static_cast<int>(r.i64(18));
    c.possible_duplicates = parse_ids(r.str(19));
    c.external_source = db::opt_str(r, 20);
    c.external_id = db::opt_str(r, 21);
    c.escalated = (r.i64(22) & (kResponseEscalated | kResolutionEscalated)) != 0;
    c.response_due = r.i64(23);
    c.resolution_due = db::opt_i64(r, 24);
    c.provisional = r.i64(25) != 0;
    c.sla_state = r.str(26);
    return c;
}

Result<std::optional<CaseRecord>> load_case(db::Connection& c, const Principal& who, std::int64_t id) {
    std::vector<db::Value> params = {id};
    const std::string scope = case_scope(who, params);
    auto rows = c.query(
        std::string("SELECT ") + kCaseCols + " FROM " + kCaseFrom + " WHERE c.id = $1 AND (" + scope + ")", params);
    if (!rows) return rows.status();
    if (rows->empty()) return std::optional<CaseRecord>{};
    return std::optional<CaseRecord>{case_from_row(rows->rows[0])};
}

Result<std::vector<DeskEvent>> load_events(db::Connection& c, std::int64_t case_id,
                                           std::vector<desk::ClockEvent>* clock_events) {
    const db::Value p[] = {case_id};
    auto rows = c.query(
        "SELECT id, at, action, from_status, to_status, actor_name, actor_role, actor_unit, reason, department, "
        "rating, extension_days, clock FROM desk_events WHERE case_id = $1 ORDER BY id",
        p);
    if (!rows) return rows.status();
    std::vector<DeskEvent> out;
    for (const db::Row& r : rows->rows) {
        DeskEvent e;
        e.id = r.i64(0);
        e.at = r.i64(1);
        e.action = r.str(2);
        e.from = r.str(3);
        e.to = r.str(4);
        e.actor_name = r.str(5);
        e.actor_role = r.str(6);
        e.actor_unit = r.str(7);
        e.reason = r.str(8);
        e.department = r.str(9);
        if (!r.is_null(10)) e.rating = static_cast<int>(r.i64(10));
        if (!r.is_null(11)) e.extension_days = static_cast<int>(r.i64(11));
        if (clock_events) {
            desk::ClockEvent ce;
            ce.at = e.at;
            ce.clock = r.str(12);
            if (e.action == "approve_extension" && e.extension_days) ce.extension_days = *e.extension_days;
            if (!ce.clock.empty() || ce.extension_days > 0) clock_events->push_back(std::move(ce));
        }
        out.push_back(std::move(e));
    }
    return out;
}

// The unit an actor acts for, as enterprises see it (names of people are kept from enterprises).
std::string unit_of(const Principal& who) {
    switch (who.role) {
        case Role::kProvinceAdmin:
            return "自治区工业和信息化厅";
        case Role::kCityOfficial:
            return who.city + "工业和信息化局";
        case Role::kDeptHandler:
            return who.department;
        case Role::kCommissioner:
            return "工业振兴特派员";
        case Role::kEnterprise:
            return "企业";
        default:
            return std::string(role_name_zh(who.role));
    }
}

Status insert_event(db::Connection& c, std::int64_t case_id, std::int64_t at, const std::string& action,
                    const std::string& from, const std::string& to, const std::string& clock, const Principal* who,
                    const std::string& reason, const std::string& department, std::optional<int> rating,
                    std::optional<int> extension_days) {
    const db::Value p[] = {case_id,
                           at,
                           action,
                           from,
                           to,
                           clock,
                           who ? who->user_id : std::int64_t{0},
                           who ? (who->display_name.empty() ? who->username : who->display_name) : std::string("系统"),
                           who ? std::string(role_code(who->role)) : std::string("system"),
                           who ? unit_of(*who) : std::string("服务台"),
                           reason,
                           department,
                           rating ? db::Value(std::int64_t{*rating}) : db::null(),
                           extension_days ? db::Value(std::int64_t{*extension_days}) : db::null()};
    auto r = c.exec(
        "INSERT INTO desk_events (case_id, at, action, from_status, to_status, clock, actor_id, actor_name, "
        "actor_role, actor_unit, reason, department, rating, extension_days) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        "$9, $10, $11, $12, $13, $14)",
        p);
    return r ? Status::ok() : r.status();
}

// Recomputes a case's clocks from its events and stores what lists read.
Result<desk::CaseClocks> store_clocks(db::Connection& c, const desk::DeskRules& rules, const WorkingCalendar& cal,
                                      std::int64_t case_id, std::int64_t now) {
    const db::Value id[] = {case_id};
    auto row = c.query("SELECT created_at, category, urgency, status FROM desk_cases WHERE id = $1", id);
    if (!row) return row.status();
    if (row->empty()) return Status::not_found({"案件不存在", "no such case"});
    const std::int64_t created = row->rows[0].i64(0);
    const std::string status = row->rows[0].str(3);
    std::vector<desk::ClockEvent> events;
    if (auto e = load_events(c, case_id, &events); !e) return e.status();
    const desk::SlaLimit limit = rules.sla.limit_for(row->rows[0].str(1), row->rows[0].str(2));
    desk::CaseClocks k = desk::compute_clocks(created, limit, rules.sla.warn_percent, events, now, cal);
    const bool closed = status == "closed";
    const auto opt = [](const std::optional<std::int64_t>& v) { return v ? db::Value(*v) : db::null(); };
    const db::Value p[] = {case_id,
                           k.response.due,
                           k.response.warn_at,
                           opt(k.resolution.due),
                           opt(k.resolution.warn_at),
                           std::string(desk::clock_state_code(desk::case_state(k, closed))),
                           std::int64_t{k.resolution.provisional ? 1 : 0},
                           closed ? db::null() : opt(k.next_change),
                           k.resolution.extended_to ? db::Value(std::int64_t{*k.resolution.extended_to}) : db::null(),
                           std::string(desk::clock_state_code(k.response.state)),
                           std::string(desk::clock_state_code(k.resolution.state))};
    if (auto r = c.exec(
            "UPDATE desk_cases SET response_due = $2, response_warn_at = $3, resolution_due = $4, "
            "resolution_warn_at = $5, sla_state = $6, provisional = $7, next_check_at = $8, extension_days = $9, "
            "response_state = $10, resolution_state = $11 WHERE id = $1",
            p);
        !r)
        return r.status();
    return k;
}

// The parties `who` is to case `k`.
Result<std::vector<desk::Party>> parties_of(db::Connection& c, const Principal& who, const CaseRecord& k) {
    std::vector<desk::Party> out;
    switch (who.role) {
        case Role::kProvinceAdmin:
            out.push_back(Party::kDesk);
            break;
        case Role::kCityOfficial:
            if (who.city == k.city) out.push_back(Party::kCity);
            break;
        case Role::kDeptHandler:
            if (!who.department.empty() && who.department == k.lead_department) out.push_back(Party::kLead);
            break;
        case Role::kEnterprise:
            if (who.uscc == k.uscc) out.push_back(Party::kReporter);
            break;
        case Role::kCommissioner: {
            const db::Value p[] = {k.uscc, who.user_id};
            auto r = c.query("SELECT 1 FROM desk_assignments WHERE uscc = $1 AND commissioner_id = $2", p);
            if (!r) return r.status();
            if (!r->empty()) out.push_back(Party::kCommissioner);
            break;
        }
        default:
            break;
    }
    return out;
}

bool may_take(const desk::ActionRule& a, const std::vector<desk::Party>& parties) {
    return std::any_of(parties.begin(), parties.end(), [&a](desk::Party p) { return a.allowed_for(p); });
}

// Whether the action's other conditions (state, response window, a pending extension) hold now.
bool applicable(const desk::ActionRule& a, const CaseRecord& k, std::int64_t now) {
    if (!a.allowed_from(k.status)) return false;
    if (a.within_response && (k.responded_at || now > k.response_due)) return false;
    if (a.requires_pending_extension && !k.extension_requested) return false;
    if (a.name == "request_extension" && k.extension_requested) return false;
    return true;
}

std::string request_hash(const std::string& uscc, const NewCase& n) {
    std::string canon;
    for (const std::string* f : {&uscc, &n.category, &n.urgency, &n.title, &n.description}) {
        append_json_string(canon, *f);
        canon += '\n';
    }
    for (const DeskAttachmentIn& a : n.attachments) canon += a.filename + '\n' + sha256_hex(a.bytes) + '\n';
    return sha256_hex(canon);
}

bool valid_key(const std::string& k) {
    return k.size() >= 8 && k.size() <= 128 &&
           std::all_of(k.begin(), k.end(), [](char ch) { return ch > 0x20 && ch < 0x7f; });
}

Status check_text(const std::string& field, const std::string& value, std::size_t min, std::size_t max) {
    const std::size_t n = utf8_length(trim_space(value));
    if (!is_valid_utf8(value) || n < min || n > max)
        return Status::invalid({field + "：须为" + std::to_string(min) + "至" + std::to_string(max) + "个字",
                                field + ": " + std::to_string(min) + " to " + std::to_string(max) + " characters"});
    return Status::ok();
}

Result<std::string> department_filter(const std::string& value) {
    if (value.empty()) return std::string();
    const auto list = responsible_departments();
    const Department* d = list->find(value);
    if (!d)
        return filter_error("department", value,
                            {"可选的责任单位见 GET /api/departments", "see GET /api/departments for the departments"});
    return d->name;
}

}  // namespace zx::desk_internal
