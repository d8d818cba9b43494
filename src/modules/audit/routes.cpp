#include "modules/audit/routes.hpp"

#include "core/clock.hpp"
#include "modules/audit/audit.hpp"
#include "modules/audit/audit_seal.hpp"
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

http::RouteTable routes(db::Database& db, const Anchoring& anchoring) {
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
    t.push_back(
        {.method = "GET",
         .path = "/api/audit/verify",
         .tag = "audit",
         .summary = "校验日志的HMAC-SM3链与SM2签名锚点 / verify the HMAC-SM3 chain and the SM2-signed anchors",
         .permission = &perm::kAuditRead,
         .response = s::object(
             {{"intact", s::boolean("链与锚点均完好 / chain and anchors both hold")},
              {"first_broken_id", s::integer("0: intact")},
              {"chain", s::object({{"intact", s::boolean()},
                                   {"keyed_from_id", s::integer("首条HMAC-SM3记录，0：无 / first keyed entry")},
                                   {"key_missing", s::boolean("有带密钥记录但未配置密钥 / keyed, no key")},
                                   {"last_id", s::integer()}})},
              {"anchors",
               s::object({{"configured", s::boolean()},
                          {"checked", s::integer()},
                          {"latest_id", s::integer()},
                          {"failed",
                           s::array(s::object({{"line", s::integer()},
                                               {"reason", s::one_of_strings({"malformed", "signature", "missing_entry",
                                                                             "hash_mismatch"})}}))}})}},
             {"intact", "first_broken_id", "chain", "anchors"}),
         .handler = [&db, anchoring](Call&) {
             auto chain = verify_audit_chain_report(db);
             http::check(chain.status());
             AnchorReport anchors;
             if (anchoring.signer) {
                 auto a = verify_audit_anchors(db, *anchoring.signer, anchoring.file);
                 http::check(a.status());
                 anchors = std::move(*a);
             }
             json::array failed;
             for (const AnchorFailure& f : anchors.failures)
                 failed.push_back(json::object{{"line", f.line}, {"reason", f.reason}});
             const bool chain_ok = chain->first_broken_id == 0;
             return http::json_response(
                 json::object{{"intact", chain_ok && anchors.failures.empty()},
                              {"first_broken_id", chain->first_broken_id},
                              {"chain", json::object{{"intact", chain_ok},
                                                     {"keyed_from_id", chain->keyed_from_id},
                                                     {"key_missing", chain->key_missing},
                                                     {"last_id", chain->last_id}}},
                              {"anchors", json::object{{"configured", anchoring.signer != nullptr},
                                                       {"checked", anchors.checked},
                                                       {"latest_id", anchors.latest_id},
                                                       {"failed", std::move(failed)}}}});
         }});
    t.push_back({.method = "POST",
                 .path = "/api/audit/anchor",
                 .tag = "audit",
                 .summary = "立即签名并记录链头锚点 / sign and record the chain's head now",
                 .permission = &perm::kAuditAnchor,
                 .response = s::object({{"line", s::string("锚点文件新增的一行 / the line appended")}}, {"line"}),
                 .errors = {"conflict"},
                 .handler = [&db, anchoring](Call&) {
                     if (!anchoring.signer)
                         throw HttpError::conflict({"未配置审计锚点文件（--audit-anchor）",
                                                    "no audit anchor file is configured (--audit-anchor)"});
                     auto line = append_audit_anchor(db, *anchoring.signer, anchoring.file, unix_now());
                     http::check(line.status());
                     return http::json_response(json::object{{"line", *line}});
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
