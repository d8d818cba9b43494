// Text: a message for a person, in Chinese and English. The language is chosen where the message
// leaves the program (the CLI's --lang, the server's Accept-Language), never by the code that made it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace zx {

enum class Lang : std::uint8_t { kZh, kEn };

struct Text {
    std::string zh, en;

    Text() = default;
    // Both languages, always: there is deliberately no one-string constructor.
    Text(std::string zh_text, std::string en_text) : zh(std::move(zh_text)), en(std::move(en_text)) {}

    const std::string& in(Lang l) const { return l == Lang::kEn ? en : zh; }
    bool empty() const { return zh.empty() && en.empty(); }
};

// Joins texts language by language: {"文件 ", "file "} + Text{"缺失", "missing"}.
inline Text operator+(const Text& a, const Text& b) {
    return {a.zh + b.zh, a.en + b.en};
}
// Appends (or prepends) a piece that reads the same in both languages: a file name, a number, a value.
inline Text operator+(const Text& a, std::string_view same) {
    return {a.zh + std::string(same), a.en + std::string(same)};
}
inline Text operator+(std::string_view same, const Text& b) {
    return {std::string(same) + b.zh, std::string(same) + b.en};
}

// The language of an Accept-Language header (RFC 9110 §12.5.4): the supported language with the
// highest q-value, the earlier one on a tie; "en", "en-US,en;q=0.9" -> kEn. Chinese when the header is
// empty, malformed or names neither language ("*" and q=0 included).
Lang lang_from_accept_language(std::string_view header);

}  // namespace zx
