// UTF-8 text: validation (the one strict check: no overlong forms, no surrogates, at most U+10FFFF),
// cutting to a byte budget without splitting a character, counting characters, trimming white space
// (ASCII and Unicode), and terminal display width.
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

// The number of characters (code points) of `s`: every byte that does not continue a character.
std::size_t utf8_length(std::string_view s);

// `s` without leading and trailing white space: ASCII white space and the Unicode spaces a form can
// carry (U+00A0, U+1680, U+2000–U+200B, U+2028, U+2029, U+202F, U+205F, U+3000 ideographic space, U+FEFF).
std::string_view trim_space(std::string_view s);

// Whether byte `c` continues a multi-byte character (10xxxxxx).
constexpr bool is_utf8_continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

// Terminal columns: ASCII takes one, every other character (CJK, full-width punctuation) two.
std::size_t display_width(std::string_view s);
// Pads `s` with spaces to `width` terminal columns.
std::string pad_display(std::string_view s, std::size_t width);

}  // namespace zx
