#include "platform/http/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace zx::http {
namespace {

TEST(RateLimiter, LimitsEachKeyWithinItsWindow) {
    RateLimiter limit(3, std::chrono::seconds(1));
    EXPECT_TRUE(limit.allow("10.0.0.1"));
    EXPECT_TRUE(limit.allow("10.0.0.1"));
    EXPECT_TRUE(limit.allow("10.0.0.1"));
    EXPECT_FALSE(limit.allow("10.0.0.1"));
    EXPECT_TRUE(limit.allow("10.0.0.2")) << "another address has its own budget";
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    EXPECT_TRUE(limit.allow("10.0.0.1")) << "the window slides";
}

}  // namespace
}  // namespace zx::http
