#include "platform/http/request_helpers.hpp"

#include <array>
#include <boost/json.hpp>
#include <random>

namespace zx::http::internal {

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool valid_request_id(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                  c == '-';
        if (!ok) return false;
    }
    return true;
}

std::string new_request_id() {
    thread_local std::mt19937_64 rng{[] {
        std::random_device rd;
        std::seed_seq seq{rd(), rd(), rd(), rd()};
        return std::mt19937_64(seq);
    }()};
    static constexpr char kHex[] = "0123456789abcdef";
    std::uint64_t v = rng();
    std::string id(16, '0');
    for (int i = 15; i >= 0; --i, v >>= 4) id[i] = kHex[v & 0xF];
    return id;
}

bool is_api_path(std::string_view path) {
    return path == "/api" || path.substr(0, 5) == "/api/";
}

// A bounded label: a method outside the usual set would otherwise mint a new time series.
std::string method_label(const std::string& m) {
    static constexpr std::array<std::string_view, 7> kKnown = {"GET",   "HEAD",   "POST",   "PUT",
                                                               "PATCH", "DELETE", "OPTIONS"};
    for (auto k : kKnown)
        if (m == k) return m;
    return "other";
}

std::string error_body(const std::string& code, const Text& message, Lang lang, const std::string& request_id,
                       const std::string& extra_json) {
    boost::json::object err;
    err["code"] = code;
    err["message"] = message.in(lang);
    err["message_zh"] = message.zh;
    err["message_en"] = message.en;
    err["request_id"] = request_id;
    if (!extra_json.empty()) {
        boost::system::error_code ec;
        boost::json::value details = boost::json::parse(extra_json, ec);
        if (ec) details = boost::json::string(extra_json);
        err["details"] = std::move(details);
    }
    boost::json::object root;
    root["error"] = std::move(err);
    return boost::json::serialize(root);
}

Text body_too_large(std::uint64_t limit) {
    const std::string n = std::to_string(limit);
    return {"请求体过大（上限 " + n + " 字节）", "request body too large (limit " + n + " bytes)"};
}

Lang lang_of(const Request& req) {
    return lang_from_accept_language(req.header("accept-language"));
}

Response error_response(int status, const std::string& code, const Text& message, const Request& req,
                        const std::string& extra_json) {
    return Response::json(error_body(code, message, lang_of(req), req.request_id, extra_json), status);
}

bool valid_header(const std::string& name, const std::string& value) {
    if (name.empty()) return false;
    for (unsigned char c : name)
        if (c <= 0x20 || c >= 0x7F || c == ':') return false;
    for (unsigned char c : value)
        if (c == '\r' || c == '\n' || c == '\0') return false;
    return true;
}

}  // namespace zx::http::internal
