#include "core/json_text.hpp"

#include <boost/json/serialize.hpp>

namespace zx {

std::string json_quote(std::string_view s) {
    return boost::json::serialize(boost::json::string_view(s.data(), s.size()));
}

void append_json_string(std::string& out, std::string_view s) {
    out += json_quote(s);
}

}  // namespace zx
