#include "modules/audit/routes.hpp"

#include "modules/audit/audit.hpp"
#include "modules/audit/permissions.hpp"
#include "platform/http/handler_support.hpp"
#include "platform/http/schema.hpp"

namespace zx::audit {

namespace json = boost::json;
using http::Call;
using http::HttpError;

http::RouteTable routes(db::Database& db) {
    namespace s = http::schema;
    static constexpr std::initializer_list<const char*> kCols = {
        "#id",       "#at",    "#user_id", "username", "role",       "scope",  "action", "object_type",
        "object_id", "before", "after",    "ip",       "request_id", "result", "hash"};
    http::RouteTable t;
    t.push_back({.method = "GET",
                 .path = "/api/audit",
                 .tag = "audit",
                 .summary = "审计日志 / audit log",
                 .permission = &perm::kAuditRead,
                 .query = {{"after_id", "从此ID之后 / entries after this id", "integer"},
                           {"page_size", "条数 / entries", "integer"},
                           {"action", "操作前缀 / action prefix"},
                           {"username", "用户名 / username"}},
                 .response = s::items(s::row(kCols)),
                 .handler = [&db](Call& c) {
                     AuditQuery q;
                     if (auto a = c.req.q("after_id")) {
                         try {
                             q.after_id = std::stoll(*a);
                         } catch (...) {
                             throw HttpError::bad_request("after_id: an integer");
                         }
                     }
                     q.limit = http::page_of(c.req).page_size;
                     q.action_prefix = c.req.q("action").value_or("");
                     q.username = c.req.q("username").value_or("");
                     auto rows = list_audit(db, q);
                     http::check(rows.status());
                     return http::json_response(json::object{{"items", http::rows_json(*rows, kCols)}});
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/audit/verify",
                 .tag = "audit",
                 .summary = "校验日志哈希链 / verify the hash chain",
                 .permission = &perm::kAuditRead,
                 .response = s::object({{"intact", s::boolean()}, {"first_broken_id", s::integer("0: intact")}},
                                       {"intact", "first_broken_id"}),
                 .handler = [&db](Call&) {
                     auto broken = verify_audit_chain(db);
                     http::check(broken.status());
                     return http::json_response(json::object{{"intact", *broken == 0}, {"first_broken_id", *broken}});
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/audit/export.csv",
                 .tag = "audit",
                 .summary = "导出审计日志 / export the audit log",
                 .permission = &perm::kAuditExport,
                 .query = {{"action", "操作前缀 / action prefix"}, {"username", "用户名 / username"}},
                 .media = "text/csv",
                 .handler = [&db](Call& c) {
                     AuditQuery q;
                     q.action_prefix = c.req.q("action").value_or("");
                     q.username = c.req.q("username").value_or("");
                     auto csv = export_audit_csv(db, c.who, c.ctx, q);
                     http::check(csv.status());
                     return http::Response::file(std::move(*csv), "text/csv; charset=utf-8", "audit-log.csv");
                 }});
    return t;
}

}  // namespace zx::audit
