// A fast RFC 4180 CSV scanner over bytes in memory: fields as string_views into the buffer (quoted
// fields are unescaped into a scratch string), LF or CRLF line ends, 1-based line numbers.
// Header-only so that the per-row callback inlines (no virtual call per row).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace zx {

// Calls on_row(fields, line) for each non-empty record in [begin, end); `first_line` is the line
// number of `begin`. Returns false (and sets error_line) on an unterminated quoted field.
// Blank lines are skipped. A record that spans lines (quoted newline) reports its first line.
template <typename OnRow>
bool scan_csv(const char* begin, const char* end, std::int64_t first_line, OnRow&& on_row,
              std::int64_t* lines_seen = nullptr, std::int64_t* error_line = nullptr) {
    std::vector<std::string_view> fields;
    fields.reserve(16);
    std::vector<std::string> unquoted;  // storage for fields that needed unescaping
    std::int64_t line = first_line;
    const char* p = begin;
    while (p < end) {
        const std::int64_t record_line = line;
        fields.clear();
        std::size_t n_unquoted = 0;
        bool record_done = false;
        while (!record_done) {
            if (p < end && *p == '"') {
                // Quoted field.
                if (unquoted.size() <= n_unquoted) unquoted.emplace_back();
                std::string& buf = unquoted[n_unquoted++];
                buf.clear();
                ++p;
                bool closed = false;
                while (p < end) {
                    const char* q = static_cast<const char*>(std::memchr(p, '"', static_cast<std::size_t>(end - p)));
                    if (!q) break;
                    for (const char* c = p; c < q; ++c)
                        if (*c == '\n') ++line;
                    buf.append(p, q);
                    if (q + 1 < end && q[1] == '"') {
                        buf.push_back('"');
                        p = q + 2;
                        continue;
                    }
                    p = q + 1;
                    closed = true;
                    break;
                }
                if (!closed) {
                    if (error_line) *error_line = record_line;
                    if (lines_seen) *lines_seen = line - first_line;
                    return false;
                }
                // Anything after the closing quote up to the delimiter is appended (lenient, like Excel).
                const char* s = p;
                while (p < end && *p != ',' && *p != '\n' && *p != '\r') ++p;
                buf.append(s, p);
                fields.emplace_back(buf);
            } else {
                const char* s = p;
                while (p < end && *p != ',' && *p != '\n') ++p;
                const char* e = p;
                if (e > s && e[-1] == '\r' && (p == end || *p == '\n')) --e;
                fields.emplace_back(s, static_cast<std::size_t>(e - s));
            }
            if (p < end && *p == ',') {
                ++p;
                continue;
            }
            if (p < end && *p == '\r') ++p;
            if (p < end && *p == '\n') {
                ++p;
                ++line;
            }
            record_done = true;
        }
        if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
        on_row(fields, record_line);
    }
    if (lines_seen) *lines_seen = line - first_line;
    return true;
}

// Splits [begin, end) into up to `parts` pieces at line starts. Only valid for buffers without
// quote characters (a quoted field may hold a newline).
inline std::vector<const char*> split_at_lines(const char* begin, const char* end, int parts) {
    std::vector<const char*> cuts{begin};
    const std::size_t size = static_cast<std::size_t>(end - begin);
    for (int i = 1; i < parts; ++i) {
        const char* target = begin + size * static_cast<std::size_t>(i) / static_cast<std::size_t>(parts);
        if (target <= cuts.back()) continue;
        const char* nl = static_cast<const char*>(std::memchr(target, '\n', static_cast<std::size_t>(end - target)));
        if (!nl) break;
        cuts.push_back(nl + 1);
    }
    cuts.push_back(end);
    return cuts;
}

inline std::int64_t count_lines(const char* begin, const char* end) {
    return static_cast<std::int64_t>(std::count(begin, end, '\n'));  // vectorised; memchr per line was not
}

}  // namespace zx
