// JSON text for the few places that write a small document by hand (audit before/after values,
// streamed exports). Escaping is Boost.JSON's, so there is one escaper in the code base.
#pragma once

#include <string>
#include <string_view>

namespace zx {

// `s` as a JSON string literal, quotes included.
std::string json_quote(std::string_view s);
// Appends json_quote(s) to `out`.
void append_json_string(std::string& out, std::string_view s);

}  // namespace zx
