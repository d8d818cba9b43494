// Standard base64 (RFC 4648, with padding): files kept as text in both database backends, and
// attachments sent in JSON bodies.
#pragma once

#include <string>
#include <string_view>

#include "core/status.hpp"

namespace zx {

std::string base64_encode(std::string_view bytes);
// The bytes, or an Internal status when `text` is not canonical base64 (a caller reading client input
// turns it into its own message).
Result<std::string> base64_decode(std::string_view text);

}  // namespace zx
