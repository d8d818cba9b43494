#include "core/text.hpp"

#include <cctype>

namespace zx {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// "zh", "zh-CN", "ZH-hans-cn" match "zh"; "zha" does not.
bool has_primary(std::string_view tag, std::string_view primary) {
    if (tag.size() < primary.size() || !iequals(tag.substr(0, primary.size()), primary)) return false;
    return tag.size() == primary.size() || tag[primary.size()] == '-';
}

// The q-value in thousandths (0..1000), or -1 when malformed.
int parse_q(std::string_view v) {
    v = trim(v);
    if (v.empty() || (v[0] != '0' && v[0] != '1')) return -1;
    int q = (v[0] - '0') * 1000;
    if (v.size() == 1) return q;
    if (v[1] != '.' || v.size() > 5) return -1;
    int scale = 100;
    for (std::size_t i = 2; i < v.size(); ++i, scale /= 10) {
        if (v[i] < '0' || v[i] > '9') return -1;
        q += (v[i] - '0') * scale;
    }
    return q > 1000 ? -1 : q;
}

}  // namespace

Lang lang_from_accept_language(std::string_view header) {
    int best_q = 0;  // q=0 means "not acceptable": never chosen
    Lang best = Lang::kZh;
    while (!header.empty()) {
        const std::size_t comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        const std::size_t semi = item.find(';');
        const std::string_view tag = trim(item.substr(0, semi));
        int q = 1000;
        for (std::string_view params = semi == std::string_view::npos ? std::string_view() : item.substr(semi + 1);
             !params.empty();) {
            const std::size_t next = params.find(';');
            const std::string_view p = trim(params.substr(0, next));
            params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
            if (p.size() >= 2 && (p[0] == 'q' || p[0] == 'Q') && trim(p.substr(1)).substr(0, 1) == "=") {
                const std::string_view after = trim(p.substr(1));
                q = parse_q(after.substr(1));
            }
        }
        if (q <= best_q) continue;  // malformed (-1), unacceptable, or not better than an earlier one
        if (has_primary(tag, "en")) {
            best = Lang::kEn;
            best_q = q;
        } else if (has_primary(tag, "zh")) {
            best = Lang::kZh;
            best_q = q;
        }
    }
    return best;
}

}  // namespace zx
