// The signature of an outbound service-desk webhook: the header value
// "sha256=<lower-case hex HMAC-SHA256(secret, timestamp + "." + body)>" (rules/webhook.hpp says what
// is covered). A receiver recomputes it over the raw body and the timestamp it was sent and compares
// in constant time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace zx::service_desk {

// The signature header value for `body` sent at `unix_seconds` under the subscriber's `secret`.
std::string webhook_signature(std::string_view secret, std::int64_t unix_seconds, std::string_view body);

// Whether `header_value` is the signature of `body` at `unix_seconds` under `secret` (constant-time).
bool verify_webhook_signature(std::string_view secret, std::int64_t unix_seconds, std::string_view body,
                              std::string_view header_value);

}  // namespace zx::service_desk
