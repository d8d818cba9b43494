// The checks of list filters (query parameters) shared by this module's lists and those of the modules
// that build on it: an unknown value is an error naming the parameter and the values it accepts, not
// a silent empty list; a search text is matched literally (its % and _ are not wildcards).
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace zx {

// Ok when `value` is empty (no filter) or one of `allowed`; otherwise a DataError (HTTP 422) naming
// `param`, the value and the allowed values.
Status check_filter(std::string_view param, const std::string& value, std::span<const std::string_view> allowed);
Status check_filter(std::string_view param, const std::string& value, std::initializer_list<std::string_view> allowed);
// Ok when `value` is empty or a YYYY-MM month; otherwise a DataError naming `param`.
Status check_month_filter(std::string_view param, const std::string& value);
// Ok when `value` is empty or a well-formed USCC (18 characters, valid check character).
Status check_uscc_filter(std::string_view param, const std::string& value);
// A 422 for `param` with the reason given (for rules the helpers above do not cover).
Status filter_error(std::string_view param, const std::string& value, const Text& expected);

// `text` for a LIKE pattern with `kLikeEscape` as its escape character: %, _ and the escape itself
// match literally. The condition must say ESCAPE '!' (both SQLite and PostgreSQL accept it).
inline constexpr char kLikeEscape = '!';
std::string escape_like(std::string_view text);

}  // namespace zx
