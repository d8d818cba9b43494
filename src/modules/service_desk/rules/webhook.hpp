// Outbound webhooks of the service desk, the pure part: when to try a failed delivery again, and the
// exact bytes the signature covers. The HMAC itself is platform crypto
// (modules/service_desk/webhook_signing.hpp), which rules may not include.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace zx::service_desk {

// The retry schedule, filled by the caller from data. A delivery is attempted at most max_attempts
// times; after the k-th failed attempt the next one waits first_delay · 2^(k-1), capped at max_delay:
// with the defaults 30 s, 60 s, 120 s, 240 s, 480 s, 960 s, 1920 s, then no 9th attempt.
struct WebhookRetryPolicy {
    std::int64_t first_delay_seconds = 30;
    std::int64_t max_delay_seconds = 3600;
    int max_attempts = 8;
};

// Whether `p` is usable: first_delay >= 1 s, max_delay >= first_delay, max_attempts >= 1. The error
// (kInvalidArgument, Chinese and English) names the field.
Status validate(const WebhookRetryPolicy& p);

// The seconds to wait after attempt number `attempt` (1 = the first delivery) failed, or nullopt when
// that was the last attempt allowed. `p` must be valid and `attempt` >= 1. Never overflows, however
// large `attempt` or the delays are.
std::optional<std::int64_t> next_attempt_delay(const WebhookRetryPolicy& p, int attempt);

// What the signature covers: the decimal Unix timestamp sent with the request, ".", then the body
// exactly as sent ("1700000000.{...}"). Binding the timestamp lets a receiver refuse a replay.
std::string webhook_signing_input(std::int64_t unix_seconds, std::string_view body);

}  // namespace zx::service_desk
