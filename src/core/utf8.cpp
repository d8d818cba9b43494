#include "core/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace zx {

bool is_valid_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        // ASCII fast path, 8 bytes at a time.
        while (end - p >= 8) {
            std::uint64_t w;
            std::memcpy(&w, p, 8);
            if (w & 0x8080808080808080ULL) break;
            p += 8;
        }
        if (p >= end) break;
        unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int n;
        std::uint32_t cp;
        if ((c & 0xE0) == 0xC0)
            n = 1, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0)
            n = 2, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0)
            n = 3, cp = c & 0x07;
        else
            return false;
        if (end - p <= n) return false;
        for (int i = 1; i <= n; ++i) {
            if (!is_utf8_continuation(p[i])) return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += n + 1;
    }
    return true;
}

std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    std::size_t n = max_bytes;
    while (n > 0 && is_utf8_continuation(static_cast<unsigned char>(s[n]))) --n;
    return s.substr(0, n);
}

std::size_t display_width(std::string_view s) {
    std::size_t cols = 0;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80)
            ++cols;
        else if (!is_utf8_continuation(c))
            cols += 2;
    }
    return cols;
}

std::string pad_display(std::string_view s, std::size_t width) {
    const std::size_t cols = display_width(s);
    std::string out(s);
    if (cols < width) out.append(width - cols, ' ');
    return out;
}

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += is_utf8_continuation(c) ? 0 : 1;
    return n;
}

namespace {

// The byte length of the white space character that starts `s` (0 when it starts with none).
std::size_t leading_space(std::string_view s) {
    if (s.empty()) return 0;
    const auto c0 = static_cast<unsigned char>(s[0]);
    if (c0 == ' ' || (c0 >= '\t' && c0 <= '\r')) return 1;
    if (c0 == 0xC2 && s.size() >= 2 &&
        (static_cast<unsigned char>(s[1]) == 0xA0 || static_cast<unsigned char>(s[1]) == 0x85))
        return 2;
    if (s.size() < 3) return 0;
    const auto c1 = static_cast<unsigned char>(s[1]);
    const auto c2 = static_cast<unsigned char>(s[2]);
    const std::uint32_t cp = ((c0 & 0x0Fu) << 12) | ((c1 & 0x3Fu) << 6) | (c2 & 0x3Fu);
    if ((c0 & 0xF0) != 0xE0 || !is_utf8_continuation(c1) || !is_utf8_continuation(c2)) return 0;
    const bool space = cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
                       cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
    return space ? 3 : 0;
}

// The byte length of the white space character that ends `s` (0 when it ends with none).
std::size_t trailing_space(std::string_view s) {
    if (s.empty()) return 0;
    std::size_t start = s.size() - 1;  // the last character's first byte
    while (start > 0 && s.size() - start < 4 && is_utf8_continuation(static_cast<unsigned char>(s[start]))) --start;
    const std::size_t n = leading_space(s.substr(start));
    return n == s.size() - start ? n : 0;
}

}  // namespace

std::string_view trim_space(std::string_view s) {
    while (std::size_t n = leading_space(s)) s.remove_prefix(n);
    while (!s.empty())
        if (std::size_t n = trailing_space(s))
            s.remove_suffix(n);
        else
            break;
    return s;
}

}  // namespace zx
