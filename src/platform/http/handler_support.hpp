// Helpers for route handlers: the mapping of a Status to a typed HTTP error (the one place it
// happens), reading JSON bodies and parameters, writing JSON answers.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>

#include "core/page.hpp"
#include "core/principal.hpp"
#include "core/status.hpp"
#include "platform/http/http.hpp"

namespace zx::http {

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
boost::json::object body_object(const Request& req);
std::string get_string(const boost::json::object& o, const char* key, bool required = true);
std::optional<std::int64_t> get_int(const boost::json::object& o, const char* key);
PageRequest page_of(const Request& req);
// A numeric path parameter; 404 for anything else (an id that cannot exist is not found).
std::int64_t path_id(const Request& req, const char* name);

Response json_response(const boost::json::value& v, int status = 200);
RequestContext context_of(const Request& req);

// Typed records to JSON: each record type has a to_json next to its route table.
boost::json::value json_opt(const std::optional<std::string>& v);
boost::json::value json_opt(const std::optional<std::int64_t>& v);
// Fen as an exact decimal yuan string without separators ("1234.56"): JSON numbers would invite
// binary floating point in clients.
std::string yuan_text(std::int64_t fen);
template <typename T, typename F>
boost::json::array json_array(const std::vector<T>& items, F&& to_json) {
    boost::json::array a;
    a.reserve(items.size());
    for (const T& i : items) a.push_back(to_json(i));
    return a;
}
template <typename T, typename F>
Response page_json(const Page<T>& p, const PageRequest& pr, F&& to_json) {
    boost::json::object o;
    o["total"] = p.total;
    o["page"] = pr.page;
    o["page_size"] = pr.page_size;
    o["items"] = json_array(p.items, to_json);
    return json_response(o);
}
template <typename T, typename F>
Response items_json(const std::vector<T>& items, F&& to_json) {
    return json_response(boost::json::object{{"items", json_array(items, to_json)}});
}

}  // namespace zx::http
