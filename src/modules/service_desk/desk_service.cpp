#include "modules/service_desk/desk_service.hpp"

#include "modules/service_desk/desk_internal.hpp"
#include "modules/service_desk/permissions.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <set>

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
namespace {

namespace json = boost::json;
using desk::Party;
using desk_internal::case_scope;
using desk_internal::json_strings;
using desk_internal::notify;
using desk_internal::parse_strings;

constexpr std::size_t kMaxAttachments = 5;
constexpr std::size_t kMaxAttachmentBytes = 10u << 20;
constexpr std::int64_t kDuplicateWindow = 7 * kSecondsPerDay;
// Alert bits of desk_cases.alerts: each warning and escalation is sent once per clock.
constexpr std::int64_t kResponseWarned = 1, kResponseEscalated = 2, kResolutionWarned = 4, kResolutionEscalated = 8;

constexpr const char* kCaseCols =
    "c.id, c.uscc, COALESCE(e.name, ''), c.city, c.category, c.urgency, c.title, c.description, c.status, "
    "c.lead_department, c.co_departments, c.reporter_id, c.created_at, c.updated_at, c.responded_at, "
    "c.resolved_at, c.closed_at, c.rating, c.extension_requested, c.duplicates, c.external_source, c.external_id, "
    "c.alerts, c.response_due, c.resolution_due, c.provisional, c.sla_state";
constexpr const char* kCaseFrom = "desk_cases c LEFT JOIN enterprises e ON e.uscc = c.uscc";

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
                           k.resolution.extended_to ? db::Value(std::int64_t{*k.resolution.extended_to}) : db::null()};
    if (auto r =
            c.exec("UPDATE desk_cases SET response_due = $2, response_warn_at = $3, resolution_due = $4, "
                   "resolution_warn_at = $5, sla_state = $6, provisional = $7, next_check_at = $8, extension_days = $9 "
                   "WHERE id = $1",
                   p);
        !r)
        return r.status();
    return k;
}

