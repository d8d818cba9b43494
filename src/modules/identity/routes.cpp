#include "modules/identity/routes.hpp"

#include "core/clock.hpp"

#include "modules/identity/captcha.hpp"
#include "modules/identity/permissions.hpp"
#include "modules/identity/route_guard.hpp"
#include "platform/http/handler_support.hpp"
#include "platform/http/schema.hpp"

namespace zx::identity {
namespace {

namespace json = boost::json;
namespace s = http::schema;
using http::Call;
using http::HttpError;
using http::Response;

json::object principal_json(const Principal& p, const std::vector<const Permission*>& catalog) {
    json::object o;
    o["id"] = p.user_id;
    o["username"] = p.username;
    o["display_name"] = p.display_name;
    o["role"] = std::string(role_code(p.role));
    o["role_name"] = std::string(role_name_zh(p.role));
    o["scope"] = p.scope().describe();
    o["city"] = p.city;
    o["department"] = p.department;
    o["uscc"] = p.uscc;
    o["must_change_password"] = p.must_change_password;
    json::array perms;
    for (std::string_view c : permissions_of(p, catalog)) perms.emplace_back(c);
    o["permissions"] = std::move(perms);
    return o;
}

json::value principal_schema() {
    return s::object(
        {{"id", s::integer()},
         {"username", s::string()},
         {"display_name", s::string()},
         {"role", s::one_of_strings({"province_admin", "city_official", "dept_handler", "enterprise", "auditor",
                                     "system_admin", "security_admin", "audit_admin", "commissioner"})},
         {"role_name", s::string()},
         {"scope", s::string("province | city:南宁市 | department:… | enterprise:USCC | none")},
         {"city", s::string()},
         {"department", s::string()},
         {"uscc", s::string()},
         {"must_change_password", s::boolean()},
         {"permissions", s::array(s::string("module:entity:action"))}},
        {"id", "username", "role", "scope", "permissions", "must_change_password"});
}

std::string session_cookie(const std::string& token, std::int64_t max_age, bool secure) {
    return "zx_session=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) +
           (secure ? "; Secure" : "");
}

Response ok() {
    return http::json_response(json::object{{"ok", true}});
}

// The answer of an account change that may wait for a security administrator (the two-person rule).
json::value pending_schema() {
    return s::object({{"ok", s::boolean()},
                      {"pending_confirmation", s::string("待安全管理员确认的变更，\"\" 为已生效 / the change waiting "
                                                         "for a security administrator: \"\" when in effect")}},
                     {"ok", "pending_confirmation"});
}
Response ok_pending(AuthService& auth, std::int64_t user_id) {
    return http::json_response(
        json::object{{"ok", true}, {"pending_confirmation", auth.pending_confirmation(user_id)}});
}

json::value user_schema() {
    return s::object({{"id", s::integer()},
                      {"username", s::string()},
                      {"display_name", s::string()},
                      {"role", s::string()},
                      {"city", s::nullable(s::string())},
                      {"department", s::nullable(s::string())},
                      {"uscc", s::nullable(s::string())},
                      {"must_change_password", s::boolean()},
                      {"disabled", s::boolean()},
                      {"created_at", s::integer()},
                      {"pending_confirmation", s::one_of_strings({"", "create", "enable", "reset"})}},
                     {"id", "username", "role", "disabled", "pending_confirmation"});
}

json::object user_json(const UserRecord& u) {
    return {{"id", u.id},
            {"username", u.username},
            {"display_name", u.display_name},
            {"role", u.role},
            {"city", http::json_opt(u.city)},
            {"department", http::json_opt(u.department)},
            {"uscc", http::json_opt(u.uscc)},
            {"must_change_password", u.must_change_password},
            {"disabled", u.disabled},
            {"created_at", u.created_at},
            {"pending_confirmation", u.pending_confirmation}};
}

json::value session_schema() {
    return s::object({{"id", s::string("令牌的哈希 / the token's hash")},
                      {"user_id", s::integer()},
                      {"username", s::string()},
                      {"role", s::string()},
                      {"ip", s::string()},
                      {"user_agent", s::string()},
                      {"created_at", s::integer()},
                      {"last_seen", s::integer()},
                      {"expires_at", s::integer()}},
                     {"id", "user_id", "username", "role"});
}

json::object session_json(const SessionRecord& x) {
    return {{"id", x.id},
            {"user_id", x.user_id},
            {"username", x.username},
            {"role", x.role},
            {"ip", x.ip},
            {"user_agent", x.user_agent},
            {"created_at", x.created_at},
            {"last_seen", x.last_seen},
            {"expires_at", x.expires_at}};
}

}  // namespace

http::RouteTable routes(const RouteDeps& d) {
    AuthService& auth = d.auth;
    db::Database& db = d.db;
    const gm::Sm2KeyPair& key = d.login_key;
    http::RateLimiter& limit = d.captcha_limit;
    const std::vector<const Permission*>& catalog = d.catalog;
    const bool secure = d.secure_cookies;
    http::RouteTable t;

    t.push_back(
        {.method = "POST",
         .path = "/api/auth/login",
         .tag = "auth",
         .summary = "登录 / log in (cookie session, or bearer token with \"bearer\": true; password or password_sm2; "
                    "captcha after failures)",
         .access = http::Access::kPublic,
         .request = s::object({{"username", s::string()},
                               {"password", s::string("明文（仅限TLS上的API客户端）/ plain, API clients over TLS")},
                               {"password_sm2", s::string("SM2加密（C1C3C2，十六进制）/ SM2-encrypted, C1C3C2 hex")},
                               {"captcha_id", s::string()},
                               {"captcha_answer", s::string()},
                               {"bearer", s::boolean("返回令牌而非Cookie / answer with a token, no cookie")}},
                              {"username"}),
         .response = s::object({{"user", principal_schema()},
                                {"csrf_token", s::string()},
                                {"expires_at", s::integer()},
                                {"token", s::string("仅 bearer / bearer only")}},
                               {"user", "csrf_token", "expires_at"}),
         .errors = {"unauthorized", "captcha_required", "cross_origin", "too_many_requests"},
         .handler = [&auth, &key, &catalog, secure](Call& c) {
             require_same_origin(c.req);
             auto body = http::body_object(c.req);
             const std::string username = http::get_string(body, "username");
             // The browser encrypts the password with the server's SM2 key (sm-crypto, C1C3C2); API
             // clients may send it plainly over TLS.
             std::string password;
             if (body.contains("password_sm2")) {
                 auto plain = key.decrypt_hex(http::get_string(body, "password_sm2"));
                 if (!plain)
                     throw HttpError::bad_request(
                         {"password_sm2：无法用登录密钥解密", "password_sm2: cannot be decrypted with the login key"});
                 password = std::move(*plain);
             } else {
                 password = http::get_string(body, "password");
             }
             const bool bearer = body.contains("bearer") && body.at("bearer").is_bool() && body.at("bearer").as_bool();
             auto ses = auth.login(username, password, c.ctx, c.req.header("user-agent"),
                                   http::get_string(body, "captcha_id", false),
                                   http::get_string(body, "captcha_answer", false));
             // A required captcha is StatusCode::kCaptchaRequired: check() answers 401 captcha_required.
             http::check(ses.status());
             json::object o;
             o["user"] = principal_json(ses->principal, catalog);
             o["csrf_token"] = ses->csrf_token;
             o["expires_at"] = ses->expires_at;
             Response resp;
             if (bearer) {
                 o["token"] = ses->token;  // API clients: Authorization: Bearer; no cookie, no CSRF
                 resp = http::json_response(o);
             } else {
                 resp = http::json_response(o);
                 resp.headers.emplace_back(
                     "Set-Cookie",
                     session_cookie(ses->token, std::int64_t{auth.settings().session_ttl_hours} * kSecondsPerHour,
                                    secure));
             }
             return resp;
         }});
    t.push_back({.method = "POST",
                 .path = "/api/auth/logout",
                 .tag = "auth",
                 .summary = "退出 / log out",
                 .access = http::Access::kSession,
                 .allow_password_change = true,
                 .response = s::ok(),
                 .handler = [&auth, secure](Call& c) {
                     bool from_cookie = false;
                     http::check(auth.logout(session_token(c.req, from_cookie), c.who, c.ctx));
                     Response resp = ok();
                     resp.headers.emplace_back("Set-Cookie", session_cookie("", 0, secure));
                     return resp;
                 }});
    t.push_back(
        {.method = "GET",
         .path = "/api/auth/me",
         .tag = "auth",
         .summary = "当前用户、权限与CSRF令牌 / current user, permissions, CSRF token",
         .access = http::Access::kSession,
         .allow_password_change = true,
         .response = s::object({{"user", principal_schema()},
                                {"csrf_token", s::string()},
                                {"idle_timeout_minutes", s::integer("空闲超时（分钟）/ idle timeout, minutes")}},
                               {"user", "csrf_token", "idle_timeout_minutes"}),
         .handler = [&auth, &catalog](Call& c) {
             json::object o;
             o["user"] = principal_json(c.who, catalog);
             o["csrf_token"] = c.csrf_token;
             o["idle_timeout_minutes"] = auth.settings().idle_timeout_minutes;
             return http::json_response(o);
         }});
    t.push_back({.method = "POST",
                 .path = "/api/auth/password",
                 .tag = "auth",
                 .summary = "修改密码 / change password",
                 .access = http::Access::kSession,
                 .allow_password_change = true,
                 .request = s::object({{"old_password", s::string()}, {"new_password", s::string()}},
                                      {"old_password", "new_password"}),
                 .response = s::ok(),
                 .errors = {"validation_failed"},
                 .handler = [&auth](Call& c) {
                     auto body = http::body_object(c.req);
                     bool from_cookie = false;
                     http::check(auth.change_password(c.who, http::get_string(body, "old_password"),
                                                      http::get_string(body, "new_password"), c.ctx,
                                                      session_token(c.req, from_cookie)));
                     return ok();
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/auth/login-key",
                 .tag = "auth",
                 .summary = "登录加密公钥（SM2）/ the SM2 key the browser encrypts passwords with",
                 .access = http::Access::kPublic,
                 .response = s::object({{"algorithm", s::string("SM2")},
                                        {"cipher_mode", s::string("C1C3C2")},
                                        {"public_key", s::string("04… (hex)")}},
                                       {"algorithm", "cipher_mode", "public_key"}),
                 .handler = [&key](Call&) {
                     return http::json_response(json::object{
                         {"algorithm", "SM2"}, {"cipher_mode", "C1C3C2"}, {"public_key", key.public_hex()}});
                 }});
    t.push_back(
        {.method = "GET",
         .path = "/api/auth/captcha",
         .tag = "auth",
         .summary = "验证码（PNG图片）/ a captcha (PNG picture)",
         .access = http::Access::kPublic,
         .response = s::object({{"id", s::string()}, {"image", s::string("data:image/png;base64,…")}}, {"id", "image"}),
         .errors = {"too_many_requests"},
         .handler = [&db, &limit](Call& c) {
             // Each captcha is a database row: an address gets 30 per 5 minutes.
             if (!limit.allow(c.req.remote_ip))
                 throw HttpError::too_many({"验证码请求过于频繁，请稍后再试", "too many captchas, try later"});
             auto cap = create_captcha(db);
             http::check(cap.status());
             return http::json_response(json::object{{"id", cap->id}, {"image", cap->image}});
         }});

    t.push_back(
        {.method = "GET",
         .path = "/api/users",
         .tag = "system",
         .summary = "用户列表 / users",
         .permission = &perm::kUserRead,
         .query = {{"pending", "true：仅待安全管理员确认的账号 / only accounts waiting for confirmation", "boolean"}},
         .response = s::items(user_schema()),
         .handler = [&auth](Call& c) {
             const auto pending = c.req.q("pending");
             if (pending && *pending != "true" && *pending != "false")
                 throw HttpError::bad_request({"pending：须为 true 或 false", "pending: true | false"});
             auto rows = auth.list_users(pending && *pending == "true");
             http::check(rows.status());
             return http::items_json(*rows, user_json);
         }});
    t.push_back({.method = "POST",
                 .path = "/api/users",
                 .tag = "system",
                 .summary = "创建用户 / create a user",
                 .permission = &perm::kUserWrite,
                 .request = s::object({{"username", s::string()},
                                       {"display_name", s::string()},
                                       {"role", s::string("province_admin | city_official | …")},
                                       {"city", s::string()},
                                       {"department", s::string()},
                                       {"uscc", s::string()},
                                       {"password", s::string()}},
                                      {"username", "role", "password"}),
                 .status = 201,
                 .response = s::object({{"id", s::integer()},
                                        {"pending_confirmation", s::string("\"create\"：待安全管理员确认 / waits for a "
                                                                           "security administrator")}},
                                       {"id", "pending_confirmation"}),
                 .errors = {"conflict", "validation_failed"},
                 .handler = [&auth](Call& c) {
                     auto body = http::body_object(c.req);
                     NewUser u;
                     u.username = http::get_string(body, "username");
                     u.display_name = http::get_string(body, "display_name", false);
                     auto role = parse_role(http::get_string(body, "role"));
                     if (!role) throw HttpError::bad_request({"未知角色", "unknown role"});
                     u.role = *role;
                     u.city = http::get_string(body, "city", false);
                     u.department = http::get_string(body, "department", false);
                     u.uscc = http::get_string(body, "uscc", false);
                     auto id = auth.create_user(u, http::get_string(body, "password"), c.who, c.ctx);
                     http::check(id.status());
                     return http::json_response(
                         json::object{{"id", *id}, {"pending_confirmation", auth.pending_confirmation(*id)}}, 201);
                 }});
    t.push_back({.method = "POST",
                 .path = "/api/users/{id}/disable",
                 .tag = "system",
                 .summary = "停用或启用账号 / disable or enable an account",
                 .permission = &perm::kUserWrite,
                 .request = s::object({{"disabled", s::boolean()}}, {"disabled"}),
                 .response = pending_schema(),
                 .errors = {"not_found", "conflict"},
                 .handler = [&auth](Call& c) {
                     auto body = http::body_object(c.req);
                     auto it = body.find("disabled");
                     if (it == body.end() || !it->value().is_bool())
                         throw HttpError::bad_request({"disabled：须为 true 或 false", "disabled: true | false"});
                     const std::int64_t id = http::path_id(c.req, "id");
                     http::check(auth.set_disabled(id, it->value().as_bool(), c.who, c.ctx));
                     return ok_pending(auth, id);
                 }});
    t.push_back({.method = "POST",
                 .path = "/api/users/{id}/reset-password",
                 .tag = "system",
                 .summary = "重置密码（下次登录须修改）/ reset a password",
                 .permission = &perm::kUserWrite,
                 .request = s::object({{"password", s::string()}}, {"password"}),
                 .response = pending_schema(),
                 .errors = {"not_found", "conflict"},
                 .handler = [&auth](Call& c) {
                     auto body = http::body_object(c.req);
                     const std::int64_t id = http::path_id(c.req, "id");
                     http::check(auth.reset_password(id, http::get_string(body, "password"), c.who, c.ctx));
                     return ok_pending(auth, id);
                 }});
    t.push_back({.method = "POST",
                 .path = "/api/users/{id}/confirm",
                 .tag = "security",
                 .summary = "确认业务账号的创建、启用或密码重置（双人原则）/ confirm a business account's creation, "
                            "enabling or password reset (two-person rule)",
                 .permission = &perm::kUserConfirm,
                 .response = s::ok(),
                 .errors = {"not_found", "conflict"},
                 .handler = [&auth](Call& c) {
                     http::check(auth.confirm_user(http::path_id(c.req, "id"), c.who, c.ctx));
                     return ok();
                 }});
    t.push_back({.method = "POST",
                 .path = "/api/users/{id}/unlock",
                 .tag = "security",
                 .summary = "解锁账号 / unlock an account",
                 .permission = &perm::kUserUnlock,
                 .response = s::ok(),
                 .errors = {"not_found"},
                 .handler = [&auth](Call& c) {
                     http::check(auth.unlock_user(http::path_id(c.req, "id"), c.who, c.ctx));
                     return ok();
                 }});

    const json::value settings = s::object({{"password_min_length", s::integer()},
                                            {"password_min_classes", s::integer("小写、大写、数字、其他 / classes")},
                                            {"password_expiry_days", s::integer("0: 永不过期 / never")},
                                            {"password_history", s::integer()},
                                            {"max_failures_account", s::integer()},
                                            {"lockout_minutes", s::integer()},
                                            {"max_failures_ip", s::integer()},
                                            {"failure_window_minutes", s::integer()},
                                            {"captcha_after_failures", s::integer("0: 不用 / never")},
                                            {"idle_timeout_minutes", s::integer()},
                                            {"session_ttl_hours", s::integer()},
                                            {"single_session", s::boolean()},
                                            {"password_hash", s::one_of_strings({"argon2id", "pbkdf2-sm3"})}});
    t.push_back({.method = "GET",
                 .path = "/api/security/settings",
                 .tag = "security",
                 .summary = "安全策略 / security settings",
                 .permission = &perm::kSettingsRead,
                 .response = settings,
                 .handler = [&auth](Call&) {
                     boost::system::error_code ec;
                     return http::json_response(json::parse(auth.settings().to_json(), ec));
                 }});
    t.push_back({.method = "PUT",
                 .path = "/api/security/settings",
                 .tag = "security",
                 .summary = "修改安全策略 / change security settings",
                 .permission = &perm::kSettingsWrite,
                 .request = settings,
                 .response = settings,
                 .handler = [&auth](Call& c) {
                     auto next = settings_from_json(c.req.body, auth.settings());
                     http::check(next.status());
                     http::check(auth.save_settings(*next, c.who, c.ctx));
                     boost::system::error_code ec;
                     return http::json_response(json::parse(next->to_json(), ec));
                 }});
    t.push_back({.method = "GET",
                 .path = "/api/security/sessions",
                 .tag = "security",
                 .summary = "在线会话 / online sessions",
                 .permission = &perm::kSessionRead,
                 .response = s::items(session_schema()),
                 .handler = [&auth](Call&) {
                     auto rows = auth.list_sessions();
                     http::check(rows.status());
                     return http::items_json(*rows, session_json);
                 }});
    t.push_back({.method = "DELETE",
                 .path = "/api/security/sessions/{id}",
                 .tag = "security",
                 .summary = "强制下线 / force logout",
                 .permission = &perm::kSessionRevoke,
                 .response = s::ok(),
                 .errors = {"not_found"},
                 .handler = [&auth](Call& c) {
                     http::check(auth.revoke_session(c.req.params.at("id"), c.who, c.ctx));
                     return ok();
                 }});
    return t;
}

}  // namespace zx::identity
