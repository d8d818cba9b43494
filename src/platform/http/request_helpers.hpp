// Small pieces of request handling that need no socket: header names, request ids, metrics labels, the
// client's language and the JSON error body. Internal to platform/http (the server is their only user).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/text.hpp"
#include "platform/http/http.hpp"

namespace zx::http::internal {

// ASCII letters lowered; other bytes (UTF-8 included) unchanged.
std::string to_lower(std::string_view s);
// A client's X-Request-Id is kept only if it is 1 to 64 characters of [A-Za-z0-9._-].
bool valid_request_id(std::string_view s);
// 16 random lower-case hex digits. Thread-safe (one generator per thread).
std::string new_request_id();
// "/api" and everything under "/api/": never answered with a static file.
bool is_api_path(std::string_view path);
// `m` if it is a usual HTTP method, else "other": a bounded metrics label.
std::string method_label(const std::string& m);
// {"error": {"code", "message", "message_zh", "message_en", "request_id", "details"?}}: "message" in
// `lang`, both languages beside it; `extra_json` becomes "details" (as a string when it is not valid JSON).
std::string error_body(const std::string& code, const Text& message, Lang lang, const std::string& request_id,
                       const std::string& extra_json);
// The 413 message naming the limit in bytes.
Text body_too_large(std::uint64_t limit);
// The language `req` asked for in Accept-Language (Chinese by default).
Lang lang_of(const Request& req);
// error_body as a JSON response with `status`, in the language and with the request id of `req`.
Response error_response(int status, const std::string& code, const Text& message, const Request& req,
                        const std::string& extra_json = {});
// False for a header a handler set that could not be sent as it is: a bad name, or CR, LF or NUL in
// the value (header injection).
bool valid_header(const std::string& name, const std::string& value);

}  // namespace zx::http::internal