// The parties `who` is to case `k`.
Result<std::vector<Party>> parties_of(db::Connection& c, const Principal& who, const CaseRecord& k) {
    std::vector<Party> out;
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

bool may_take(const desk::ActionRule& a, const std::vector<Party>& parties) {
    return std::any_of(parties.begin(), parties.end(), [&a](Party p) { return a.allowed_for(p); });
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

}  // namespace

DeskService::DeskService(db::Database& db, std::shared_ptr<const desk::DeskRules> rules,
                         std::shared_ptr<const WorkingCalendar> calendar, const Clock& clock)
    : db_(db),
      rules_(std::move(rules)),
      calendar_(calendar ? std::move(calendar) : std::make_shared<const WorkingCalendar>()),
      clock_(clock) {}

Result<ReportOutcome> DeskService::report(const Principal& who, const RequestContext& ctx, const NewCase& in,
                                          const std::string& key) {
    if (!who.can(perm::kDeskReport)) return Status::forbidden({"无权反映问题", "not allowed to report problems"});
    if (!rules_) return Status::internal({"服务台规则未加载", "the service desk's rules are not loaded"});
    if (!valid_key(key))
        return Status::invalid({"Idempotency-Key：须为8至128个可见ASCII字符（每次填报生成一个）",
                                "Idempotency-Key: 8 to 128 visible ASCII characters, one per report"});
    std::string uscc = in.uscc;
    if (who.role == Role::kEnterprise) {
        if (!uscc.empty() && uscc != who.uscc)
            return Status::forbidden({"企业只能反映本企业的问题", "an enterprise reports only its own problems"});
        uscc = who.uscc;
    }
    if (uscc.empty()) return Status::invalid({"uscc：须指定企业", "uscc: the enterprise is required"});
    const desk::Category* cat = rules_->routing.category(in.category);
    if (!cat) {
        std::string codes;
        for (const desk::Category& c : rules_->routing.categories) codes += (codes.empty() ? "" : ", ") + c.code;
        return Status::invalid({"category：未知类别“" + in.category + "”；可选：" + codes,
                                "category: unknown \"" + in.category + "\"; one of: " + codes});
    }
    if (in.urgency != "normal" && in.urgency != "urgent")
        return Status::invalid({"urgency：须为 normal 或 urgent", "urgency: normal or urgent"});
    if (auto s = check_text("title", in.title, 1, 100); !s) return s;
    if (auto s = check_text("description", in.description, 0, 5000); !s) return s;
    if (in.attachments.size() > kMaxAttachments)
        return Status::invalid({"attachments：最多5个附件", "attachments: at most 5"});
    std::vector<DeskAttachment> files;
    for (std::size_t i = 0; i < in.attachments.size(); ++i) {
        const DeskAttachmentIn& a = in.attachments[i];
        const std::string field = "attachments[" + std::to_string(i + 1) + "]（" + a.filename + "）";
        if (a.bytes.size() > kMaxAttachmentBytes)
            return Status::data_error({field + "：超过10 MiB", field + ": over 10 MiB"});
        if (auto s = check_text(field + ".filename", a.filename, 1, 200); !s) return s;
        const SniffedType t = sniff_file_type(a.bytes);
        if (t.type == FileType::kUnknown)
            return Status::data_error({field + "：仅接受 PDF、JPEG、PNG、XLSX、DOCX（按文件内容判断）",
                                       field + ": only PDF, JPEG, PNG, XLSX or DOCX (by content)"});
        files.push_back({sha256_hex(a.bytes), std::string(trim_space(a.filename)), std::string(t.mime),
                         static_cast<std::int64_t>(a.bytes.size())});
    }
    const std::string hash = request_hash(uscc, in);
    const std::int64_t now = clock_.now();

    // The key seen before: the case it made (the same request) or a conflict (another request).
    auto replay = [&](db::Connection& c) -> Result<std::optional<std::int64_t>> {
        const db::Value p[] = {who.user_id, key};
        auto r = c.query("SELECT id, request_hash FROM desk_cases WHERE reporter_id = $1 AND idempotency_key = $2", p);
        if (!r) return r.status();
        if (r->empty()) return std::optional<std::int64_t>{};
        if (r->rows[0].str(1) != hash)
            return Status::conflict(
                {"Idempotency-Key 已用于另一份不同的填报", "the Idempotency-Key was used for another report"});
        return std::optional<std::int64_t>{r->rows[0].i64(0)};
    };

    std::int64_t id = 0;
    bool replayed = false;
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        auto seen = replay(c);
        if (!seen) return seen.status();
        if (*seen) {
            id = **seen;
            replayed = true;
            return Status::ok();
        }
        return insert_case(c, who, ctx, uscc, in, files, key, hash, {}, now, id);
    });
    if (st.code() == StatusCode::kConstraintViolation) {
        // Another request with the same key committed first: answer with its case.
        auto lease = db_.acquire();
        if (!lease) return lease.status();
        auto seen = replay(**lease);
        if (!seen) return seen.status();
        if (!*seen) return st;
        id = **seen;
        replayed = true;
        st = Status::ok();
    }
    if (!st) return st;
    auto detail = get(who, id);
    if (!detail) return detail.status();
    return ReportOutcome{std::move(detail).value(), replayed};
}

