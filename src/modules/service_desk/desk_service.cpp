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
#include "modules/enterprise_data/list_filters.hpp"
#include "modules/service_desk/rules/similarity.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/formats/base64.hpp"
#include "platform/formats/file_type.hpp"
#include "platform/storage/page.hpp"
#include "platform/storage/query.hpp"

namespace zx {

using namespace desk_internal;  // NOLINT(google-build-using-namespace): the module's own internals

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
    // The project's list filters: an unknown value is a 422 naming the parameter and what it accepts.
    std::vector<std::string_view> states(rules_->workflow.states.begin(), rules_->workflow.states.end());
    std::vector<std::string_view> categories;
    for (const desk::Category& c : rules_->routing.categories) categories.emplace_back(c.code);
    for (Status s : {check_filter("status", f.status, states), check_filter("category", f.category, categories),
                     check_filter("urgency", f.urgency, {"normal", "urgent"}),
                     check_filter("sla", f.sla, {"ok", "warning", "breached", "met", "missed"})})
        if (!s) return s;
    auto dep = department_filter(f.department);
    if (!dep) return dep.status();
    const std::string department = *dep;
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    // Three queries over desk_cases alone where they can (bench/desk_bench.cpp, 1M cases): the count and
    // the page's ids without the enterprises join (a LEFT JOIN on its primary key changes neither, but
    // SQLite keeps it, one lookup per counted or skipped row), then the page's rows with the names.
    const auto filtered = [&](db::Query& q, bool scoped) {
        if (scoped) q.where(case_scope(who, q.params()));
        q.where_if("c.status", "=", f.status);
        q.where_if("c.category", "=", f.category);
        q.where_if("c.urgency", "=", f.urgency);
        q.where_if("c.city", "=", f.city);
        q.where_if("c.lead_department", "=", department);
        q.where_if("c.uscc", "=", f.uscc);
        q.where_if("c.sla_state", "=", f.sla);
        if (!f.q.empty())
            q.where("c.title LIKE " + q.bind("%" + escape_like(f.q) + "%") + " ESCAPE '" + std::string(1, kLikeEscape) +
                    "'");
        if (f.duplicates_only) q.where("c.duplicates <> '[]'");
        q.order_by("c.id DESC");
    };
    db::Query ids("c.id", "desk_cases c");
    filtered(ids, true);
    Result<std::int64_t> total = std::int64_t{0};
    if (who.scope().kind == Scope::Kind::kDepartment) {
        // A department's count in two parts that each read an index: the cases it leads, plus the other
        // cases it co-handles. Counting "leads OR co-handles" made PostgreSQL filter every case through the
        // hashed sub-task ids (0.4 s at 1M cases) and SQLite union and re-read them.
        const std::string dept = who.scope().value;
        db::Query lead("c.id", "desk_cases c");
        lead.where("c.lead_department = " + lead.bind(dept));
        filtered(lead, false);
        // Without other filters the co-handled part needs no case row: its sub-tasks' case ids, less those
        // it also leads (an anti-join on the lead index; 120 ms instead of 280 ms in PostgreSQL at 1M).
        const bool unfiltered = f.status.empty() && f.category.empty() && f.urgency.empty() && f.city.empty() &&
                                department.empty() && f.uscc.empty() && f.sla.empty() && f.q.empty() &&
                                !f.duplicates_only;
        db::Query co("COUNT(DISTINCT st.case_id)",
                     unfiltered ? "desk_subtasks st" : "desk_subtasks st JOIN desk_cases c ON c.id = st.case_id");
        const std::string ph = co.bind(dept);
        co.where("st.department = " + ph +
                 " AND NOT EXISTS (SELECT 1 FROM desk_cases k WHERE k.id = st.case_id AND k.lead_department = " + ph +
                 ")");
        if (!unfiltered) filtered(co, false);
        co.order_by("");
        auto n_lead = lead.count(**lease);
        if (!n_lead) return n_lead.status();
        auto n_co = co.first(**lease, 1);
        if (!n_co) return n_co.status();
        total = *n_lead + n_co->rows.at(0).i64(0);
    } else {
        total = ids.count(**lease);
    }
    if (!total) return total.status();
    auto page_ids = ids.rows(**lease, pr);
    if (!page_ids) return page_ids.status();
    Page<CaseRecord> out;
    out.total = *total;
    if (page_ids->empty()) return out;
    db::Query q(kCaseCols, kCaseFrom);
    std::string in;
    for (const db::Row& r : page_ids->rows) in += (in.empty() ? "" : ", ") + q.bind(r.i64(0));
    q.where("c.id IN (" + in + ")");
    q.order_by("c.id DESC");
    auto rows = q.first(**lease, kMaxPageSize);
    if (!rows) return rows.status();
    out.items.reserve(rows->size());
    for (const db::Row& r : rows->rows) out.items.push_back(case_from_row(r));
    return out;
}

Result<CaseDetail> DeskService::get(const Principal& who, std::int64_t id) {
    return detail(who, id, true);
}

Result<CaseDetail> DeskService::detail(const Principal& who, std::int64_t id, bool scoped) {
    if (!who.can(perm::kDeskRead)) return Status::forbidden({"无权查看案件", "not allowed to read cases"});
    if (!rules_) return Status::internal({"服务台规则未加载", "the service desk's rules are not loaded"});
    auto lease = db_.acquire();
    if (!lease) return lease.status();
    db::Connection& c = **lease;
    Principal all;
    all.user_id = who.user_id;
    all.role = Role::kProvinceAdmin;
    auto k = load_case(c, scoped ? who : all, id);
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
        // A merge names an open case of the same enterprise; the event keeps which (never silent).
        std::string merge_note;
        if (rule->needs_target) {
            if (!req.target || *req.target == id)
                return Status::invalid({"target：须指定被合并到的另一案件", "target: the case this one merges into"});
            const db::Value tp[] = {*req.target};
            auto t = c.query("SELECT uscc, status FROM desk_cases WHERE id = $1", tp);
            if (!t) return t.status();
            if (t->empty() || t->rows[0].str(0) != k.uscc || t->rows[0].str(1) == "closed")
                return Status::invalid(
                    {"target：须为同一企业未办结的案件", "target: an open case of the same enterprise"});
            merge_note = "合并至 #" + std::to_string(*req.target) + "：";
        }
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
        if (auto s = insert_event(c, id, now, rule->name, k.status, to, rule->clock, &who, merge_note + reason,
                                  department, rule->needs_rating ? req.rating : std::nullopt, days);
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
    // The one who took the step is answered with the case even when the step took it out of their
    // scope (a re-dispatch or 退回 hands it on); the actions offered are still computed for them.
    return detail(who, id, false);
}

}  // namespace zx
