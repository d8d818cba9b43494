#include "modules/service_desk/rules/webhook.hpp"

#include <cassert>

namespace zx::service_desk {

Status validate(const WebhookRetryPolicy& p) {
    if (p.first_delay_seconds < 1)
        return Status::invalid({"webhook 重试：first_delay_seconds 应至少为1秒",
                                "webhook retries: first_delay_seconds must be at least 1 second"});
    if (p.max_delay_seconds < p.first_delay_seconds)
        return Status::invalid({"webhook 重试：max_delay_seconds 不能小于 first_delay_seconds",
                                "webhook retries: max_delay_seconds must not be below first_delay_seconds"});
    if (p.max_attempts < 1)
        return Status::invalid(
            {"webhook 重试：max_attempts 应至少为1", "webhook retries: max_attempts must be at least 1"});
    return Status::ok();
}

std::optional<std::int64_t> next_attempt_delay(const WebhookRetryPolicy& p, int attempt) {
    assert(validate(p).is_ok() && attempt >= 1);
    if (attempt >= p.max_attempts) return std::nullopt;
    std::int64_t delay = p.first_delay_seconds;
    // Doubling stops at the cap, so neither the shift count nor the product can overflow.
    for (int k = 1; k < attempt && delay < p.max_delay_seconds; ++k)
        delay = delay > p.max_delay_seconds / 2 ? p.max_delay_seconds : delay * 2;
    return delay < p.max_delay_seconds ? delay : p.max_delay_seconds;
}

std::string webhook_signing_input(std::int64_t unix_seconds, std::string_view body) {
    std::string out = std::to_string(unix_seconds);
    out += '.';
    out += body;
    return out;
}

}  // namespace zx::service_desk
