// The service desk's 三张清单 (tasks, enterprises and their commissioners), notifications and the rules'
// meta (docs/service-desk.md); desk_routes() adds them after the case routes.
#include "modules/service_desk/desk_export.hpp"
#include "modules/service_desk/desk_route_support.hpp"
#include "modules/service_desk/permissions.hpp"
#include "platform/http/handler_support.hpp"
#include "platform/http/schema.hpp"

namespace zx::service_desk {
namespace {

namespace json = boost::json;
namespace s = http::schema;
using http::Call;

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

}  // namespace

void add_list_routes(http::RouteTable& t, DeskService& desk) {
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
}

}  // namespace zx::service_desk
