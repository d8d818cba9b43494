#include "app/support.hpp"

#include <cassert>
#include <iterator>

#include "core/money.hpp"
#include "platform/crypto/crypto.hpp"

namespace zx::api {
std::string session_token(const http::Request& req, bool& from_cookie) {
    const std::string auth = req.header("authorization");
    from_cookie = false;
    if (auth.rfind("Bearer ", 0) == 0) return auth.substr(7);
    if (auto c = req.cookie("zx_session")) {
        from_cookie = true;
        return *c;
    }
    return {};
}

void require_same_origin(const http::Request& req) {
    const std::string origin = req.header("origin");
    if (origin.empty() || req.method == "GET" || req.method == "HEAD") return;  // API clients send none
    const std::string host = req.header("host");
    const auto scheme_end = origin.find("://");
    const std::string origin_host = scheme_end == std::string::npos ? origin : origin.substr(scheme_end + 3);
    if (origin == "null" || origin_host != host)
        throw http::HttpError(403, "cross_origin", {"跨站请求被拒绝", "cross-origin request refused"});
}

RequestContext context_of(const http::Request& req) {
    return {req.remote_ip, req.request_id};
}

namespace {
constexpr StatusMapping kStatusMappings[] = {
    {StatusCode::kOk, 200, "ok", "成功", "ok"},
    {StatusCode::kInvalidArgument, 400, "bad_request", "请求有误", "bad request"},
    {StatusCode::kPolicyError, 400, "bad_request", "政策参数有误", "invalid policy parameters"},
    {StatusCode::kDataError, 422, "validation_failed", "数据校验未通过", "the data failed validation"},
    {StatusCode::kNotFound, 404, "not_found", "不存在", "not found"},
    {StatusCode::kUnauthenticated, 401, "unauthorized", "请先登录", "login required"},
    {StatusCode::kCaptchaRequired, 401, "captcha_required", "请输入正确的验证码", "solve the captcha"},
    {StatusCode::kForbidden, 403, "forbidden", "无权访问", "forbidden"},
    {StatusCode::kConflict, 409, "conflict", "与当前状态冲突", "conflicts with the current state"},
    {StatusCode::kConstraintViolation, 409, "conflict", "与已有数据冲突", "conflicts with existing data"},
    {StatusCode::kTooManyRequests, 429, "too_many_requests", "请求过于频繁，请稍后再试",
     "too many requests, try later"},
    {StatusCode::kIoError, 500, "internal", "服务器内部错误", "internal error"},
    {StatusCode::kInternal, 500, "internal", "服务器内部错误", "internal error"},
};
}  // namespace

std::span<const StatusMapping> status_mappings() {
    return kStatusMappings;
}

const StatusMapping& mapping_of(StatusCode code) {
    for (const StatusMapping& m : kStatusMappings)
        if (m.code == code) return m;
    assert(false && "every StatusCode has a row in kStatusMappings (tests/app/status_mapping_test.cpp)");
    return kStatusMappings[std::size(kStatusMappings) - 1];
}

void check(const Status& s) {
    if (s) return;
    const StatusMapping& m = mapping_of(s.code());
    // A server-side failure answers with the generic text; what happened goes to the log only.
    if (m.http_status >= 500) {
        std::string log = s.text().en;
        if (!s.detail().empty()) log += (log.empty() ? "" : ": ") + s.detail();
        throw http::HttpError::internal(std::move(log));
    }
    Text text = s.text().empty() ? Text{m.message_zh, m.message_en} : s.text();
    throw http::HttpError(m.http_status, m.error_code, std::move(text), s.detail());
}

http::Handler authed(AuthService& auth, std::string permission, AuthedHandler h, bool allow_password_change) {
    return [&auth, permission = std::move(permission), h = std::move(h), allow_password_change](http::Request& req) {
        bool from_cookie = false;
        const std::string token = session_token(req, from_cookie);
        auto session = auth.authenticate(token);
        if (!session) throw http::HttpError::unauthorized();
        const bool unsafe = req.method != "GET" && req.method != "HEAD";
        if (unsafe) require_same_origin(req);
        if (from_cookie && unsafe && !equal_constant_time(req.header("x-csrf-token"), session->csrf_token))
            throw http::HttpError(403, "csrf", {"缺少或错误的CSRF令牌", "missing or wrong CSRF token"});
        if (session->principal.must_change_password && !allow_password_change)
            throw http::HttpError(403, "password_change_required",
                                  {"首次登录须先修改密码", "change your password first"});
        if (!permission.empty() && !session->principal.can(permission)) throw http::HttpError::forbidden();
        Call call{req, session->principal, context_of(req), session->csrf_token};
        return h(call);
    };
}

boost::json::object body_object(const http::Request& req) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(req.body, ec);
    if (ec)
        throw http::HttpError::bad_request(Text{"请求体不是有效的JSON：", "body is not valid JSON: "} + ec.message());
    if (!v.is_object()) throw http::HttpError::bad_request({"请求体应为JSON对象", "body must be a JSON object"});
    return std::move(v.as_object());
}

