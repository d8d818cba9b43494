// DeskService's outbound webhooks: queued with the change, signed, retried on webhooks.toml's schedule,
// logged, claimed once when two instances share the database (desk_service_fixture.hpp).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "app/desk_service_fixture.hpp"
#include "modules/service_desk/webhook_signing.hpp"

namespace zx::desktest {
namespace {

struct Sent {
    std::string url, body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string header(const std::string& name) const {
        for (const auto& [k, v] : headers)
            if (k == name) return v;
        return {};
    }
};

TEST_P(DeskServiceTest, WebhooksAreQueuedWithTheChangeSignedAndRetried) {
    // Only the province registers one; a bad URL is refused.
    EXPECT_EQ(desk_->set_webhook(u_.hrss, kCtx, kHrss, "http://127.0.0.1:1/hook", true, false).status().code(),
              StatusCode::kForbidden);
    EXPECT_EQ(desk_->set_webhook(u_.admin, kCtx, kHrss, "ftp://x/hook", true, false).status().code(),
              StatusCode::kInvalidArgument);
    auto hook = desk_->set_webhook(u_.admin, kCtx, kHrss, "http://127.0.0.1:1/hook", true, false);
    ASSERT_TRUE(hook) << hook.status().message();
    const std::string secret = hook->secret;
    ASSERT_EQ(secret.size(), 64u);
    auto again = desk_->set_webhook(u_.admin, kCtx, kHrss, "http://127.0.0.1:1/hook2", true, false);
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->secret.empty()) << "the secret is shown once";

    const std::int64_t id = report(u_.ent1, new_case("labor", "用工缺口")).c.id;
    EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM desk_webhook_deliveries WHERE status = 'pending'"), 1);

    std::vector<Sent> sent;
    int answer = 500;
    const WebhookSender sender = [&](const std::string& url,
                                     const std::vector<std::pair<std::string, std::string>>& headers,
                                     const std::string& body) -> Result<int> {
        sent.push_back({url, body, headers});
        return answer;
    };
    ASSERT_EQ(*desk_->deliver_webhooks(sender), 1);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].url, "http://127.0.0.1:1/hook2");
    EXPECT_NE(sent[0].body.find("\"case_id\":" + std::to_string(id)), std::string::npos) << sent[0].body;
    EXPECT_EQ(sent[0].header("X-Zhenxing-Event"), "dispatch");
    const std::int64_t ts = std::stoll(sent[0].header("X-Zhenxing-Timestamp"));
    EXPECT_EQ(ts, clock_.now());
    EXPECT_TRUE(
        service_desk::verify_webhook_signature(secret, ts, sent[0].body, sent[0].header("X-Zhenxing-Signature")));
    EXPECT_FALSE(
        service_desk::verify_webhook_signature(secret, ts + 1, sent[0].body, sent[0].header("X-Zhenxing-Signature")));

    // The 500 is logged and retried 30 s later, not before.
    auto log = desk_->deliveries(u_.hrss, "", PageRequest{1, 50});
    ASSERT_TRUE(log);
    ASSERT_EQ(log->items.size(), 1u);
    EXPECT_EQ(log->items[0].status, "pending");
    EXPECT_EQ(log->items[0].attempts, 1);
    EXPECT_EQ(log->items[0].last_status, 500);
    EXPECT_EQ(*log->items[0].next_at, clock_.now() + 30);
    clock_.advance(29);
    EXPECT_EQ(*desk_->deliver_webhooks(sender), 0);
    clock_.advance(1);
    answer = 204;
    EXPECT_EQ(*desk_->deliver_webhooks(sender), 1);
    log = desk_->deliveries(u_.admin, "delivered", PageRequest{1, 50});
    ASSERT_TRUE(log);
    ASSERT_EQ(log->items.size(), 1u);
    EXPECT_EQ(log->items[0].attempts, 2);
    EXPECT_EQ(*log->items[0].delivered_at, clock_.now());
    // Another department sees none of it.
    auto other = desk_->deliveries(u_.fgw, "", PageRequest{1, 50});
    ASSERT_TRUE(other);
    EXPECT_TRUE(other->items.empty());
}

TEST_P(DeskServiceTest, AWebhookThatNeverAnswersIsMarkedFailedAfterTheLastAttempt) {
    ASSERT_TRUE(desk_->set_webhook(u_.admin, kCtx, kHrss, "http://127.0.0.1:1/hook", true, false));
    (void)report(u_.ent1, new_case("labor", "用工缺口"));
    int calls = 0;
    const WebhookSender down = [&](const std::string&, const std::vector<std::pair<std::string, std::string>>&,
                                   const std::string&) -> Result<int> {
        ++calls;
        return Status::io_error({"连接被拒绝", "connection refused"});
    };
    // 30, 60, 120, ... seconds apart: eight attempts in all (webhooks.toml), then failed.
    for (int i = 0; i < 12; ++i) {
        (void)desk_->deliver_webhooks(down);
        clock_.advance(3600);
    }
    EXPECT_EQ(calls, 8);
    EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM desk_webhook_deliveries WHERE status = 'failed' AND attempts = 8"), 1);
}

TEST_P(DeskServiceTest, TwoInstancesDeliverEachWebhookOnceAndSweepEachAlertOnce) {
    ASSERT_TRUE(desk_->set_webhook(u_.admin, kCtx, kHrss, "http://127.0.0.1:1/hook", true, false));
    const std::int64_t id = report(u_.ent1, new_case("labor", "急需焊工", "urgent")).c.id;
    DeskService other = desk_->with_clock(clock_);
    int calls = 0, nested = -1;
    const WebhookSender inner = [&](const std::string&, const std::vector<std::pair<std::string, std::string>>&,
                                    const std::string&) -> Result<int> {
        ++calls;
        return 200;
    };
    // While this instance is sending, the other looks for due deliveries: the claim keeps it off.
    const WebhookSender outer = [&](const std::string&, const std::vector<std::pair<std::string, std::string>>&,
                                    const std::string&) -> Result<int> {
        ++calls;
        nested = *other.deliver_webhooks(inner);
        return 200;
    };
    ASSERT_EQ(*desk_->deliver_webhooks(outer), 1);
    EXPECT_EQ(nested, 0) << "claimed by the first instance";
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(*other.deliver_webhooks(inner), 0) << "already delivered";
    // Both sweep past the response warning: one warn event.
    clock_.advance(50 * kMinute);
    (void)desk_->sweep();
    (void)other.sweep();
    EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM desk_events WHERE action = 'warn' AND case_id = " + std::to_string(id)),
              1);
}

}  // namespace
}  // namespace zx::desktest
