// Outbound webhooks: the retry schedule (doubling from the first delay, capped, a fixed number of
// attempts, no overflow), the policy's validation, and the signature header over timestamp "." body
// (checked against values computed independently with Python's hmac module).
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "modules/service_desk/rules/webhook.hpp"
#include "modules/service_desk/webhook_signing.hpp"

namespace zx::service_desk {
namespace {

TEST(WebhookRetry, DefaultScheduleDoublesFromThirtySecondsForEightAttempts) {
    const WebhookRetryPolicy p;
    ASSERT_TRUE(validate(p));
    std::vector<std::int64_t> delays;
    for (int attempt = 1; attempt <= 20; ++attempt)
        if (auto d = next_attempt_delay(p, attempt)) delays.push_back(*d);
    EXPECT_EQ(delays, (std::vector<std::int64_t>{30, 60, 120, 240, 480, 960, 1920}));
    EXPECT_EQ(next_attempt_delay(p, 7), 1920);
    EXPECT_EQ(next_attempt_delay(p, 8), std::nullopt);  // the 8th attempt was the last
    EXPECT_EQ(next_attempt_delay(p, 9), std::nullopt);
}

TEST(WebhookRetry, CappedAtTheMaximumDelay) {
    WebhookRetryPolicy p;
    p.max_attempts = 12;
    std::vector<std::int64_t> delays;
    for (int attempt = 1; attempt < 12; ++attempt) delays.push_back(next_attempt_delay(p, attempt).value());
    EXPECT_EQ(delays, (std::vector<std::int64_t>{30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600}));
    EXPECT_EQ(next_attempt_delay(p, 12), std::nullopt);

    // A cap that is not a power-of-two multiple of the first delay is reached exactly.
    p.first_delay_seconds = 45;
    p.max_delay_seconds = 100;
    EXPECT_EQ(next_attempt_delay(p, 1), 45);
    EXPECT_EQ(next_attempt_delay(p, 2), 90);
    EXPECT_EQ(next_attempt_delay(p, 3), 100);
    // A cap equal to the first delay: constant.
    p.max_delay_seconds = 45;
    EXPECT_EQ(next_attempt_delay(p, 5), 45);
}

TEST(WebhookRetry, NeverOverflows) {
    WebhookRetryPolicy p;
    p.max_attempts = std::numeric_limits<int>::max();
    p.max_delay_seconds = std::numeric_limits<std::int64_t>::max();
    EXPECT_EQ(next_attempt_delay(p, 1), 30);
    // 30 · 2^61 overflows; the cap holds instead.
    EXPECT_EQ(next_attempt_delay(p, 63), std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(next_attempt_delay(p, 100000), std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(next_attempt_delay(p, 59), std::int64_t{30} << 58);
}

TEST(WebhookRetry, OneAttemptMeansNoRetry) {
    WebhookRetryPolicy p;
    p.max_attempts = 1;
    EXPECT_EQ(next_attempt_delay(p, 1), std::nullopt);
}

TEST(WebhookRetry, ValidationNamesTheField) {
    WebhookRetryPolicy p;
    p.first_delay_seconds = 0;
    Status s = validate(p);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(s.message(Lang::kEn).find("first_delay_seconds"), std::string::npos);
    EXPECT_NE(s.message(Lang::kZh).find("first_delay_seconds"), std::string::npos);
    p = {};
    p.max_delay_seconds = 29;
    s = validate(p);
    EXPECT_FALSE(s);
    EXPECT_NE(s.message(Lang::kEn).find("max_delay_seconds"), std::string::npos);
    p = {};
    p.max_attempts = 0;
    s = validate(p);
    EXPECT_FALSE(s);
    EXPECT_NE(s.message(Lang::kEn).find("max_attempts"), std::string::npos);
    EXPECT_NE(s.message(Lang::kZh).find("max_attempts"), std::string::npos);
}

TEST(WebhookSignature, HeaderValueOverTimestampDotBody) {
    const std::string body = R"({"event":"case.replied","id":12})";
    EXPECT_EQ(webhook_signing_input(1700000000, body), "1700000000." + body);
    EXPECT_EQ(webhook_signing_input(0, ""), "0.");
    EXPECT_EQ(webhook_signature("whsec_test", 1700000000, body),
              "sha256=fc5228b3d6f79d23a384027518e1011c19bf4b0dab7b1ccf1b1dc6412e4cf7ec");
    // The timestamp is covered: one second later is another signature.
    EXPECT_EQ(webhook_signature("whsec_test", 1700000001, body),
              "sha256=01533723936e9ca253fd289213a0f8cf14e8e17db5eff726554ae47077cac10a");
    EXPECT_EQ(webhook_signature("密钥", 0, ""),
              "sha256=894173004f6e212c6d4894ced07bc4fc04d26cf8b437e6a41b7586a3eb742c7a");
}

TEST(WebhookSignature, VerifyAcceptsOnlyTheExactSignature) {
    const std::string body = R"({"event":"case.replied","id":12})";
    const std::string good = "sha256=fc5228b3d6f79d23a384027518e1011c19bf4b0dab7b1ccf1b1dc6412e4cf7ec";
    EXPECT_TRUE(verify_webhook_signature("whsec_test", 1700000000, body, good));
    EXPECT_FALSE(verify_webhook_signature("whsec_test", 1700000001, body, good));
    EXPECT_FALSE(verify_webhook_signature("whsec_other", 1700000000, body, good));
    EXPECT_FALSE(verify_webhook_signature("whsec_test", 1700000000, body + " ", good));
    EXPECT_FALSE(verify_webhook_signature("whsec_test", 1700000000, body, good.substr(7)));  // no prefix
    EXPECT_FALSE(verify_webhook_signature("whsec_test", 1700000000, body, "sha256="));
    EXPECT_FALSE(verify_webhook_signature("whsec_test", 1700000000, body, ""));
}

}  // namespace
}  // namespace zx::service_desk
