#include "modules/service_desk/routes.hpp"

#include "modules/service_desk/permissions.hpp"

#include "core/department.hpp"
#include "platform/http/handler_support.hpp"
#include "platform/http/schema.hpp"

namespace zx::service_desk {
namespace {

namespace json = boost::json;
namespace s = http::schema;
using http::Call;

json::value task_schema() {
    return s::object({{"id", s::integer()},
                      {"uscc", s::nullable(s::string())},
                      {"name", s::nullable(s::string())},
                      {"city", s::nullable(s::string())},
                      {"department", s::string("责任单位 / responsible department")},
                      {"title", s::string()},
                      {"detail", s::string()},
                      {"status", s::one_of_strings({"open", "in_progress", "resolved"})},
                      {"created_at", s::integer()},
                      {"updated_at", s::integer()}},
                     {"id", "department", "title", "status", "created_at", "updated_at"});
}

json::object task_json(const TaskRecord& t) {
    return {{"id", t.id},
            {"uscc", http::json_opt(t.uscc)},
            {"name", http::json_opt(t.name)},
            {"city", http::json_opt(t.city)},
            {"department", t.department},
            {"title", t.title},
            {"detail", t.detail},
            {"status", t.status},
            {"created_at", t.created_at},
            {"updated_at", t.updated_at}};
}

}  // namespace

http::RouteTable routes(TaskService& tasks) {
    http::RouteTable t;
    t.push_back({.method = "GET",
                 .path = "/api/tasks",
                 .tag = "tasks",
                 .summary = "任务清单 / tasks in scope",
                 .permission = &perm::kTaskRead,
                 .query = {{"status", "open | in_progress | resolved"},
                           {"department", "责任单位名称或代码（见 /api/departments）/ department name or code"},
                           {"page", "", "integer"},
                           {"page_size", "1–500", "integer"}},
                 .response = s::page(task_schema()),
                 .errors = {"bad_request", "validation_failed"},
                 .handler = [&tasks](Call& c) {
                     const PageRequest pr = http::page_of(c.req);
                     const TaskFilter f{c.req.q("status").value_or(""), c.req.q("department").value_or("")};
                     auto page = tasks.list(c.who, f, pr);
                     http::check(page.status());
                     return http::page_json(*page, pr, task_json);
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/tasks/{id}",
                 .tag = "tasks",
                 .summary = "任务详情 / one task",
                 .permission = &perm::kTaskRead,
                 .response = task_schema(),
                 .errors = {"not_found"},
                 .handler = [&tasks](Call& c) {
                     auto task = tasks.get(c.who, http::path_id(c.req, "id"));
                     http::check(task.status());
                     return http::json_response(task_json(*task));
                 }});
    t.push_back({.method = "POST",
                 .path = "/api/tasks",
                 .tag = "tasks",
                 .summary = "派发任务 / dispatch a task",
                 .permission = &perm::kTaskWrite,
                 .request = s::object({{"uscc", s::string()},
                                       {"department", s::string("责任单位 / responsible department")},
                                       {"title", s::string()},
                                       {"detail", s::string()}},
                                      {"department", "title"}),
                 .status = 201,
                 .response = s::object({{"id", s::integer()}}, {"id"}),
                 .errors = {"bad_request"},
                 .handler = [&tasks](Call& c) {
                     auto body = http::body_object(c.req);
                     auto id = tasks.create(c.who, c.ctx, http::get_string(body, "uscc", false),
                                            http::get_string(body, "department"), http::get_string(body, "title"),
                                            http::get_string(body, "detail", false));
                     http::check(id.status());
                     return http::json_response(json::object{{"id", *id}}, 201);
                 }});
    t.push_back({.method = "POST",
                 .path = "/api/tasks/{id}/status",
                 .tag = "tasks",
                 .summary = "更新任务状态 / update a task's status",
                 .permission = &perm::kTaskResolve,
                 .request = s::object({{"status", s::one_of_strings({"open", "in_progress", "resolved"})}}, {"status"}),
                 .response = s::ok(),
                 .errors = {"not_found"},
                 .handler = [&tasks](Call& c) {
                     auto body = http::body_object(c.req);
                     http::check(
                         tasks.set_status(c.who, c.ctx, http::path_id(c.req, "id"), http::get_string(body, "status")));
                     return http::json_response(json::object{{"ok", true}});
                 }});
    t.push_back(
        {.method = "GET",
         .path = "/api/departments",
         .tag = "tasks",
         .summary = "责任单位名单（policies/departments.toml）/ the responsible departments",
         .access = http::Access::kSession,
         .response = s::object(
             {{"version", s::string()},
              {"items", s::array(s::object({{"code", s::string()}, {"name", s::string()}}, {"code", "name"}))}},
             {"version", "items"}),
         .handler = [](Call&) {
             const auto list = responsible_departments();
             json::array items;
             for (const Department& d : list->all()) items.push_back(json::object{{"code", d.code}, {"name", d.name}});
             return http::json_response(json::object{{"version", list->version()}, {"items", std::move(items)}});
         }});
    return t;
}

}  // namespace zx::service_desk