std::string get_string(const boost::json::object& o, const char* key, bool required) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) {
        if (required) throw http::HttpError::bad_request(Text{"缺少字段：", "missing field: "} + key);
        return {};
    }
    if (!it->value().is_string())
        throw http::HttpError::bad_request(Text{"字段应为字符串：", "must be a string: "} + key);
    std::string v(it->value().as_string());
    if (v.find('\0') != std::string::npos)
        throw http::HttpError::bad_request(Text{"字段含NUL字符：", "contains a NUL character: "} + key);
    return v;
}

std::optional<std::int64_t> get_int(const boost::json::object& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) return std::nullopt;
    if (it->value().is_int64()) return it->value().as_int64();
    if (it->value().is_uint64() && it->value().as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
        return static_cast<std::int64_t>(it->value().as_uint64());
    throw http::HttpError::bad_request(Text{"字段应为整数：", "must be an integer: "} + key);
}

PageRequest page_of(const http::Request& req) {
    PageRequest p;
    auto num = [&](const char* name, int def, int lo, int hi) {
        auto v = req.q(name);
        if (!v) return def;
        try {
            std::size_t used = 0;
            const long n = std::stol(*v, &used);
            if (used != v->size()) throw std::invalid_argument("x");
            return static_cast<int>(std::clamp<long>(n, lo, hi));
        } catch (...) {
            throw http::HttpError::bad_request(Text{"参数应为整数：", "not an integer: "} + name);
        }
    };
    p.page = num("page", 1, 1, 1000000);
    p.page_size = num("page_size", 50, 1, 500);
    return p;
}

std::int64_t path_id(const http::Request& req, const char* name) {
    auto it = req.params.find(name);
    if (it == req.params.end() || it->second.empty() || it->second.size() > 18 ||
        it->second.find_first_not_of("0123456789") != std::string::npos)
        throw http::HttpError::not_found();
    return std::stoll(it->second);
}

boost::json::array rows_json(const db::Rows& rows, std::initializer_list<const char*> keys) {
    boost::json::array out;
    out.reserve(rows.size());
    for (const db::Row& r : rows.rows) {
        boost::json::object o;
        std::size_t i = 0;
        for (const char* k : keys) {
            if (i >= r.size()) break;
            if (k[0] == '#') {
                if (r.is_null(i))
                    o[k + 1] = nullptr;
                else
                    o[k + 1] = r.i64(i);
            } else if (k[0] == '$') {
                if (r.is_null(i))
                    o[k + 1] = nullptr;
                else {
                    // Exact decimal yuan as a string: JSON numbers would invite binary floating point.
                    std::string y = format_yuan(r.i64(i));
                    y.erase(std::remove(y.begin(), y.end(), ','), y.end());
                    o[k + 1] = y;
                }
            } else if (k[0] == '?') {
                o[k + 1] = r.i64(i) != 0;
            } else {
                if (r.is_null(i))
                    o[k] = nullptr;
                else
                    o[k] = r.str(i);
            }
            ++i;
        }
        out.push_back(std::move(o));
    }
    return out;
}

http::Response json_response(const boost::json::value& v, int status) {
    return http::Response::json(boost::json::serialize(v), status);
}

http::Response page_json(const Page& p, const PageRequest& pr, std::initializer_list<const char*> keys) {
    boost::json::object o;
    o["total"] = p.total;
    o["page"] = pr.page;
    o["page_size"] = pr.page_size;
    o["items"] = rows_json(p.rows, keys);
    return json_response(o);
}

}  // namespace zx::api
