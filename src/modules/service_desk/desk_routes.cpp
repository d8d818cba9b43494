// The service desk's routes (docs/service-desk.md): cases, their steps, sub-tasks and attachments here;
// the 三张清单, notifications and meta in desk_list_routes.cpp; KPIs, the exchange and webhooks in
// desk_admin_routes.cpp.
#include "modules/service_desk/permissions.hpp"
#include "modules/service_desk/routes.hpp"

#include "modules/service_desk/desk_export.hpp"
#include "modules/service_desk/desk_route_support.hpp"
#include "platform/formats/base64.hpp"
#include "platform/http/handler_support.hpp"
#include "platform/http/schema.hpp"

namespace zx::service_desk {
namespace {

namespace json = boost::json;
namespace s = http::schema;
using http::Call;

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
                                           {"needs_days", s::boolean()},
                                           {"needs_target", s::boolean()}},
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
                                       {"needs_days", a->needs_days},
                                       {"needs_target", a->needs_target}});
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
                                       {"extension_days", s::integer("延期后的办理时限（工作日）/ the new limit")},
                                       {"target", s::integer("合并到的案件（merge）/ the case merged into")}},
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
                     a.target = http::get_int(body, "target");
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
    add_list_routes(t, desk);
    add_admin_routes(t, desk);
    return t;
}

}  // namespace zx::service_desk
