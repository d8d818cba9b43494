#include "platform/http/route.hpp"

#include <algorithm>
#include <utility>

namespace zx::http {
namespace {

const std::vector<std::pair<std::string_view, int>>& table() {
    static const std::vector<std::pair<std::string_view, int>> kCodes = {
        {"bad_request", 400},
        {"unauthorized", 401},
        {"captcha_required", 401},
        {"forbidden", 403},
        {"csrf", 403},
        {"cross_origin", 403},
        {"password_change_required", 403},
        {"not_found", 404},
        {"method_not_allowed", 405},
        {"conflict", 409},
        {"payload_too_large", 413},
        {"validation_failed", 422},
        {"too_many_requests", 429},
        {"internal", 500},
        {"unavailable", 503},
    };
    return kCodes;
}

}  // namespace

int error_status(std::string_view code) {
    for (const auto& [c, s] : table())
        if (c == code) return s;
    return -1;
}

const std::vector<std::string_view>& error_codes() {
    static const std::vector<std::string_view> kAll = [] {
        std::vector<std::string_view> v;
        for (const auto& [c, s] : table()) v.push_back(c);
        return v;
    }();
    return kAll;
}

std::vector<std::string> route_error_codes(const Route& r) {
    std::vector<std::string> out = r.errors;
    const bool unsafe = r.method != "GET" && r.method != "HEAD";
    if (!r.request.is_null() || !r.request_media.empty()) out.emplace_back("bad_request");
    if (r.access != Access::kPublic) {
        out.emplace_back("unauthorized");
        if (!r.allow_password_change) out.emplace_back("password_change_required");
        if (unsafe) {
            out.emplace_back("csrf");
            out.emplace_back("cross_origin");
        }
    }
    if (r.access == Access::kPermission) out.emplace_back("forbidden");
    if (!r.request.is_null() || !r.request_media.empty()) out.emplace_back("payload_too_large");
    out.emplace_back("internal");
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace zx::http
