#include "core/utf8.hpp"

#include <gtest/gtest.h>

namespace zx {
namespace {

TEST(Utf8Length, CountsCharactersNotBytes) {
    EXPECT_EQ(utf8_length(""), 0u);
    EXPECT_EQ(utf8_length("ab"), 2u);
    EXPECT_EQ(utf8_length("修订"), 2u);
    EXPECT_EQ(utf8_length("修订a理由"), 5u);
}

TEST(TrimSpace, AsciiAndUnicodeSpaces) {
    EXPECT_EQ(trim_space("  a b \t\r\n"), "a b");
    EXPECT_EQ(trim_space("\xE3\x80\x80\xE3\x80\x80理由\xE3\x80\x80"), "理由");  // U+3000
    EXPECT_EQ(trim_space("\xC2\xA0x\xC2\xA0"), "x");                            // U+00A0
    EXPECT_EQ(trim_space("\xE2\x80\x83y\xEF\xBB\xBF"), "y");                    // U+2003, U+FEFF
    EXPECT_EQ(trim_space(" \xE3\x80\x80 \t"), "");
    EXPECT_EQ(trim_space("中文"), "中文");
    EXPECT_EQ(trim_space("\xE3\x80"), "\xE3\x80");  // a cut character is not white space
    EXPECT_EQ(trim_space("\x80"), "\x80");
}

}  // namespace
}  // namespace zx
