#include "modules/identity/route_guard.hpp"

#include <cassert>

#include "platform/crypto/crypto.hpp"
#include "platform/http/handler_support.hpp"

namespace zx::identity {

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

http::Handler guard(AuthService& auth, const http::Route& route) {
    if (route.access == http::Access::kPublic)
        return [h = route.handler](http::Request& req) {
            http::Call call{req, Principal{}, http::context_of(req), {}};
            return h(call);
        };
    assert(route.access != http::Access::kPermission || route.permission);  // a table without one is a bug
    const Permission* permission = route.access == http::Access::kPermission ? route.permission : nullptr;
    const bool allow_password_change = route.allow_password_change;
    return [&auth, permission, h = route.handler, allow_password_change](http::Request& req) {
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
        if (permission && !session->principal.can(*permission)) throw http::HttpError::forbidden();
        http::Call call{req, session->principal, http::context_of(req), session->csrf_token};
        return h(call);
    };
}

}  // namespace zx::identity
