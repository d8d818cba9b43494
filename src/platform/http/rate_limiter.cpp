#include "platform/http/rate_limiter.hpp"

namespace zx::http {

bool RateLimiter::allow(const std::string& key) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mu_);
    if (events_.size() > 100000) events_.clear();  // bounded memory under a flood of addresses
    auto& q = events_[key];
    while (!q.empty() && now - q.front() > window_) q.pop_front();
    if (q.size() >= max_) return false;
    q.push_back(now);
    return true;
}

}  // namespace zx::http
