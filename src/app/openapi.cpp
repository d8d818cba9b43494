#include <boost/json.hpp>
#include <string>
#include <vector>

#include "app/app.hpp"

namespace zx::api {
namespace {

namespace json = boost::json;

struct Op {
    const char* method;
    const char* path;
    const char* tag;
    const char* summary;
    const char* permission;  // "" = public
    std::vector<const char*> query = {};
    const char* body = nullptr;  // JSON schema name in components, or "file"
};

// One entry per route; the API test checks this list against the router, both ways.
const std::vector<Op>& ops() {
    static const std::vector<Op> kOps = {
        {"POST",
         "/api/auth/login",
         "auth",
         "登录 / log in (cookie session, or bearer token with \"bearer\": true; password or password_sm2; captcha "
         "after failures)",
         "",
         {},
         "Login"},
        {"POST", "/api/auth/logout", "auth", "退出 / log out", "(session)"},
        {"GET", "/api/auth/me", "auth", "当前用户、权限与CSRF令牌 / current user, permissions, CSRF token",
         "(session)"},
        {"POST", "/api/auth/password", "auth", "修改密码 / change password", "(session)", {}, "PasswordChange"},
        {"GET", "/api/users", "system", "用户列表 / users", "system:user:read"},
        {"POST", "/api/users", "system", "创建用户 / create a user", "system:user:write", {}, "NewUser"},
        {"GET",
         "/api/enterprises",
         "data",
         "企业列表（按数据范围）/ enterprises in scope",
         "data:enterprise:read",
         {"city", "q", "sort", "page", "page_size"}},
        {"GET", "/api/enterprises/{uscc}", "data", "企业详情与认定 / one enterprise with designations",
         "data:enterprise:read"},
        {"GET", "/api/enterprises/{uscc}/ledger", "runs", "奖励台账 / award ledger of an enterprise",
         "run:ledger:read"},
        {"POST",
         "/api/uploads/{kind}",
         "data",
         "上传 enterprises | designations | output（CSV或XLSX，全有或全无）/ upload a table",
         "data:upload:write",
         {"filename"},
         "file"},
        {"GET", "/api/uploads/{id}/defects.csv", "data", "下载错误报告 / download the defect report",
         "data:upload:write"},
        {"GET",
         "/api/output",
         "data",
         "月度产值 / monthly output",
         "data:output:read",
         {"uscc", "status", "month_from", "month_to", "city", "page", "page_size"}},
        {"POST",
         "/api/output/verify",
         "data",
         "核定或退回 / verify or reject months",
         "data:output:verify",
         {},
         "Verify"},
        {"POST",
         "/api/output/revise",
         "data",
         "修订已核定产值 / revise a verified month",
         "data:output:revise",
         {},
         "Revise"},
        {"GET", "/api/verification/progress", "data", "各市核定进度 / verification progress per city",
         "data:progress:read"},
        {"GET", "/api/tasks", "tasks", "任务清单 / tasks in scope", "task:task:read", {"status", "page", "page_size"}},
        {"GET", "/api/tasks/{id}", "tasks", "任务详情 / one task", "task:task:read"},
        {"POST", "/api/tasks", "tasks", "派发任务 / dispatch a task", "task:task:write", {}, "NewTask"},
        {"POST",
         "/api/tasks/{id}/status",
         "tasks",
         "更新任务状态 / update a task's status",
         "task:task:resolve",
         {},
         "TaskStatus"},
        {"GET", "/api/policies", "runs", "政策版本 / policies", "policy:policy:read"},
        {"GET", "/api/policies/{id}", "runs", "政策条款 / a policy's clauses", "policy:policy:read"},
        {"POST", "/api/runs", "runs", "发起奖励计算 / start an award run", "run:run:create", {}, "NewRun"},
        {"GET", "/api/runs", "runs", "计算批次 / runs", "run:run:read"},
        {"GET", "/api/runs/{id}", "runs", "批次详情 / one run", "run:run:read"},
        {"GET",
         "/api/runs/{id}/rows",
         "runs",
         "批次结果（按数据范围）/ award rows in scope",
         "run:run:read",
         {"city", "clause", "uscc", "eligible", "page", "page_size"}},
        {"POST",
         "/api/runs/{id}/transition",
         "runs",
         "流转：reviewed/approved/publicized/disbursed/withdrawn / lifecycle step",
         "run:run:review|approve|publish|disburse",
         {},
         "Transition"},
        {"GET", "/api/runs/{id}/compare/{other}", "runs", "两批次比较 / compare two runs", "run:run:read"},
        {"GET", "/api/runs/{id}/export.xlsx", "runs", "公示名单XLSX / notice list", "run:run:export", {"city"}},
        {"GET", "/api/runs/{id}/export.csv", "runs", "结果CSV / all rows as CSV", "run:run:export", {"city"}},
        {"GET", "/api/runs/{id}/explain/{uscc}", "runs", "企业逐条款说明 / an enterprise's explanation",
         "run:run:read"},
        {"GET",
         "/api/audit",
         "audit",
         "审计日志 / audit log",
         "audit:log:read",
         {"after_id", "page_size", "action", "username"}},
        {"GET", "/api/audit/verify", "audit", "校验日志哈希链 / verify the hash chain", "audit:log:read"},
        {"GET", "/api/auth/login-key", "auth", "登录加密公钥（SM2）/ the SM2 key the browser encrypts passwords with",
         ""},
        {"GET", "/api/auth/captcha", "auth", "验证码（SVG）/ a captcha", ""},
        {"GET", "/api/security/settings", "security", "安全策略 / security settings", "security:settings:read"},
        {"PUT",
         "/api/security/settings",
         "security",
         "修改安全策略 / change security settings",
         "security:settings:write",
         {},
         "Settings"},
        {"GET", "/api/security/sessions", "security", "在线会话 / online sessions", "security:session:read"},
        {"DELETE", "/api/security/sessions/{id}", "security", "强制下线 / force logout", "security:session:revoke"},
        {"POST", "/api/users/{id}/unlock", "security", "解锁账号 / unlock an account", "security:user:unlock"},
        {"POST",
         "/api/users/{id}/disable",
         "system",
         "停用或启用账号 / disable or enable an account",
         "system:user:write",
         {},
         "Disable"},
        {"POST",
         "/api/users/{id}/reset-password",
         "system",
         "重置密码（下次登录须修改）/ reset a password",
         "system:user:write",
         {},
         "PasswordReset"},
        {"GET",
         "/api/audit/export.csv",
         "audit",
         "导出审计日志 / export the audit log",
         "audit:log:export",
         {"action", "username"}},
        {"GET", "/api/enterprises/{uscc}/contact", "data", "企业联系人（脱敏）/ contact, masked", "data:contact:read"},
        {"PUT",
         "/api/enterprises/{uscc}/contact",
         "data",
         "登记联系人（SM4加密存储）/ record the contact",
         "data:contact:write",
         {},
         "Contact"},
        {"POST",
         "/api/enterprises/{uscc}/contact/reveal",
         "data",
         "查看完整字段（留痕）/ reveal one field, audited",
         "data:contact:reveal",
         {},
         "Reveal"},
        {"GET", "/api/openapi.json", "meta", "本文档 / this document", ""},
        {"GET", "/api/cities", "meta", "14个设区市 / the 14 cities", ""},
    };
    return kOps;
}

json::object schema_obj(std::initializer_list<std::pair<const char*, const char*>> props,
                        std::initializer_list<const char*> required) {
    json::object p;
    for (const auto& [name, type] : props) p[name] = json::object{{"type", type}};
    json::array req;
    for (const char* r : required) req.emplace_back(r);
    return json::object{{"type", "object"}, {"properties", std::move(p)}, {"required", std::move(req)}};
}

}  // namespace

std::string openapi_json() {
    json::object paths;
    for (const Op& op : ops()) {
        json::object o;
        o["tags"] = json::array{op.tag};
        o["summary"] = op.summary;
        if (*op.permission) o["x-permission"] = op.permission;
        json::array params;
        std::string path = op.path;
        for (std::size_t i = path.find('{'); i != std::string::npos; i = path.find('{', i + 1)) {
            const std::size_t j = path.find('}', i);
            params.push_back(json::object{{"name", path.substr(i + 1, j - i - 1)},
                                          {"in", "path"},
                                          {"required", true},
                                          {"schema", json::object{{"type", "string"}}}});
        }
        for (const char* q : op.query)
            params.push_back(json::object{
                {"name", q}, {"in", "query"}, {"required", false}, {"schema", json::object{{"type", "string"}}}});
        if (!params.empty()) o["parameters"] = std::move(params);
        if (op.body) {
            if (std::string(op.body) == "file")
                o["requestBody"] = json::object{
                    {"required", true},
                    {"content",
                     json::object{{"text/csv", json::object{{"schema", json::object{{"type", "string"}}}}},
                                  {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                   json::object{{"schema", json::object{{"type", "string"}, {"format", "binary"}}}}}}}};
            else
                o["requestBody"] = json::object{
                    {"required", true},
                    {"content",
                     json::object{{"application/json",
                                   json::object{{"schema", json::object{{"$ref", std::string("#/components/schemas/") +
                                                                                     op.body}}}}}}}};
        }
        o["responses"] = json::object{
            {"200", json::object{{"description", "OK"}}},
            {"default",
             json::object{
                 {"description", "Error"},
                 {"content",
                  json::object{{"application/json",
                                json::object{{"schema", json::object{{"$ref", "#/components/schemas/Error"}}}}}}}}}};
        if (*op.permission)
            o["security"] =
                json::array{json::object{{"cookie", json::array{}}}, json::object{{"bearer", json::array{}}}};
        std::string method = op.method;
        for (auto& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        // Several methods share a path: add to its item, never replace it.
        if (!paths.contains(op.path)) paths[op.path] = json::object{};
        paths[op.path].as_object()[method] = std::move(o);
    }
    json::object schemas;
    schemas["Error"] = json::object{
        {"type", "object"},
        {"properties",
         json::object{{"error", schema_obj({{"code", "string"}, {"message", "string"}, {"request_id", "string"}},
                                           {"code", "message"})}}}};
    schemas["Login"] = schema_obj({{"username", "string"},
                                   {"password", "string"},
                                   {"password_sm2", "string"},
                                   {"captcha_id", "string"},
                                   {"captcha_answer", "string"},
                                   {"bearer", "boolean"}},
                                  {"username"});
    schemas["PasswordChange"] =
        schema_obj({{"old_password", "string"}, {"new_password", "string"}}, {"old_password", "new_password"});
    schemas["NewUser"] = schema_obj({{"username", "string"},
                                     {"display_name", "string"},
                                     {"role", "string"},
                                     {"city", "string"},
                                     {"department", "string"},
                                     {"uscc", "string"},
                                     {"password", "string"}},
                                    {"username", "role", "password"});
    schemas["Verify"] =
        schema_obj({{"uscc", "string"}, {"months", "array"}, {"action", "string"}, {"reason", "string"}},
                   {"uscc", "months", "action"});
    schemas["Revise"] =
        schema_obj({{"uscc", "string"}, {"month", "string"}, {"output_yuan", "string"}, {"reason", "string"}},
                   {"uscc", "month", "output_yuan", "reason"});
    schemas["NewTask"] =
        schema_obj({{"uscc", "string"}, {"department", "string"}, {"title", "string"}, {"detail", "string"}},
                   {"department", "title"});
    schemas["TaskStatus"] = schema_obj({{"status", "string"}}, {"status"});
    schemas["NewRun"] =
        schema_obj({{"policy", "string"}, {"budget_yuan", "integer"}, {"notice_days", "integer"}}, {"policy"});
    schemas["Transition"] = schema_obj({{"to", "string"}, {"note", "string"}}, {"to"});
    schemas["Settings"] = schema_obj({{"password_min_length", "integer"},
                                      {"password_expiry_days", "integer"},
                                      {"max_failures_account", "integer"},
                                      {"idle_timeout_minutes", "integer"},
                                      {"single_session", "boolean"},
                                      {"password_hash", "string"}},
                                     {});
    schemas["Disable"] = schema_obj({{"disabled", "boolean"}}, {"disabled"});
    schemas["PasswordReset"] = schema_obj({{"password", "string"}}, {"password"});
    schemas["Contact"] = schema_obj(
        {{"contact_name", "string"}, {"phone", "string"}, {"id_number", "string"}, {"bank_account", "string"}}, {});
    schemas["Reveal"] = schema_obj({{"field", "string"}}, {"field"});
    json::object doc{
        {"openapi", "3.0.3"},
        {"info", json::object{{"title", "振兴 Zhenxing API"},
                              {"version", "0.1.0"},
                              {"description",
                               "广西工业振兴政策平台 / Guangxi industrial policy platform. Amounts: whole yuan "
                               "integers for awards, decimal strings for output."}}},
        {"paths", std::move(paths)},
        {"components",
         json::object{
             {"schemas", std::move(schemas)},
             {"securitySchemes",
              json::object{{"cookie", json::object{{"type", "apiKey"}, {"in", "cookie"}, {"name", "zx_session"}}},
                           {"bearer", json::object{{"type", "http"}, {"scheme", "bearer"}}}}}}},
    };
    return json::serialize(doc);
}

// The (method, path) pairs the document describes, for the route test.
std::vector<std::pair<std::string, std::string>> openapi_routes() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Op& op : ops()) out.emplace_back(op.method, op.path);
    return out;
}

}  // namespace zx::api
