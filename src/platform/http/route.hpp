// A route as data. Each module exports its routes as a RouteTable: method, path, who may call it
// (a typed Permission), what it takes and returns (JSON Schemas), the error codes it answers with,
// and the handler. The server registers the tables, the OpenAPI document is generated from them
// (platform/http/openapi.hpp) and the role × route tests iterate over them: there is no other list.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "platform/http/http.hpp"

namespace zx::http {

// What a handler of an authenticated route gets: the request, the principal resolved from the
// session (with its data scope), where the request came from, and the session's CSRF token.
struct Call {
    Request& req;
    Principal who;
    RequestContext ctx;
    std::string csrf_token;
};
using CallHandler = std::function<Response(Call&)>;

enum class Access : std::uint8_t {
    kPublic,      // no session needed (login, captcha, the documents); `who` is empty
    kSession,     // any signed-in account, whatever its role (me, logout, password change)
    kPermission,  // a session whose role holds `permission`
};

struct QueryParam {
    std::string name;
    std::string description;
    std::string type = "string";  // JSON Schema type: string | integer | boolean
};

struct Route {
    std::string method;   // GET, POST, PUT, DELETE
    std::string path;     // "/api/runs/{id}/rows"
    std::string tag;      // the module, for the document's grouping
    std::string summary;  // "中文 / English"
    Access access = Access::kPermission;
    const Permission* permission = nullptr;  // with kPermission
    bool allow_password_change = false;      // reachable before a forced password change
    std::vector<QueryParam> query;
    boost::json::value request;  // JSON Schema of the JSON body; null: no JSON body
    // Non-JSON request bodies (uploads): the media types accepted, e.g. text/csv.
    std::vector<std::string> request_media;
    int status = 200;                        // the success status
    std::string media = "application/json";  // of the success body
    boost::json::value response;             // JSON Schema of the success body (JSON media only)
    // Error codes ("validation_failed", "not_found", "conflict", ...) the handler itself answers
    // with; the access checks' codes (unauthorized, forbidden, csrf, ...) are added from `access`.
    std::vector<std::string> errors;
    CallHandler handler;
    RouteOptions options;
};

using RouteTable = std::vector<Route>;

// The HTTP status of an error code (one each; -1 for an unknown code). The codes of HttpError's
// factories and of the access checks, in one table.
int error_status(std::string_view code);
// Every known error code, for tests and the document.
const std::vector<std::string_view>& error_codes();

// The error codes a route can answer with: its own plus those its access implies.
std::vector<std::string> route_error_codes(const Route& r);

}  // namespace zx::http