Status DeskService::insert_case(db::Connection& c, const Principal& who, const RequestContext& ctx,
                                const std::string& uscc, const NewCase& in, const std::vector<DeskAttachment>& files,
                                const std::string& key, const std::string& hash, const ExternalRef& external,
                                std::int64_t now, std::int64_t& id) {
    const desk::Category* cat = rules_->routing.category(in.category);
    if (!cat) return Status::invalid({"category：未知类别", "category: unknown"});
    const db::Value u[] = {uscc};
    auto ent = c.query("SELECT city FROM enterprises WHERE uscc = $1", u);
    if (!ent) return ent.status();
    if (ent->empty())
        return Status::data_error({"uscc：企业名录中没有 " + uscc, "uscc: no enterprise " + uscc + " on record"});
    const std::string city = ent->rows[0].str(0);
    if (who.role == Role::kCommissioner) {
        const db::Value p[] = {uscc, who.user_id};
        auto a = c.query("SELECT 1 FROM desk_assignments WHERE uscc = $1 AND commissioner_id = $2", p);
        if (!a) return a.status();
        if (a->empty())
            return Status::forbidden(
                {"特派员只能为所联系的企业反映问题", "a commissioner reports only for assigned enterprises"});
    }
    const desk::RoutingRule* route = rules_->routing.route(in.category, city);
    if (!route) return Status::internal({"没有适用的分办规则", "no dispatch rule applies"});

    // Possible duplicates: the same enterprise, similar text, within 7 days.
    std::vector<std::int64_t> duplicates;
    {
        const db::Value p[] = {uscc, now - kDuplicateWindow};
        auto cand = c.query("SELECT id, title, description FROM desk_cases WHERE uscc = $1 AND created_at >= $2", p);
        if (!cand) return cand.status();
        std::vector<service_desk::SimilarityCandidate> candidates;
        for (const db::Row& r : cand->rows) candidates.push_back({r.i64(0), r.str(1), r.str(2)});
        duplicates = service_desk::similar_case_ids(in.title, in.description, candidates, 1, 2);
    }
    std::string dup_json = "[";
    for (std::size_t i = 0; i < duplicates.size(); ++i) dup_json += (i ? "," : "") + std::to_string(duplicates[i]);
    dup_json += "]";

    const db::Value p[] = {uscc,
                           city,
                           in.category,
                           in.urgency,
                           std::string(trim_space(in.title)),
                           in.description,
                           route->lead,
                           json_strings(route->co),
                           who.user_id,
                           key.empty() ? db::null() : db::Value(key),
                           hash,
                           now,
                           dup_json,
                           external.source.empty() ? db::null() : db::Value(external.source),
                           external.source.empty() ? db::null() : db::Value(external.id)};
    auto ins = c.query(
        "INSERT INTO desk_cases (uscc, city, category, urgency, title, description, status, lead_department, "
        "co_departments, reporter_id, idempotency_key, request_hash, created_at, updated_at, response_due, "
        "response_warn_at, duplicates, external_source, external_id) VALUES ($1, $2, $3, $4, $5, $6, 'dispatched', "
        "$7, $8, $9, $10, $11, $12, $12, $12, $12, $13, $14, $15) RETURNING id",
        p);
    if (!ins) return ins.status();
    id = ins->rows.at(0).i64(0);
    const std::string note = external.source.empty()
                                 ? std::string()
                                 : "来自 " + external.source + "（编号 " + external.id + "）" +
                                       (external.reported_at.empty() ? "" : "，外部受理时间 " + external.reported_at);
    if (auto s = insert_event(c, id, now, "report", "", "submitted", "", &who, note, "", std::nullopt, std::nullopt);
        !s)
        return s;
    // 即时分办: dispatched in the same transaction, by the rules.
    if (auto s = insert_event(c, id, now, "dispatch", "submitted", "dispatched", "", nullptr, "", route->lead,
                              std::nullopt, std::nullopt);
        !s)
        return s;
    const desk::SlaLimit limit = rules_->sla.limit_for(in.category, in.urgency);
    const AddWorkingDaysAnswer last = calendar_->add_working_days(beijing_date(now), limit.resolution_days);
    for (const std::string& co : route->co) {
        const db::Value sp[] = {id, co, now, beijing_day_start(last.date) + kSecondsPerDay,
                                std::int64_t{last.provisional ? 1 : 0}};
        if (auto r = c.exec("INSERT INTO desk_subtasks (case_id, department, status, created_at, due, provisional) "
                            "VALUES ($1, $2, 'open', $3, $4, $5)",
                            sp);
            !r)
            return r.status();
        if (auto s = notify(c, "department", co, id, "subtask", "协办任务：#" + std::to_string(id) + " " + in.title,
                            "Co-handling task: #" + std::to_string(id) + " " + in.title, now);
            !s)
            return s;
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
        const db::Value b[] = {files[i].sha256, files[i].size, base64_encode(in.attachments[i].bytes)};
        if (auto r =
                c.exec("INSERT INTO desk_blobs (sha256, size, content_base64) VALUES ($1, $2, $3) ON CONFLICT (sha256) "
                       "DO NOTHING",
                       b);
            !r)
            return r.status();
        const db::Value a[] = {id, files[i].sha256, files[i].filename, files[i].content_type, files[i].size};
        if (auto r = c.exec(
                "INSERT INTO desk_attachments (case_id, sha256, filename, content_type, size) VALUES ($1, $2, $3, "
                "$4, $5) ON CONFLICT (case_id, sha256) DO NOTHING",
                a);
            !r)
            return r.status();
    }
    if (auto k = store_clocks(c, *rules_, *calendar_, id, now); !k) return k.status();
    if (auto s = notify(c, "department", route->lead, id, "dispatch",
                        "新案件 #" + std::to_string(id) + "（" + cat->name + "）：" + in.title,
                        "New case #" + std::to_string(id) + " (" + in.category + "): " + in.title, now);
        !s)
        return s;
    std::string after = "{\"uscc\":";
    append_json_string(after, uscc);
    after += ",\"category\":";
    append_json_string(after, in.category);
    after += ",\"lead_department\":";
    append_json_string(after, route->lead);
    after += "}";
    return append_audit(c, who, ctx,
                        {external.source.empty() ? "desk.case.report" : "desk.case.import", "desk_case",
                         std::to_string(id), "", after});
}

