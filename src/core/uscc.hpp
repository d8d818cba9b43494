// 统一社会信用代码 (GB 32100-2015): 18 characters over a 31-character set, the last a check character.
#pragma once

#include <string>
#include <string_view>

namespace zx {

enum class UsccError { kNone, kLength, kCharacter, kCheckCharacter };

// Validates length, alphabet and the check character (weights 3^(i-1) mod 31).
UsccError validate_uscc(std::string_view code);
// The check character for the first 17 characters (which must be in the alphabet), or '\0' if not.
char uscc_check_character(std::string_view first17);

}  // namespace zx
