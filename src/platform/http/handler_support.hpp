// Helpers for route handlers: the mapping of a Status to a typed HTTP error (the one place it
// happens), reading JSON bodies and parameters, writing JSON answers.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

#include "core/page.hpp"
#include "core/principal.hpp"
#include "core/status.hpp"
#include "platform/http/http.hpp"
#include "platform/storage/db.hpp"
#include "platform/storage/page.hpp"

namespace zx::http {

// Throws the HttpError for a non-ok status (never returns for one).
void check(const Status& s);
template <typename T>
T& check(Result<T>& r) {
    if (!r) check(r.status());
    return r.value();
}

// Request body as a JSON object, or 400 naming the problem.
boost::json::object body_object(const Request& req);
std::string get_string(const boost::json::object& o, const char* key, bool required = true);
std::optional<std::int64_t> get_int(const boost::json::object& o, const char* key);
PageRequest page_of(const Request& req);
// A numeric path parameter; 404 for anything else (an id that cannot exist is not found).
std::int64_t path_id(const Request& req, const char* name);

// Rows as an array of objects with the given keys (same order as the columns). A key starting with
// '#' is an integer column, '$' a fen column rendered as a yuan string ("1234.56"), '?' a 0/1 boolean.
boost::json::array rows_json(const db::Rows& rows, std::initializer_list<const char*> keys);
Response json_response(const boost::json::value& v, int status = 200);
Response page_json(const Page& p, const PageRequest& pr, std::initializer_list<const char*> keys);
RequestContext context_of(const Request& req);

}  // namespace zx::http