Result<Page<CaseRecord>> DeskService::list(const Principal& who, const CaseFilter& f, const PageRequest& pr) {
    if (!who.can(perm::kDeskRead)) return Status::forbidden({"无权查看案件", "not allowed to read cases"});
    if (!rules_) return Status::internal({"服务台规则未加载", "the service desk's rules are not loaded"});
    const auto one_of = [](const std::string& field, const std::string& v,
                           const std::vector<std::string>& allowed) -> Status {
        if (v.empty() || std::find(allowed.begin(), allowed.end(), v) != allowed.end()) return Status::ok();
        std::string all;
        for (const std::string& a : allowed) all += (all.empty() ? "" : ", ") + a;
        return Status::data_error(
            {field + "：未知取值“" + v + "”；可选：" + all, field + ": unknown value \"" + v + "\"; one of: " + all});
    };
    std::vector<std::string> categories;
    for (const desk::Category& c : rules_->routing.categories) categories.push_back(c.code);
    for (Status s : {one_of("status", f.status, rules_->workflow.states), one_of("category", f.category, categories),
                     one_of("urgency", f.urgency, {"normal", "urgent"}),
                     one_of("sla", f.sla, {"ok", "warning", "breached", "met", "missed"})})
        if (!s) return s;
    std::string department;
    if (!f.department.empty()) {
        const auto list = responsible_departments();
        const Department* d = list->find(f.department);
        if (!d)
            return Status::data_error({"department：未知的责任单位“" + f.department + "”",
                                       "department: unknown department \"" + f.department + "\""});
        department = d->name;
    }
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    db::Query q(kCaseCols, kCaseFrom);
    q.where(case_scope(who, q.params()));
    q.where_if("c.status", "=", f.status);
    q.where_if("c.category", "=", f.category);
    q.where_if("c.urgency", "=", f.urgency);
    q.where_if("c.city", "=", f.city);
    q.where_if("c.lead_department", "=", department);
    q.where_if("c.uscc", "=", f.uscc);
    q.where_if("c.sla_state", "=", f.sla);
    if (!f.q.empty()) {
        std::string like = "%";
        for (char ch : f.q) {
            if (ch == '%' || ch == '_' || ch == '\\') like += '\\';
            like += ch;
        }
        like += "%";
        q.where("c.title LIKE " + q.bind(like) + " ESCAPE '\\'");
    }
    if (f.duplicates_only) q.where("c.duplicates <> '[]'");
    q.order_by("c.id DESC");
    return db::map_page<CaseRecord>(q.page(**lease, pr), case_from_row);
}

