#include "platform/http/server_log.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace zx::http::internal {
namespace {

std::mutex g_log_mu;

}  // namespace

void log_line(std::string line) {
    line += '\n';
    std::lock_guard lock(g_log_mu);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

std::string utc_timestamp() {
    auto now = std::chrono::system_clock::now();
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[40];
    std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms));
    return buf;
}

void log_error(const std::string& request_id, const std::string& message, const std::string& detail) {
    boost::json::object o;
    o["ts"] = utc_timestamp();
    o["level"] = "error";
    o["request_id"] = request_id;
    o["message"] = message;
    if (!detail.empty()) o["detail"] = detail;
    log_line(boost::json::serialize(o));
}

// Bytes outside printable ASCII percent-encoded, so a log line stays valid UTF-8 whatever was sent.
std::string printable(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (c > 0x20 && c < 0x7F) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
    return out;
}

}  // namespace zx::http::internal
