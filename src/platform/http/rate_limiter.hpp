// A sliding-window rate limit per key, in memory (per server instance).
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace zx::http {

// A sliding-window limit per key (an address), in memory: for the anonymous endpoints that write to
// the database (captchas). Thread-safe.
class RateLimiter {
  public:
    RateLimiter(std::size_t max_events, std::chrono::seconds window) : max_(max_events), window_(window) {}
    // Records an event for `key`; false when the key is over its limit (nothing recorded).
    bool allow(const std::string& key);

  private:
    std::size_t max_;
    std::chrono::seconds window_;
    std::mutex mu_;
    std::unordered_map<std::string, std::deque<std::chrono::steady_clock::time_point>> events_;
};

}  // namespace zx::http
