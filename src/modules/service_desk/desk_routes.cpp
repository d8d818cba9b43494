// The service desk's routes (docs/service-desk.md): cases, their steps, sub-tasks, attachments, the
// 三张清单 and notifications.
#include "modules/service_desk/permissions.hpp"
#include "modules/service_desk/routes.hpp"

#include "core/clock.hpp"
#include "core/utf8.hpp"
#include "modules/service_desk/desk_export.hpp"
#include "platform/formats/base64.hpp"
#include "platform/formats/csv_parser.hpp"
#include "platform/formats/text_output.hpp"
#include "platform/http/handler_support.hpp"
#include "platform/http/schema.hpp"

namespace zx::service_desk {
namespace {

namespace json = boost::json;
namespace s = http::schema;
using http::Call;

std::string csv_field(std::string_view v) {
    std::string out;
    append_csv_field(out, v);
    return out;
}

json::value opt_int(const std::optional<std::int64_t>& v) {
    return v ? json::value(*v) : json::value(nullptr);
}
json::value opt_int(const std::optional<int>& v) {
    return v ? json::value(*v) : json::value(nullptr);
}

json::value sla_states() {
    return s::one_of_strings({"ok", "warning", "breached", "met", "missed"});
}

json::value case_schema() {
    return s::object(
        {{"id", s::integer()},
         {"uscc", s::string()},
         {"enterprise_name", s::string()},
         {"city", s::string()},
         {"category", s::string("labor | land | energy | finance | logistics | approval | policy | other")},
         {"urgency", s::one_of_strings({"normal", "urgent"})},
         {"title", s::string()},
         {"status", s::string("submitted | dispatched | accepted | in_progress | waiting | replied | closed")},
         {"lead_department", s::string("首接负责单位 / lead department")},
         {"co_departments", s::array(s::string())},
         {"created_at", s::integer()},
         {"updated_at", s::integer()},
         {"response_due", s::integer()},
         {"resolution_due", s::nullable(s::integer())},
         {"provisional", s::boolean("办理期限所在年份的日历尚未发布 / a calendar year not yet loaded")},
         {"responded_at", s::nullable(s::integer())},
         {"resolved_at", s::nullable(s::integer())},
         {"closed_at", s::nullable(s::integer())},
         {"rating", s::nullable(s::integer())},
         {"sla_state", sla_states()},
         {"possible_duplicates", s::array(s::integer())},
         {"escalated", s::boolean()},
         {"extension_requested", s::nullable(s::integer())},
         {"external_source", s::nullable(s::string())},
         {"external_id", s::nullable(s::string())}},
        {"id", "uscc", "city", "category", "urgency", "title", "status", "lead_department", "created_at",
         "response_due", "sla_state"});
}

json::object case_json(const CaseRecord& c) {
    json::array co, dups;
    for (const std::string& d : c.co_departments) co.emplace_back(d);
    for (std::int64_t d : c.possible_duplicates) dups.emplace_back(d);
    return {{"id", c.id},
            {"uscc", c.uscc},
            {"enterprise_name", c.enterprise_name},
            {"city", c.city},
            {"category", c.category},
            {"urgency", c.urgency},
            {"title", c.title},
            {"status", c.status},
            {"lead_department", c.lead_department},
            {"co_departments", std::move(co)},
            {"created_at", c.created_at},
            {"updated_at", c.updated_at},
            {"response_due", c.response_due},
            {"resolution_due", opt_int(c.resolution_due)},
            {"provisional", c.provisional},
            {"responded_at", opt_int(c.responded_at)},
            {"resolved_at", opt_int(c.resolved_at)},
            {"closed_at", opt_int(c.closed_at)},
            {"rating", opt_int(c.rating)},
            {"sla_state", c.sla_state},
            {"possible_duplicates", std::move(dups)},
            {"escalated", c.escalated},
            {"extension_requested", opt_int(c.extension_requested)},
            {"external_source", http::json_opt(c.external_source)},
            {"external_id", http::json_opt(c.external_id)}};
}

json::value detail_schema() {
    json::value v = case_schema();
    json::object& props = v.as_object()["properties"].as_object();
    props["description"] = s::string();
    props["reporter"] = s::string();
    props["attachments"] = s::array(s::object(
        {{"sha256", s::string()}, {"filename", s::string()}, {"content_type", s::string()}, {"size", s::integer()}},
        {"sha256", "filename", "content_type", "size"}));
    props["subtasks"] = s::array(s::object({{"id", s::integer()},
                                            {"department", s::string()},
                                            {"status", s::one_of_strings({"open", "accepted", "done"})},
                                            {"created_at", s::integer()},
                                            {"due", s::integer()},
                                            {"provisional", s::boolean()},
                                            {"accepted_at", s::nullable(s::integer())},
                                            {"done_at", s::nullable(s::integer())},
                                            {"note", s::string()},
                                            {"sla_state", sla_states()}},
                                           {"id", "department", "status", "due", "sla_state"}));
    props["events"] = s::array(s::object({{"id", s::integer()},
                                          {"at", s::integer()},
                                          {"action", s::string()},
                                          {"from", s::string()},
                                          {"to", s::string()},
                                          {"by", s::string("办理人（企业只见单位）/ who (enterprises see the unit)")},
                                          {"by_role", s::string()},
                                          {"unit", s::string()},
                                          {"reason", s::string()},
                                          {"department", s::string()},
                                          {"rating", s::nullable(s::integer())},
                                          {"extension_days", s::nullable(s::integer())}},
                                         {"id", "at", "action"}));
    props["clocks"] = s::object(
        {{"response", s::object({{"limit_hours", s::integer()},
                                 {"due", s::integer()},
                                 {"warn_at", s::integer()},
                                 {"responded_at", s::nullable(s::integer())},
                                 {"state", sla_states()}},
                                {"limit_hours", "due", "state"})},
         {"resolution", s::object({{"limit_working_days", s::integer()},
                                   {"extended_to", s::nullable(s::integer())},
                                   {"due", s::nullable(s::integer())},
                                   {"warn_at", s::nullable(s::integer())},
                                   {"budget_seconds", s::integer()},
                                   {"used_seconds", s::integer()},
                                   {"paused", s::boolean()},
                                   {"provisional", s::boolean()},
                                   {"resolved_at", s::nullable(s::integer())},
                                   {"state", sla_states()}},
                                  {"limit_working_days", "budget_seconds", "used_seconds", "paused", "state"})}},
        {"response", "resolution"});
    props["actions"] = s::array(s::object({{"action", s::string()},
                                           {"label", s::string()},
                                           {"label_en", s::string()},
                                           {"needs_reason", s::boolean()},
                                           {"needs_department", s::boolean()},
                                           {"needs_rating", s::boolean()},
                                           {"needs_days", s::boolean()}},
                                          {"action", "label", "needs_reason"}));
    return v;
}

json::object detail_json(const CaseDetail& d) {
    json::object o = case_json(d.c);
    o["description"] = d.c.description;
    o["reporter"] = d.reporter_name;
    json::array atts, subs, events, actions;
    for (const DeskAttachment& a : d.attachments)
        atts.push_back(json::object{
            {"sha256", a.sha256}, {"filename", a.filename}, {"content_type", a.content_type}, {"size", a.size}});
    for (const DeskSubtask& t : d.subtasks)
        subs.push_back(json::object{{"id", t.id},
                                    {"department", t.department},
                                    {"status", t.status},
                                    {"created_at", t.created_at},
                                    {"due", t.due},
                                    {"provisional", t.provisional},
                                    {"accepted_at", opt_int(t.accepted_at)},
                                    {"done_at", opt_int(t.done_at)},
                                    {"note", t.note},
                                    {"sla_state", t.sla_state}});
    for (const DeskEvent& e : d.events)
        events.push_back(json::object{{"id", e.id},
                                      {"at", e.at},
                                      {"action", e.action},
                                      {"from", e.from},
                                      {"to", e.to},
                                      {"by", e.actor_name},
                                      {"by_role", e.actor_role},
                                      {"unit", e.actor_unit},
                                      {"reason", e.reason},
                                      {"department", e.department},
                                      {"rating", opt_int(e.rating)},
                                      {"extension_days", opt_int(e.extension_days)}});
    for (const desk::ActionRule* a : d.actions)
        actions.push_back(json::object{{"action", a->name},
                                       {"label", a->label},
                                       {"label_en", a->label_en},
                                       {"needs_reason", a->needs_reason},
                                       {"needs_department", a->needs_department},
                                       {"needs_rating", a->needs_rating},
                                       {"needs_days", a->needs_days}});
    const desk::ResponseClock& r = d.clocks.response;
    const desk::ResolutionClock& z = d.clocks.resolution;
    o["clocks"] = json::object{{"response", json::object{{"limit_hours", r.limit_hours},
                                                         {"due", r.due},
                                                         {"warn_at", r.warn_at},
                                                         {"responded_at", opt_int(r.responded_at)},
                                                         {"state", desk::clock_state_code(r.state)}}},
                               {"resolution", json::object{{"limit_working_days", z.limit_days},
                                                           {"extended_to", opt_int(z.extended_to)},
                                                           {"due", opt_int(z.due)},
                                                           {"warn_at", opt_int(z.warn_at)},
                                                           {"budget_seconds", z.budget_seconds},
                                                           {"used_seconds", z.used_seconds},
                                                           {"paused", z.paused},
                                                           {"provisional", z.provisional},
                                                           {"resolved_at", opt_int(z.resolved_at)},
                                                           {"state", desk::clock_state_code(z.state)}}}};
    o["attachments"] = std::move(atts);
    o["subtasks"] = std::move(subs);
    o["events"] = std::move(events);
    o["actions"] = std::move(actions);
    return o;
}

CaseFilter case_filter(const http::Request& req) {
    CaseFilter f;
    f.status = req.q("status").value_or("");
    f.category = req.q("category").value_or("");
    f.urgency = req.q("urgency").value_or("");
    f.city = req.q("city").value_or("");
    f.department = req.q("department").value_or("");
    f.uscc = req.q("uscc").value_or("");
    f.sla = req.q("sla").value_or("");
    f.q = req.q("q").value_or("");
    f.duplicates_only = req.q("duplicates").value_or("") == "true";
    return f;
}

std::vector<http::QueryParam> case_query() {
    return {{"status", "submitted | dispatched | accepted | in_progress | waiting | replied | closed"},
            {"category", "labor | land | energy | finance | logistics | approval | policy | other"},
            {"urgency", "normal | urgent"},
            {"city", "设区市 / city"},
            {"department", "首接负责单位（名称或代码）/ lead department"},
            {"uscc", "统一社会信用代码 / USCC"},
            {"sla", "ok | warning | breached | met | missed"},
            {"q", "标题包含 / title contains"},
            {"duplicates", "true：仅疑似重复 / only possible duplicates", "boolean"},
            {"page", "", "integer"},
            {"page_size", "1–500", "integer"}};
}

json::value task_schema() {
    return s::object({{"kind", s::one_of_strings({"lead", "subtask"})},
                      {"id", s::integer("案件或协办任务ID / case or sub-task id")},
                      {"case_id", s::integer()},
                      {"department", s::string()},
                      {"title", s::string()},
                      {"status", s::string()},
                      {"city", s::string()},
                      {"category", s::string()},
                      {"urgency", s::string()},
                      {"sla_state", sla_states()},
                      {"due", s::nullable(s::integer())}},
                     {"kind", "id", "case_id", "department", "title", "status", "sla_state"});
}

json::object task_json(const DeskTask& t) {
    return {{"kind", t.kind},       {"id", t.id},
            {"case_id", t.case_id}, {"department", t.department},
            {"title", t.title},     {"status", t.status},
            {"city", t.city},       {"category", t.category},
            {"urgency", t.urgency}, {"sla_state", t.sla_state},
            {"due", opt_int(t.due)}};
}

json::value coverage_schema() {
    return s::object({{"uscc", s::string()},
                      {"name", s::string()},
                      {"city", s::string()},
                      {"industry", s::string()},
                      {"commissioner_id", s::nullable(s::integer())},
                      {"commissioner_name", s::string()},
                      {"open_cases", s::integer()}},
                     {"uscc", "name", "city", "commissioner_id", "open_cases"});
}

json::object coverage_json(const CoverageRow& c) {
    return {{"uscc", c.uscc},
            {"name", c.name},
            {"city", c.city},
            {"industry", c.industry},
            {"commissioner_id", opt_int(c.commissioner_id)},
            {"commissioner_name", c.commissioner_name},
            {"open_cases", c.open_cases}};
}

CoverageFilter coverage_filter(const http::Request& req) {
    return {req.q("city").value_or(""), req.q("covered").value_or(""), req.q("commissioner").value_or("")};
}

std::vector<http::QueryParam> coverage_query() {
    return {{"city", "设区市 / city"},
            {"covered", "true | false", "boolean"},
            {"commissioner", "特派员用户ID或 me / commissioner id or me"},
            {"page", "", "integer"},
            {"page_size", "1–500", "integer"}};
}

// Every page of a list, for an export (bounded: the sheet of a list, not a data dump).
template <typename T, typename F>
Result<std::vector<T>> all_pages(F&& page_fn) {
    std::vector<T> out;
    for (int p = 1; p <= 200; ++p) {
        auto page = page_fn(PageRequest{p, kMaxPageSize});
        if (!page) return page.status();
        for (T& x : page->items) out.push_back(std::move(x));
        if (out.size() >= static_cast<std::size_t>(page->total) || page->items.empty()) break;
    }
    return out;
}

json::value kpi_row_schema() {
    return s::object(
        {{"key", s::string("分组取值，合计行为空 / the group's value; empty in the total")},
         {"cases", s::integer()},
         {"response_due", s::integer()},
         {"responded_in_time", s::integer()},
         {"response_rate", s::string("响应率（%，一位小数）/ percent, one decimal; empty when nothing was due")},
         {"resolution_due", s::integer()},
         {"resolved_in_time", s::integer()},
         {"resolution_rate", s::string()},
         {"rated", s::integer()},
         {"satisfied", s::integer()},
         {"satisfaction_rate", s::string()},
         {"respond_median_seconds", s::nullable(s::integer())},
         {"respond_p90_seconds", s::nullable(s::integer())},
         {"resolve_median_seconds", s::nullable(s::integer())},
         {"resolve_p90_seconds", s::nullable(s::integer())},
         {"score", s::string("综合得分（kpi.toml 权重）/ composite score")}},
        {"key", "cases", "response_rate", "resolution_rate", "satisfaction_rate", "score"});
}

json::object kpi_row_json(const service_desk::KpiRow& r) {
    return {{"key", r.key},
            {"cases", r.cases},
            {"response_due", r.response_due},
            {"responded_in_time", r.responded_in_time},
            {"response_rate", r.response_rate},
            {"resolution_due", r.resolution_due},
            {"resolved_in_time", r.resolved_in_time},
            {"resolution_rate", r.resolution_rate},
            {"rated", r.rated},
            {"satisfied", r.satisfied},
            {"satisfaction_rate", r.satisfaction_rate},
            {"respond_median_seconds", opt_int(r.respond_median_seconds)},
            {"respond_p90_seconds", opt_int(r.respond_p90_seconds)},
            {"resolve_median_seconds", opt_int(r.resolve_median_seconds)},
            {"resolve_p90_seconds", opt_int(r.resolve_p90_seconds)},
            {"score", r.score}};
}

service_desk::KpiGroup kpi_group(const http::Request& req) {
    const std::string g = req.q("group").value_or("department");
    auto group = service_desk::parse_kpi_group(g);
    if (!group)
        http::check(Status::data_error(
            {"group：须为 department、city、category 或 week", "group: department, city, category or week"}));
    return *group;
}

KpiQuery kpi_query(const http::Request& req) {
    return {req.q("from").value_or(""), req.q("to").value_or(""), req.q("group").value_or("department")};
}

std::vector<http::QueryParam> kpi_params() {
    return {{"from", "反映日期起（YYYY-MM-DD，北京时间）/ reported from"},
            {"to", "反映日期止（含）/ reported to, inclusive"},
            {"group", "department | city | category | week"}};
}

// The exchange file's cases: JSON {"cases": [...]} or CSV with the header
// source,external_id,uscc,category,urgency,title,description,reported_at (reported_at optional).
std::vector<ExchangeCase> exchange_cases(const http::Request& req) {
    std::vector<ExchangeCase> out;
    if (req.header("content-type").rfind("text/csv", 0) == 0) {
        std::vector<std::string> header;
        bool first = true;
        std::int64_t bad_line = 0;
        const bool ok = scan_csv(
            req.body.data(), req.body.data() + req.body.size(), 1,
            [&](const std::vector<std::string_view>& fields, std::int64_t line) {
                if (first) {
                    for (std::string_view f : fields) header.emplace_back(trim_space(f));
                    first = false;
                    return true;
                }
                ExchangeCase x;
                x.line = line;
                for (std::size_t i = 0; i < fields.size() && i < header.size(); ++i) {
                    const std::string v(fields[i]);
                    const std::string& h = header[i];
                    if (h == "source")
                        x.ref.source = v;
                    else if (h == "external_id")
                        x.ref.id = v;
                    else if (h == "uscc")
                        x.c.uscc = v;
                    else if (h == "category")
                        x.c.category = v;
                    else if (h == "urgency")
                        x.c.urgency = v;
                    else if (h == "title")
                        x.c.title = v;
                    else if (h == "description")
                        x.c.description = v;
                    else if (h == "reported_at")
                        x.ref.reported_at = v;
                }
                out.push_back(std::move(x));
                return true;
            },
            nullptr, &bad_line);
        if (!ok)
            throw http::HttpError::bad_request({"第" + std::to_string(bad_line) + "行：引号未闭合",
                                                "line " + std::to_string(bad_line) + ": unterminated quote"});
        const char* required[] = {"source", "external_id", "uscc", "category", "urgency", "title"};
        for (const char* r : required)
            if (std::find(header.begin(), header.end(), r) == header.end())
                throw http::HttpError::bad_request(
                    {"第1行：缺少列 " + std::string(r), "line 1: missing column " + std::string(r)});
        return out;
    }
    auto body = http::body_object(req);
    const json::value* cases = body.if_contains("cases");
    if (!cases || !cases->is_array()) throw http::HttpError::bad_request({"cases：应为数组", "cases: an array"});
    std::int64_t line = 0;
    for (const json::value& v : cases->as_array()) {
        ++line;
        if (!v.is_object()) throw http::HttpError::bad_request({"cases：应为对象数组", "cases: objects"});
        const json::object& o = v.as_object();
        ExchangeCase x;
        x.line = line;
        x.ref.source = http::get_string(o, "source", false);
        x.ref.id = http::get_string(o, "external_id", false);
        x.ref.reported_at = http::get_string(o, "reported_at", false);
        x.c.uscc = http::get_string(o, "uscc", false);
        x.c.category = http::get_string(o, "category", false);
        x.c.urgency = http::get_string(o, "urgency", false);
        x.c.title = http::get_string(o, "title", false);
        x.c.description = http::get_string(o, "description", false);
        out.push_back(std::move(x));
    }
    return out;
}

}  // namespace

http::RouteTable desk_routes(DeskService& desk) {
    http::RouteTable t;
    t.push_back(
        {.method = "POST",
         .path = "/api/desk/cases",
         .tag = "desk",
         .summary =
             "反映问题（Idempotency-Key 请求头：同一键只建一件）/ report a problem (one case per Idempotency-Key)",
         .permission = &perm::kDeskReport,
         .request = s::object(
             {{"uscc", s::string("企业账号可省略 / implied for enterprises")},
              {"category", s::string("labor | land | energy | finance | logistics | approval | policy | other")},
              {"urgency", s::one_of_strings({"normal", "urgent"})},
              {"title", s::string()},
              {"description", s::string()},
              {"attachments", s::array(s::object({{"filename", s::string()}, {"content_base64", s::string()}},
                                                 {"filename", "content_base64"}))}},
             {"category", "urgency", "title"}),
         .status = 201,
         .response = detail_schema(),
         .errors = {"bad_request", "validation_failed", "conflict"},
         .handler =
             [&desk](Call& c) {
                 auto body = http::body_object(c.req);
                 NewCase n;
                 n.uscc = http::get_string(body, "uscc", false);
                 n.category = http::get_string(body, "category");
                 n.urgency = http::get_string(body, "urgency");
                 n.title = http::get_string(body, "title");
                 n.description = http::get_string(body, "description", false);
                 if (const json::value* atts = body.if_contains("attachments")) {
                     if (!atts->is_array())
                         throw http::HttpError::bad_request({"attachments：应为数组", "attachments: an array"});
                     for (const json::value& a : atts->as_array()) {
                         if (!a.is_object())
                             throw http::HttpError::bad_request({"attachments：应为对象数组", "attachments: objects"});
                         const json::object& o = a.as_object();
                         auto bytes = base64_decode(http::get_string(o, "content_base64"));
                         if (!bytes)
                             throw http::HttpError::bad_request(
                                 {"attachments：content_base64 不是有效的base64", "attachments: invalid base64"});
                         n.attachments.push_back({http::get_string(o, "filename"), std::move(bytes).value()});
                     }
                 }
                 auto out = desk.report(c.who, c.ctx, n, c.req.header("idempotency-key"));
                 http::check(out.status());
                 return http::json_response(detail_json(out->detail), out->replayed ? 200 : 201);
             },
         .options = {.max_body = 72u << 20}});
    t.push_back({.method = "GET",
                 .path = "/api/desk/cases",
                 .tag = "desk",
                 .summary = "问题清单 / cases in scope",
                 .permission = &perm::kDeskRead,
                 .query = case_query(),
                 .response = s::page(case_schema()),
                 .errors = {"bad_request", "validation_failed"},
                 .handler = [&desk](Call& c) {
                     const PageRequest pr = http::page_of(c.req);
                     auto page = desk.list(c.who, case_filter(c.req), pr);
                     http::check(page.status());
                     return http::page_json(*page, pr, case_json);
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/desk/cases/export.xlsx",
                 .tag = "desk",
                 .summary = "导出问题清单 / export the cases (XLSX)",
                 .permission = &perm::kDeskRead,
                 .query = case_query(),
                 .media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 .errors = {"bad_request", "validation_failed"},
                 .handler = [&desk](Call& c) {
                     const CaseFilter f = case_filter(c.req);
                     auto rows = all_pages<CaseRecord>([&](const PageRequest& p) { return desk.list(c.who, f, p); });
                     http::check(rows.status());
                     auto bytes = cases_xlsx(*rows);
                     http::check(bytes.status());
                     return http::Response::file(std::move(bytes).value(), std::string(kXlsxMime), "问题清单.xlsx");
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/desk/cases/{id}",
                 .tag = "desk",
                 .summary = "案件详情、时限与可办理的动作 / a case, its clocks and the steps open to you",
                 .permission = &perm::kDeskRead,
                 .response = detail_schema(),
                 .errors = {"not_found"},
                 .handler = [&desk](Call& c) {
                     auto d = desk.get(c.who, http::path_id(c.req, "id"));
                     http::check(d.status());
                     return http::json_response(detail_json(*d));
                 }});
    t.push_back({.method = "POST",
                 .path = "/api/desk/cases/{id}/actions",
                 .tag = "desk",
                 .summary = "办理一步（状态机见 policies/service_desk/workflow.toml）/ take a step of the case",
                 .permission = &perm::kDeskAct,
                 .request = s::object({{"action", s::string()},
                                       {"reason", s::string()},
                                       {"department", s::string()},
                                       {"rating", s::integer("1–5")},
                                       {"extension_days", s::integer("延期后的办理时限（工作日）/ the new limit")}},
                                      {"action"}),
                 .response = detail_schema(),
                 .errors = {"bad_request", "not_found", "conflict"},
                 .handler = [&desk](Call& c) {
                     auto body = http::body_object(c.req);
                     ActionRequest a;
                     a.action = http::get_string(body, "action");
                     a.reason = http::get_string(body, "reason", false);
                     a.department = http::get_string(body, "department", false);
                     if (auto r = http::get_int(body, "rating"))
                         a.rating = static_cast<int>(std::clamp<std::int64_t>(*r, -1, 99));
                     if (auto d = http::get_int(body, "extension_days"))
                         a.extension_days = static_cast<int>(std::clamp<std::int64_t>(*d, -1, 9999));
                     auto d = desk.act(c.who, c.ctx, http::path_id(c.req, "id"), a);
                     http::check(d.status());
                     return http::json_response(detail_json(*d));
                 }});
    t.push_back(
        {.method = "POST",
         .path = "/api/desk/subtasks/{id}/actions",
         .tag = "desk",
         .summary = "协办任务：受理或办结 / a co-handler accepts or completes its sub-task",
         .permission = &perm::kDeskAct,
         .request =
             s::object({{"action", s::one_of_strings({"accept", "complete"})}, {"reason", s::string()}}, {"action"}),
         .response = s::ok(),
         .errors = {"bad_request", "not_found", "conflict"},
         .handler = [&desk](Call& c) {
             auto body = http::body_object(c.req);
             http::check(desk.subtask_act(c.who, c.ctx, http::path_id(c.req, "id"), http::get_string(body, "action"),
                                          http::get_string(body, "reason", false)));
             return http::json_response(json::object{{"ok", true}});
         }});
    t.push_back({.method = "GET",
                 .path = "/api/desk/cases/{id}/attachments/{sha256}",
                 .tag = "desk",
                 .summary = "下载附件（不在浏览器内打开）/ download an attachment",
                 .permission = &perm::kDeskRead,
                 .media = "application/octet-stream",
                 .errors = {"not_found"},
                 .handler = [&desk](Call& c) {
                     auto a = desk.attachment(c.who, http::path_id(c.req, "id"), c.req.params.at("sha256"));
                     http::check(a.status());
                     http::Response r =
                         http::Response::file(std::move(a->second), a->first.content_type, a->first.filename);
                     r.headers.emplace_back("X-Content-Type-Options", "nosniff");
                     r.headers.emplace_back("Content-Security-Policy", "sandbox");
                     return r;
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/desk/tasks",
                 .tag = "desk",
                 .summary = "任务清单：本单位首接与协办、按期限排序 / the department's tasks, soonest due first",
                 .permission = &perm::kDeskTaskRead,
                 .query = {{"department", "省级查看某单位 / the province names one"},
                           {"page", "", "integer"},
                           {"page_size", "1–500", "integer"}},
                 .response = s::page(task_schema()),
                 .errors = {"validation_failed"},
                 .handler = [&desk](Call& c) {
                     const PageRequest pr = http::page_of(c.req);
                     auto page = desk.tasks(c.who, c.req.q("department").value_or(""), pr);
                     http::check(page.status());
                     return http::page_json(*page, pr, task_json);
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/desk/tasks/export.xlsx",
                 .tag = "desk",
                 .summary = "导出任务清单 / export the task list (XLSX)",
                 .permission = &perm::kDeskTaskRead,
                 .query = {{"department", "省级查看某单位 / the province names one"}},
                 .media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 .errors = {"validation_failed"},
                 .handler = [&desk](Call& c) {
                     const std::string dep = c.req.q("department").value_or("");
                     auto rows = all_pages<DeskTask>([&](const PageRequest& p) { return desk.tasks(c.who, dep, p); });
                     http::check(rows.status());
                     auto bytes = tasks_xlsx(*rows);
                     http::check(bytes.status());
                     return http::Response::file(std::move(bytes).value(), std::string(kXlsxMime), "任务清单.xlsx");
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/desk/enterprises",
                 .tag = "desk",
                 .summary = "企业清单：规上企业与联系的特派员 / enterprises and their commissioners",
                 .permission = &perm::kDeskCoverageRead,
                 .query = coverage_query(),
                 .response = s::page(coverage_schema()),
                 .errors = {"validation_failed"},
                 .handler = [&desk](Call& c) {
                     const PageRequest pr = http::page_of(c.req);
                     auto page = desk.coverage(c.who, coverage_filter(c.req), pr);
                     http::check(page.status());
                     return http::page_json(*page, pr, coverage_json);
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/desk/enterprises/export.xlsx",
                 .tag = "desk",
                 .summary = "导出企业清单 / export the enterprise list (XLSX)",
                 .permission = &perm::kDeskCoverageRead,
                 .query = coverage_query(),
                 .media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 .errors = {"validation_failed"},
                 .handler = [&desk](Call& c) {
                     const CoverageFilter f = coverage_filter(c.req);
                     auto rows =
                         all_pages<CoverageRow>([&](const PageRequest& p) { return desk.coverage(c.who, f, p); });
                     http::check(rows.status());
                     auto bytes = coverage_xlsx(*rows);
                     http::check(bytes.status());
                     return http::Response::file(std::move(bytes).value(), std::string(kXlsxMime), "企业清单.xlsx");
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/desk/commissioners",
                 .tag = "desk",
                 .summary = "特派员及其联系企业数 / commissioners and their load",
                 .permission = &perm::kDeskCoverageRead,
                 .response = s::items(s::object({{"id", s::integer()},
                                                 {"username", s::string()},
                                                 {"display_name", s::string()},
                                                 {"city", s::string()},
                                                 {"assigned", s::integer()}},
                                                {"id", "username", "display_name", "city", "assigned"})),
                 .handler = [&desk](Call& c) {
                     auto list = desk.commissioners(c.who);
                     http::check(list.status());
                     return http::items_json(*list, [](const Commissioner& m) {
                         return json::object{{"id", m.id},
                                             {"username", m.username},
                                             {"display_name", m.display_name},
                                             {"city", m.city},
                                             {"assigned", m.assigned}};
                     });
                 }});
    t.push_back({.method = "POST",
                 .path = "/api/desk/assignments",
                 .tag = "desk",
                 .summary = "为企业指定特派员 / assign enterprises to a commissioner",
                 .permission = &perm::kDeskCoverageWrite,
                 .request = s::object({{"uscc", s::array(s::string())}, {"commissioner_id", s::integer()}},
                                      {"uscc", "commissioner_id"}),
                 .response = s::object({{"assigned", s::integer()}}, {"assigned"}),
                 .errors = {"bad_request", "validation_failed"},
                 .handler = [&desk](Call& c) {
                     auto body = http::body_object(c.req);
                     std::vector<std::string> usccs;
                     const json::value* list = body.if_contains("uscc");
                     if (!list || !list->is_array())
                         throw http::HttpError::bad_request({"uscc：应为字符串数组", "uscc: an array of strings"});
                     for (const json::value& v : list->as_array()) {
                         if (!v.is_string())
                             throw http::HttpError::bad_request({"uscc：应为字符串数组", "uscc: an array of strings"});
                         usccs.emplace_back(v.as_string());
                     }
                     const auto id = http::get_int(body, "commissioner_id");
                     if (!id)
                         throw http::HttpError::bad_request({"缺少 commissioner_id", "commissioner_id is required"});
                     auto n = desk.assign(c.who, c.ctx, usccs, *id);
                     http::check(n.status());
                     return http::json_response(json::object{{"assigned", *n}});
                 }});
    t.push_back(
        {.method = "POST",
         .path = "/api/desk/assignments/auto",
         .tag = "desk",
         .summary = "未覆盖企业自动分配（同城优先、负荷均衡）/ assign uncovered enterprises (same city, least load)",
         .permission = &perm::kDeskCoverageWrite,
         .request = s::object({{"city", s::string()}}, {}),
         .response = s::object({{"assigned", s::integer()}}, {"assigned"}),
         .errors = {"bad_request", "validation_failed", "conflict"},
         .handler = [&desk](Call& c) {
             auto body = http::body_object(c.req);
             auto n = desk.auto_assign(c.who, c.ctx, http::get_string(body, "city", false));
             http::check(n.status());
             return http::json_response(json::object{{"assigned", *n}});
         }});
    t.push_back({.method = "GET",
                 .path = "/api/desk/notifications",
                 .tag = "desk",
                 .summary = "通知与未读数 / notifications and the unread count",
                 .permission = &perm::kDeskRead,
                 .query = {{"limit", "1–200", "integer"}},
                 .response = s::object({{"unread", s::integer()},
                                        {"items", s::array(s::object({{"id", s::integer()},
                                                                      {"case_id", s::nullable(s::integer())},
                                                                      {"kind", s::string()},
                                                                      {"text", s::string()},
                                                                      {"text_en", s::string()},
                                                                      {"created_at", s::integer()},
                                                                      {"read", s::boolean()}},
                                                                     {"id", "kind", "text", "created_at", "read"}))}},
                                       {"unread", "items"}),
                 .errors = {"bad_request"},
                 .handler = [&desk](Call& c) {
                     int limit = 50;
                     if (auto l = c.req.q("limit")) {
                         try {
                             limit = std::stoi(*l);
                         } catch (...) {
                             throw http::HttpError::bad_request({"limit：应为整数", "limit: an integer"});
                         }
                     }
                     auto n = desk.notifications(c.who, limit);
                     http::check(n.status());
                     json::array items;
                     for (const DeskNotification& x : n->second)
                         items.push_back(json::object{{"id", x.id},
                                                      {"case_id", opt_int(x.case_id)},
                                                      {"kind", x.kind},
                                                      {"text", x.text},
                                                      {"text_en", x.text_en},
                                                      {"created_at", x.created_at},
                                                      {"read", x.read}});
                     return http::json_response(json::object{{"unread", n->first}, {"items", std::move(items)}});
                 }});
    t.push_back({.method = "POST",
                 .path = "/api/desk/notifications/read",
                 .tag = "desk",
                 .summary = "标记已读 / mark notifications read",
                 .permission = &perm::kDeskAct,  // auditors read, and change nothing
                 .request = s::object({{"ids", s::array(s::integer())}, {"all", s::boolean()}}, {}),
                 .response = s::ok(),
                 .errors = {"bad_request"},
                 .handler = [&desk](Call& c) {
                     auto body = http::body_object(c.req);
                     std::vector<std::int64_t> ids;
                     if (const json::value* v = body.if_contains("ids"); v && v->is_array())
                         for (const json::value& x : v->as_array())
                             if (x.is_int64()) ids.push_back(x.as_int64());
                     const json::value* all = body.if_contains("all");
                     http::check(desk.mark_read(c.who, ids, all && all->is_bool() && all->as_bool()));
                     return http::json_response(json::object{{"ok", true}});
                 }});
    t.push_back(
        {.method = "GET",
         .path = "/api/desk/meta",
         .tag = "desk",
         .summary =
             "服务台的类别、状态、动作与时限（规则文件）/ categories, states, actions and limits from the rules files",
         .permission = &perm::kDeskRead,
         .response = s::any_object(),
         .handler = [&desk](Call&) {
             const desk::DeskRules* r = desk.rules();
             if (!r) http::check(Status::internal({"服务台规则未加载", "the service desk's rules are not loaded"}));
             json::array cats, states, actions;
             for (const desk::Category& c : r->routing.categories) {
                 const desk::RoutingRule* rule = r->routing.route(c.code, "");
                 json::array co;
                 if (rule)
                     for (const std::string& d : rule->co) co.emplace_back(d);
                 const desk::SlaLimit n = r->sla.limit_for(c.code, "normal"), u = r->sla.limit_for(c.code, "urgent");
                 cats.push_back(json::object{{"code", c.code},
                                             {"name", c.name},
                                             {"lead", rule ? rule->lead : ""},
                                             {"co", std::move(co)},
                                             {"normal", json::object{{"response_hours", n.response_hours},
                                                                     {"resolution_days", n.resolution_days}}},
                                             {"urgent", json::object{{"response_hours", u.response_hours},
                                                                     {"resolution_days", u.resolution_days}}}});
             }
             for (const std::string& st : r->workflow.states) states.emplace_back(st);
             for (const desk::ActionRule& a : r->workflow.actions)
                 actions.push_back(json::object{{"action", a.name}, {"label", a.label}, {"label_en", a.label_en}});
             return http::json_response(json::object{{"versions", json::object{{"workflow", r->workflow.version},
                                                                               {"sla", r->sla.version},
                                                                               {"routing", r->routing.version}}},
                                                     {"categories", std::move(cats)},
                                                     {"states", std::move(states)},
                                                     {"actions", std::move(actions)},
                                                     {"warn_percent", r->sla.warn_percent}});
         }});
    t.push_back(
        {.method = "GET",
         .path = "/api/desk/kpi",
         .tag = "desk",
         .summary =
             "指挥部考核指标：响应率、解决率、满意率、用时中位数与P90 / KPIs by department, city, category or week",
         .permission = &perm::kDeskKpi,
         .query = kpi_params(),
         .response = s::object({{"version", s::integer("kpi.toml 版本 / parameter set")},
                                {"group", s::string()},
                                {"rows", s::array(kpi_row_schema())},
                                {"total", kpi_row_schema()}},
                               {"version", "group", "rows", "total"}),
         .errors = {"validation_failed"},
         .handler = [&desk](Call& c) {
             const service_desk::KpiGroup group = kpi_group(c.req);
             auto facts = desk.kpi_facts(c.who, kpi_query(c.req));
             http::check(facts.status());
             const service_desk::KpiReport rep = service_desk::compute_kpi(*facts, group, desk.rules()->kpi);
             json::array rows;
             for (const service_desk::KpiRow& r : rep.rows) rows.push_back(kpi_row_json(r));
             return http::json_response(json::object{{"version", desk.rules()->kpi.version},
                                                     {"group", c.req.q("group").value_or("department")},
                                                     {"rows", std::move(rows)},
                                                     {"total", kpi_row_json(rep.total)}});
         }});
    {
        std::vector<http::QueryParam> q = kpi_params();
        q.push_back({"key", "分组取值，省略为合计 / the group's value; absent: the total"});
        q.push_back({"metric",
                     "（默认 cases）cases | response_due | responded_in_time | response_missed | resolution_due | "
                     "resolved_in_time "
                     "| resolution_missed | rated | satisfied | unsatisfied"});
        t.push_back({.method = "GET",
                     .path = "/api/desk/kpi/cases",
                     .tag = "desk",
                     .summary = "某一指标背后的案件 / the cases behind a figure",
                     .permission = &perm::kDeskKpi,
                     .query = std::move(q),
                     .response = s::object({{"ids", s::array(s::integer())}}, {"ids"}),
                     .errors = {"validation_failed"},
                     .handler = [&desk](Call& c) {
                         const service_desk::KpiGroup group = kpi_group(c.req);
                         auto metric = service_desk::parse_kpi_metric(c.req.q("metric").value_or("cases"));
                         if (!metric) http::check(Status::data_error({"metric：未知指标", "metric: unknown figure"}));
                         auto facts = desk.kpi_facts(c.who, kpi_query(c.req));
                         http::check(facts.status());
                         const auto key = c.req.q("key");
                         const auto ids = service_desk::kpi_case_ids(
                             *facts, group, key ? std::optional<std::string_view>(*key) : std::nullopt, *metric,
                             desk.rules()->kpi);
                         json::array a;
                         for (std::int64_t id : ids) a.emplace_back(id);
                         return http::json_response(json::object{{"ids", std::move(a)}});
                     }});
    }
    t.push_back({.method = "GET",
                 .path = "/api/desk/kpi/export.xlsx",
                 .tag = "desk",
                 .summary = "月度考核表（按责任单位）/ the monthly KPI table by department (XLSX)",
                 .permission = &perm::kDeskKpi,
                 .query = {{"month", "YYYY-MM（北京时间反映月份，默认本月）/ month of report, this month by default"}},
                 .media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 .errors = {"validation_failed"},
                 .handler = [&desk](Call& c) {
                     // This month (Beijing time) unless one is named.
                     const std::string month =
                         c.req.q("month").value_or(format_date(beijing_date(unix_now())).substr(0, 7));
                     auto ym = parse_year_month(month);
                     if (!ym) http::check(Status::data_error({"month：须为 YYYY-MM", "month: YYYY-MM"}));
                     const KpiQuery q{format_date(Date::first_of(*ym)), format_date(Date::last_of(*ym)), "department"};
                     auto facts = desk.kpi_facts(c.who, q);
                     http::check(facts.status());
                     const service_desk::KpiReport rep =
                         service_desk::compute_kpi(*facts, service_desk::KpiGroup::kDepartment, desk.rules()->kpi);
                     auto bytes = kpi_xlsx(rep, month);
                     http::check(bytes.status());
                     return http::Response::file(std::move(bytes).value(), std::string(kXlsxMime),
                                                 "服务台考核表-" + month + ".xlsx");
                 }});
    t.push_back(
        {.method = "POST",
         .path = "/api/desk/exchange/import",
         .tag = "desk",
         .summary =
             "导入12345、桂商码等外部案件（按来源与外部编号去重，全部或全不）/ import other systems' cases, each "
             "once, all or nothing",
         .permission = &perm::kDeskExchange,
         .request = s::object(
             {{"cases", s::array(s::object({{"source", s::string("12345 | gsm | …")},
                                            {"external_id", s::string()},
                                            {"uscc", s::string()},
                                            {"category", s::string()},
                                            {"urgency", s::one_of_strings({"normal", "urgent"})},
                                            {"title", s::string()},
                                            {"description", s::string()},
                                            {"reported_at", s::string("外部受理时间 / when they took it")}},
                                           {"source", "external_id", "uscc", "category", "urgency", "title"}))}},
             {"cases"}),
         .request_media = {"text/csv"},
         .response = s::object({{"created", s::integer()}, {"existing", s::integer()}, {"ids", s::array(s::integer())}},
                               {"created", "existing", "ids"}),
         .errors = {"bad_request", "validation_failed"},
         .handler =
             [&desk](Call& c) {
                 auto out = desk.import_cases(c.who, c.ctx, exchange_cases(c.req));
                 http::check(out.status());
                 json::array ids;
                 for (std::int64_t id : out->ids) ids.emplace_back(id);
                 return http::json_response(
                     json::object{{"created", out->created}, {"existing", out->existing}, {"ids", std::move(ids)}});
             },
         .options = {.max_body = 32u << 20}});
    for (const bool csv : {false, true}) {
        t.push_back(
            {.method = "GET",
             .path = csv ? "/api/desk/exchange/answers.csv" : "/api/desk/exchange/answers",
             .tag = "desk",
             .summary = "外部案件的办理结果（自某时起有变化的）/ the answers to another system's cases, changed since",
             .permission = &perm::kDeskExchange,
             .query = {{"source", "来源系统 / the system"},
                       {"since", "Unix 秒，含 / changed at or after", "integer"},
                       {"limit", "1–10000", "integer"}},
             .media = csv ? "text/csv" : "application/json",
             .response = csv ? json::value()
                             : s::items(s::object({{"id", s::integer()},
                                                   {"source", s::string()},
                                                   {"external_id", s::string()},
                                                   {"status", s::string()},
                                                   {"lead_department", s::string()},
                                                   {"reply", s::string()},
                                                   {"responded_at", s::nullable(s::integer())},
                                                   {"resolved_at", s::nullable(s::integer())},
                                                   {"closed_at", s::nullable(s::integer())},
                                                   {"rating", s::nullable(s::integer())},
                                                   {"updated_at", s::integer()}},
                                                  {"id", "source", "external_id", "status", "updated_at"})),
             .errors = {"bad_request"},
             .handler = [&desk, csv](Call& c) {
                 std::int64_t since = 0;
                 int limit = 1000;
                 try {
                     since = std::stoll(c.req.q("since").value_or("0"));
                     limit = std::stoi(c.req.q("limit").value_or("1000"));
                 } catch (...) {
                     throw http::HttpError::bad_request({"since、limit 应为整数", "since, limit: integers"});
                 }
                 auto rows = desk.exchange_answers(c.who, c.req.q("source").value_or(""), since, limit);
                 http::check(rows.status());
                 if (csv) {
                     std::string out =
                         "id,source,external_id,status,lead_department,reply,responded_at,resolved_at,closed_at,"
                         "rating,updated_at\n";
                     const auto n = [](const auto& v) { return v ? std::to_string(*v) : std::string(); };
                     for (const ExchangeAnswer& a : *rows)
                         out += std::to_string(a.id) + "," + csv_field(a.source) + "," + csv_field(a.external_id) +
                                "," + a.status + "," + csv_field(a.lead_department) + "," + csv_field(a.reply) + "," +
                                n(a.responded_at) + "," + n(a.resolved_at) + "," + n(a.closed_at) + "," + n(a.rating) +
                                "," + std::to_string(a.updated_at) + "\n";
                     return http::Response::file(std::move(out), "text/csv; charset=utf-8", "answers.csv");
                 }
                 return http::items_json(*rows, [](const ExchangeAnswer& a) {
                     return json::object{{"id", a.id},
                                         {"source", a.source},
                                         {"external_id", a.external_id},
                                         {"status", a.status},
                                         {"lead_department", a.lead_department},
                                         {"reply", a.reply},
                                         {"responded_at", opt_int(a.responded_at)},
                                         {"resolved_at", opt_int(a.resolved_at)},
                                         {"closed_at", opt_int(a.closed_at)},
                                         {"rating", opt_int(a.rating)},
                                         {"updated_at", a.updated_at}};
                 });
             }});
    }
    const json::value hook_schema =
        s::object({{"id", s::integer()},
                   {"department", s::string()},
                   {"url", s::string()},
                   {"enabled", s::boolean()},
                   {"secret", s::string("仅创建或轮换时返回一次 / only when created or rotated")},
                   {"updated_at", s::integer()},
                   {"pending", s::integer()},
                   {"failed", s::integer()}},
                  {"id", "department", "url", "enabled", "updated_at"});
    const auto hook_json = [](const Webhook& w) {
        json::object o{{"id", w.id},           {"department", w.department}, {"url", w.url},
                       {"enabled", w.enabled}, {"updated_at", w.updated_at}, {"pending", w.pending},
                       {"failed", w.failed}};
        if (!w.secret.empty()) o["secret"] = w.secret;
        return o;
    };
    t.push_back({.method = "GET",
                 .path = "/api/desk/webhooks",
                 .tag = "desk",
                 .summary = "各单位的推送地址 / the departments' webhooks",
                 .permission = &perm::kDeskWebhookRead,
                 .response = s::items(hook_schema),
                 .handler = [&desk, hook_json](Call& c) {
                     auto list = desk.webhooks(c.who);
                     http::check(list.status());
                     return http::items_json(*list, hook_json);
                 }});
    t.push_back(
        {.method = "PUT",
         .path = "/api/desk/webhooks",
         .tag = "desk",
         .summary = "设置单位推送地址（签名密钥仅显示一次）/ set a department's webhook (the secret is shown once)",
         .permission = &perm::kDeskWebhookWrite,
         .request = s::object({{"department", s::string()},
                               {"url", s::string("http(s)://…")},
                               {"enabled", s::boolean()},
                               {"rotate", s::boolean("换新密钥 / issue a new secret")}},
                              {"department", "url"}),
         .response = hook_schema,
         .errors = {"bad_request"},
         .handler = [&desk, hook_json](Call& c) {
             auto body = http::body_object(c.req);
             const auto flag = [&body](const char* k, bool dflt) {
                 const json::value* v = body.if_contains(k);
                 return v && v->is_bool() ? v->as_bool() : dflt;
             };
             auto w = desk.set_webhook(c.who, c.ctx, http::get_string(body, "department"),
                                       http::get_string(body, "url"), flag("enabled", true), flag("rotate", false));
             http::check(w.status());
             return http::json_response(hook_json(*w));
         }});
    t.push_back({.method = "GET",
                 .path = "/api/desk/webhooks/deliveries",
                 .tag = "desk",
                 .summary = "推送记录 / the delivery log",
                 .permission = &perm::kDeskWebhookRead,
                 .query = {{"status", "pending | delivered | failed"},
                           {"page", "", "integer"},
                           {"page_size", "1–500", "integer"}},
                 .response = s::page(s::object({{"id", s::integer()},
                                                {"webhook_id", s::integer()},
                                                {"case_id", s::nullable(s::integer())},
                                                {"department", s::string()},
                                                {"event", s::string()},
                                                {"status", s::one_of_strings({"pending", "delivered", "failed"})},
                                                {"attempts", s::integer()},
                                                {"last_status", s::nullable(s::integer())},
                                                {"last_error", s::string()},
                                                {"next_at", s::nullable(s::integer())},
                                                {"delivered_at", s::nullable(s::integer())},
                                                {"created_at", s::integer()}},
                                               {"id", "department", "event", "status", "attempts", "created_at"})),
                 .errors = {"validation_failed"},
                 .handler = [&desk](Call& c) {
                     const PageRequest pr = http::page_of(c.req);
                     auto page = desk.deliveries(c.who, c.req.q("status").value_or(""), pr);
                     http::check(page.status());
                     return http::page_json(*page, pr, [](const WebhookDelivery& d) {
                         return json::object{{"id", d.id},
                                             {"webhook_id", d.webhook_id},
                                             {"case_id", opt_int(d.case_id)},
                                             {"department", d.department},
                                             {"event", d.event},
                                             {"status", d.status},
                                             {"attempts", d.attempts},
                                             {"last_status", opt_int(d.last_status)},
                                             {"last_error", d.last_error},
                                             {"next_at", opt_int(d.next_at)},
                                             {"delivered_at", opt_int(d.delivered_at)},
                                             {"created_at", d.created_at}};
                     });
                 }});
    return t;
}

}  // namespace zx::service_desk