Result<CaseDetail> DeskService::get(const Principal& who, std::int64_t id) {
    if (!who.can(perm::kDeskRead)) return Status::forbidden({"无权查看案件", "not allowed to read cases"});
    if (!rules_) return Status::internal({"服务台规则未加载", "the service desk's rules are not loaded"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    db::Connection& c = **lease;
    auto k = load_case(c, who, id);
    if (!k) return k.status();
    if (!*k) return Status::not_found({"案件不存在", "no such case"});
    CaseDetail d;
    d.c = std::move(**k);
    std::vector<desk::ClockEvent> clock_events;
    auto events = load_events(c, id, &clock_events);
    if (!events) return events.status();
    d.events = std::move(events).value();
    const std::int64_t now = clock_.now();
    d.clocks = desk::compute_clocks(d.c.created_at, rules_->sla.limit_for(d.c.category, d.c.urgency),
                                    rules_->sla.warn_percent, clock_events, now, *calendar_);
    d.c.sla_state = std::string(desk::clock_state_code(desk::case_state(d.clocks, d.c.status == "closed")));
    d.c.response_due = d.clocks.response.due;
    d.c.resolution_due = d.clocks.resolution.due;
    d.c.provisional = d.clocks.resolution.provisional;
    const db::Value p[] = {id};
    auto rep =
        c.query("SELECT u.display_name FROM desk_cases k JOIN users u ON u.id = k.reporter_id WHERE k.id = $1", p);
    if (!rep) return rep.status();
    if (!rep->empty()) d.reporter_name = rep->rows[0].str(0);
    auto att = c.query(
        "SELECT sha256, filename, content_type, size FROM desk_attachments WHERE case_id = $1 ORDER BY filename", p);
    if (!att) return att.status();
    for (const db::Row& r : att->rows) d.attachments.push_back({r.str(0), r.str(1), r.str(2), r.i64(3)});
    auto subs = c.query(
        "SELECT id, department, status, created_at, due, provisional, accepted_at, done_at, note FROM desk_subtasks "
        "WHERE case_id = $1 ORDER BY id",
        p);
    if (!subs) return subs.status();
    for (const db::Row& r : subs->rows) {
        DeskSubtask s;
        s.id = r.i64(0);
        s.case_id = id;
        s.department = r.str(1);
        s.status = r.str(2);
        s.created_at = r.i64(3);
        s.due = r.i64(4);
        s.provisional = r.i64(5) != 0;
        s.accepted_at = db::opt_i64(r, 6);
        s.done_at = db::opt_i64(r, 7);
        s.note = r.str(8);
        if (s.done_at)
            s.sla_state = *s.done_at <= s.due ? "met" : "missed";
        else
            s.sla_state = now > s.due ? "breached" : "ok";
        d.subtasks.push_back(std::move(s));
    }
    // Enterprises see the unit that acted, not the person.
    if (who.role == Role::kEnterprise)
        for (DeskEvent& e : d.events)
            if (e.actor_role != "enterprise") e.actor_name = e.actor_unit;
    auto parties = parties_of(c, who, d.c);
    if (!parties) return parties.status();
    if (who.can(perm::kDeskAct))
        for (const desk::ActionRule& a : rules_->workflow.actions)
            if (may_take(a, *parties) && applicable(a, d.c, now)) d.actions.push_back(&a);
    return d;
}

Result<CaseDetail> DeskService::act(const Principal& who, const RequestContext& ctx, std::int64_t id,
                                    const ActionRequest& req) {
    if (!who.can(perm::kDeskAct)) return Status::forbidden({"无权办理案件", "not allowed to act on cases"});
    if (!rules_) return Status::internal({"服务台规则未加载", "the service desk's rules are not loaded"});
    const desk::ActionRule* rule = rules_->workflow.find(req.action);
    if (!rule) {
        std::string names;
        for (const desk::ActionRule& a : rules_->workflow.actions) names += (names.empty() ? "" : ", ") + a.name;
        return Status::invalid({"action：未知动作“" + req.action + "”；可选：" + names,
                                "action: unknown \"" + req.action + "\"; one of: " + names});
    }
    const std::string reason(trim_space(req.reason));
    if (rule->needs_reason) {
        if (auto s = check_text("reason", reason, 2, 2000); !s) return s;
    } else if (utf8_length(reason) > 2000) {
        return Status::invalid({"reason：不超过2000字", "reason: at most 2000 characters"});
    }
    std::string department;
    if (rule->needs_department) {
        const auto list = responsible_departments();
        const Department* d = list->find(req.department);
        if (!d)
            return Status::invalid({"department：须为责任单位名单中的单位（/api/departments）",
                                    "department: one of the departments (/api/departments)"});
        department = d->name;
    }
    if (rule->needs_rating && (!req.rating || *req.rating < 1 || *req.rating > 5))
        return Status::invalid({"rating：须为1至5分", "rating: 1 to 5"});
    const std::int64_t now = clock_.now();
    Status st = db::in_transaction(db_, [&](db::Connection& c) -> Status {
        auto loaded = load_case(c, who, id);
        if (!loaded) return loaded.status();
        if (!*loaded) return Status::not_found({"案件不存在", "no such case"});
        const CaseRecord& k = **loaded;
        auto parties = parties_of(c, who, k);
        if (!parties) return parties.status();
        if (!may_take(*rule, *parties))
            return Status::forbidden(
                {"“" + rule->label + "”不由您办理", "\"" + rule->label_en + "\" is not yours to take"});
        if (!rule->allowed_from(k.status))
            return Status::conflict({"案件处于“" + k.status + "”，不能“" + rule->label + "”",
                                     "a case in \"" + k.status + "\" cannot be \"" + rule->label_en + "\""});
        if (rule->within_response && (k.responded_at || now > k.response_due))
            return Status::conflict(
                {"已超过响应时限，不能" + rule->label + "（首接负责）",
                 "past the response limit: no " + rule->label_en + " (the first unit owns the case)"});
        if (rule->requires_pending_extension && !k.extension_requested)
            return Status::conflict({"没有待批准的延期申请", "no extension request waits"});
        if (rule->name == "request_extension" && k.extension_requested)
            return Status::conflict({"已有待批准的延期申请", "an extension request already waits"});
        std::optional<int> days;
        if (rule->needs_days) {
            const desk::SlaLimit limit = rules_->sla.limit_for(k.category, k.urgency);
            const int max = limit.max_extension_days;
            if (!req.extension_days || *req.extension_days <= limit.resolution_days || *req.extension_days > max)
                return Status::invalid(
                    {"extension_days：延期后的办理时限须大于" + std::to_string(limit.resolution_days) + "且不超过" +
                         std::to_string(max) + "个工作日",
                     "extension_days: the new limit must exceed " + std::to_string(limit.resolution_days) +
                         " and be at most " + std::to_string(max) + " working days"});
            days = req.extension_days;
        }
        if (rule->name == "approve_extension") days = k.extension_requested;
        if (rule->name == "redispatch" && department == k.lead_department)
            return Status::invalid(
                {"department：改派须换一个责任单位", "department: re-dispatch to another department"});
        const std::string to = rule->to.empty() ? k.status : rule->to;
        // The state the case was read in: a concurrent step makes this one a conflict, not a lost update.
        std::string set = "status = $3, updated_at = $4";
        std::vector<db::Value> p = {id, k.status, to, now};
        if (rule->needs_department) {
            p.emplace_back(department);
            set += ", lead_department = $" + std::to_string(p.size());
        }
        if (rule->name == "return") set += ", lead_department = ''";
        if (rule->clock == "respond") set += ", responded_at = $4";
        if (rule->clock == "resolve") set += ", resolved_at = $4";
        if (rule->clock == "reopen") set += ", resolved_at = NULL";
        if (to == "closed") set += ", closed_at = $4";
        if (rule->needs_rating) {
            p.emplace_back(std::int64_t{*req.rating});
            set += ", rating = $" + std::to_string(p.size());
        }
        if (rule->name == "request_extension") {
            p.emplace_back(std::int64_t{*days});
            set += ", extension_requested = $" + std::to_string(p.size());
        }
        if (rule->requires_pending_extension) set += ", extension_requested = NULL";
        auto upd = c.exec("UPDATE desk_cases SET " + set + " WHERE id = $1 AND status = $2", p);
        if (!upd) return upd.status();
        if (*upd != 1) return Status::conflict({"案件刚被他人办理，请刷新", "the case changed meanwhile; reload it"});
        if (auto s = insert_event(c, id, now, rule->name, k.status, to, rule->clock, &who, reason, department,
                                  rule->needs_rating ? req.rating : std::nullopt, days);
            !s)
            return s;
        if (auto r = store_clocks(c, *rules_, *calendar_, id, now); !r) return r.status();

        // Who hears of it.
        const std::string ref = "#" + std::to_string(id) + " " + k.title;
        auto tell = [&](const std::string& kind, const std::string& value, const std::string& zh,
                        const std::string& en) { return notify(c, kind, value, id, rule->name, zh, en, now); };
        Status n = Status::ok();
        if (rule->name == "dispatch" || rule->name == "redispatch")
            n = tell("department", department, "新案件 " + ref, "New case " + ref);
        else if (rule->name == "return" || rule->name == "request_extension")
            n = tell("desk", "", rule->label + "：" + ref, rule->label_en + ": " + ref);
        else if (rule->name == "request_info" || rule->name == "reply" || rule->name == "approve_extension" ||
                 rule->name == "reject_extension") {
            n = tell("enterprise", k.uscc, rule->label + "：" + ref, rule->label_en + ": " + ref);
            if (n && rule->name != "reply" && rule->name != "request_info")
                n = tell("department", k.lead_department, rule->label + "：" + ref, rule->label_en + ": " + ref);
        } else if (rule->name == "provide_info" || rule->name == "reopen" || rule->name == "confirm")
            n = tell("department", k.lead_department, rule->label + "：" + ref, rule->label_en + ": " + ref);
        if (!n) return n;
        std::string after = "{\"action\":";
        append_json_string(after, rule->name);
        after += ",\"status\":";
        append_json_string(after, to);
        if (!department.empty()) {
            after += ",\"department\":";
            append_json_string(after, department);
        }
        after += "}";
        return append_audit(
            c, who, ctx,
            {"desk.case." + rule->name, "desk_case", std::to_string(id), "{\"status\":\"" + k.status + "\"}", after});
    });
    if (!st) return st;
    return get(who, id);
}

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
                   u);
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
            const db::Value u[] = {id, alerts | add};
            auto w = c.exec("UPDATE desk_cases SET alerts = $2 WHERE id = $1", u);
            return w ? Status::ok() : w.status();
        });
        if (!st) return st;
    }
    return changed;
}

Result<int> DeskService::recompute_provisional() {
    if (!rules_) return 0;
    std::vector<std::int64_t> ids;
    {
        auto lease = db_.acquire();
        if (!lease) return lease.status();
        auto r = (*lease)->query("SELECT id FROM desk_cases WHERE provisional = 1 AND status <> 'closed'");
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
    return n;
}

}  // namespace zx
