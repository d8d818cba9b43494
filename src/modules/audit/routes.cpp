#include "modules/audit/routes.hpp"

#include "modules/audit/audit.hpp"
#include "modules/audit/permissions.hpp"
#include "platform/http/handler_support.hpp"
#include "platform/http/schema.hpp"

namespace zx::audit {
namespace {

namespace json = boost::json;
namespace s = http::schema;

json::value audit_schema() {
    return s::object({{"id", s::integer()},
                      {"at", s::integer()},
                      {"user_id", s::nullable(s::integer())},
                      {"username", s::string()},
                      {"role", s::string()},
                      {"scope", s::string()},
                      {"action", s::string("run.create, output.verify, auth.login, …")},
                      {"object_type", s::string()},
                      {"object_id", s::string()},
                      {"before", s::string("JSON（已脱敏）/ JSON, masked")},
                      {"after", s::string("JSON（已脱敏）/ JSON, masked")},
                      {"ip", s::string()},
                      {"request_id", s::string()},
                      {"result", s::one_of_strings({"ok", "denied", "failed"})},
                      {"hash", s::string("SHA-256 链 / hash chain")}},
                     {"id", "at", "action", "result", "hash"});
}

json::object audit_json(const AuditRecord& a) {
    return {{"id", a.id},
            {"at", a.at},
            {"user_id", http::json_opt(a.user_id)},
            {"username", a.username},
            {"role", a.role},
            {"scope", a.scope},
            {"action", a.action},
            {"object_type", a.object_type},
            {"object_id", a.object_id},
            {"before", a.before_json},
            {"after", a.after_json},
            {"ip", a.ip},
            {"request_id", a.request_id},
            {"result", a.result},
            {"hash", a.hash}};
}

}  // namespace
using http::Call;
using http::HttpError;

http::RouteTable routes(db::Database& db) {
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
                 .response = s::items(audit_schema()),
                 .handler = [&db](Call& c) {
                     AuditQuery q;
                     if (auto a = c.req.q("after_id")) {
                         try {
                             q.after_id = std::stoll(*a);
                         } catch (...) {
                             throw HttpError::bad_request({"after_id：须为整数", "after_id: an integer"});
                         }
                     }
                     q.limit = http::page_of(c.req).page_size;
                     q.action_prefix = c.req.q("action").value_or("");
                     q.username = c.req.q("username").value_or("");
                     auto rows = list_audit(db, q);
                     http::check(rows.status());
                     return http::items_json(*rows, audit_json);
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
