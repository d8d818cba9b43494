// Helpers shared by the route files: authentication of a request, mapping of Status to typed HTTP
// errors (the one place it happens), JSON in and out.
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <span>
#include <string>

#include "modules/enterprise_data/data_service.hpp"
#include "modules/identity/auth.hpp"
#include "platform/http/http.hpp"
#include "platform/storage/db.hpp"

namespace zx::api {

struct Call {
    http::Request& req;
    Principal who;
    RequestContext ctx;
    std::string csrf_token;
};

using AuthedHandler = std::function<http::Response(Call&)>;

// Refuses (403 "cross_origin") an unsafe request whose Origin header names another host than the
// one it was sent to: a cross-site form cannot log a victim in, or act in their session.
void require_same_origin(const http::Request& req);

// The session token of a request: "Authorization: Bearer ..." or the zx_session cookie.
std::string session_token(const http::Request& req, bool& from_cookie);

// Wraps a handler: resolves the session (Bearer token or the zx_session cookie), enforces CSRF for
// cookie sessions on unsafe methods, the forced password change, and `permission` when not empty.
http::Handler authed(AuthService& auth, std::string permission, AuthedHandler h, bool allow_password_change = false);

// How a StatusCode reaches a client: one row per code, the only place it is decided. The message is
// the Status's own text, or this default when it has none (a driver failure); for a 5xx the client
// gets the generic text and the Status (text and detail) goes to the log.
struct StatusMapping {
    StatusCode code;
    int http_status;
    const char* error_code;  // the body's "code"
    const char* message_zh;
    const char* message_en;
};
std::span<const StatusMapping> status_mappings();
const StatusMapping& mapping_of(StatusCode code);

// Throws the HttpError for a non-ok status (never returns for one), as status_mappings() says.
void check(const Status& s);
template <typename T>
T& check(Result<T>& r) {
    if (!r) check(r.status());
    return r.value();
}

// Request body as a JSON object, or 400 naming the problem.
boost::json::object body_object(const http::Request& req);
std::string get_string(const boost::json::object& o, const char* key, bool required = true);
std::optional<std::int64_t> get_int(const boost::json::object& o, const char* key);
PageRequest page_of(const http::Request& req);
std::int64_t path_id(const http::Request& req, const char* name);

// Rows as an array of objects with the given keys (same order as the columns). A key starting with
// '#' is an integer column, '$' a fen column rendered as a yuan string ("1234.56"), '?' a 0/1 boolean.
boost::json::array rows_json(const db::Rows& rows, std::initializer_list<const char*> keys);
http::Response json_response(const boost::json::value& v, int status = 200);
http::Response page_json(const Page& p, const PageRequest& pr, std::initializer_list<const char*> keys);
RequestContext context_of(const http::Request& req);

}  // namespace zx::api
