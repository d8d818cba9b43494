// UTF-8 text: validation (the one strict check: no overlong forms, no surrogates, at most U+10FFFF),
// cutting to a byte budget without splitting a character, and terminal display width.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace zx {

// Whether `s` is well-formed UTF-8. ASCII runs are checked eight bytes at a time.
bool is_valid_utf8(std::string_view s);

// The longest prefix of `s` of at most `max_bytes` bytes that ends on a character boundary
// (`s` is assumed valid UTF-8; for other bytes the cut is still at most `max_bytes`).
std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes);

// Whether byte `c` continues a multi-byte character (10xxxxxx).
constexpr bool is_utf8_continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

// Terminal columns: ASCII takes one, every other character (CJK, full-width punctuation) two.
std::size_t display_width(std::string_view s);
// Pads `s` with spaces to `width` terminal columns.
std::string pad_display(std::string_view s, std::size_t width);

}  // namespace zx
