#include "modules/service_desk/webhook_signing.hpp"

#include "modules/service_desk/rules/webhook.hpp"
#include "platform/crypto/crypto.hpp"

namespace zx::service_desk {

std::string webhook_signature(std::string_view secret, std::int64_t unix_seconds, std::string_view body) {
    return "sha256=" + hmac_sha256_hex(secret, webhook_signing_input(unix_seconds, body));
}

bool verify_webhook_signature(std::string_view secret, std::int64_t unix_seconds, std::string_view body,
                              std::string_view header_value) {
    const std::string mac = hmac_sha256_hex(secret, webhook_signing_input(unix_seconds, body));
    return !mac.empty() && equal_constant_time("sha256=" + mac, header_value);
}

}  // namespace zx::service_desk
