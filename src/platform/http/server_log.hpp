// The HTTP server's log on stderr: one JSON object per line, each written whole under one lock so that
// lines of concurrent requests never interleave. Internal to platform/http.
#pragma once

#include <string>
#include <string_view>

namespace zx::http::internal {

// Writes `line` and a newline to stderr in one piece and flushes. Thread-safe.
void log_line(std::string line);
// The current time in UTC with milliseconds: "2024-05-01T08:00:00.123Z".
std::string utc_timestamp();
// One error line {"ts", "level": "error", "request_id", "message", "detail"?}; "detail" only when set.
void log_error(const std::string& request_id, const std::string& message, const std::string& detail);
// `s` with every byte outside printable ASCII percent-encoded: safe to put in a log line as it is.
std::string printable(std::string_view s);

}  // namespace zx::http::internal
