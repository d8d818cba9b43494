// The HTTP server's lifecycle, each test with a server of its own: a port in use, stopping with
// requests in flight, wait(), idle timeouts, and the access log.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "platform/http/http.hpp"
#include "platform/http_test_support.hpp"

namespace zx::http::test {
namespace {

// ---- lifecycle (own servers) ----

TEST(HttpServerLifecycle, PortInUseFailsToStart) {
    ServerOptions o;
    o.port = 0;
    o.access_log = false;
    Server a(o, test_router());
    ASSERT_TRUE(a.start());
    o.port = a.port();
    Server b(o, test_router());
    std::string error;
    EXPECT_FALSE(b.start(&error));
    EXPECT_NE(error.find(std::to_string(a.port())), std::string::npos) << error;
}

TEST(HttpServerLifecycle, StopFinishesInFlightAndClosesIdle) {
    ServerOptions o;
    o.port = 0;
    o.access_log = false;
    Server s(o, test_router());
    ASSERT_TRUE(s.start());
    Client idle(s.port());
    ASSERT_TRUE(idle.request("GET", "/healthz"));

    Client busy(s.port());
    ASSERT_TRUE(busy.send("GET /api/slow?ms=400 HTTP/1.1\r\nHost: t\r\n\r\n"));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto t0 = std::chrono::steady_clock::now();
    std::thread stopper([&] { s.stop(); });
    auto r = busy.read();
    stopper.join();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->header("connection"), "close");
    EXPECT_TRUE(idle.closed_by_peer());
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(3));
    s.stop();  // idempotent
    Client refused(s.port());
    EXPECT_FALSE(refused.connected() && refused.request("GET", "/healthz").has_value());
}

TEST(HttpServerLifecycle, WaitReturnsAfterStop) {
    ServerOptions o;
    o.port = 0;
    o.access_log = false;
    Server s(o, test_router());
    ASSERT_TRUE(s.start());
    std::thread waiter([&] { s.wait(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    s.stop();
    waiter.join();
    std::string error;
    EXPECT_FALSE(s.start(&error));  // a Server starts once
    EXPECT_FALSE(error.empty());
}

TEST(HttpServerLifecycle, IdleConnectionsTimeOut) {
    ServerOptions o;
    o.port = 0;
    o.access_log = false;
    o.idle_timeout = std::chrono::seconds(1);
    Server s(o, test_router());
    ASSERT_TRUE(s.start());
    Client c(s.port());
    ASSERT_TRUE(c.send("GET /healthz HTTP/1.1\r\n"));  // never finishes its header
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_TRUE(c.closed_by_peer());
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(4));
}

TEST(HttpServerLifecycle, AccessLogIsOneJsonLinePerRequestWithoutSecrets) {
    ServerOptions o;
    o.port = 0;
    o.access_log = true;
    auto server = std::make_unique<Server>(o, test_router());
    ASSERT_TRUE(server->start());
    ::testing::internal::CaptureStderr();
    fetch(server->port(), "POST", "/api/echo",
          "X-Request-Id: log-1\r\nAuthorization: Bearer tok-SECRET\r\nCookie: sid=cookie-SECRET\r\n", "body-SECRET");
    fetch(server->port(), "GET", "/api/runs/8/rows?token=q", "X-Request-Id: log-2\r\n");
    server->stop();  // joins the workers, so every line is written
    std::string log = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(log.find("SECRET"), std::string::npos) << log;

    // Lines are written once a response is out, so their order is not the order of the requests.
    std::map<std::string, json::object> by_id;
    std::size_t pos = 0, count = 0;
    while (pos < log.size()) {
        std::size_t end = log.find('\n', pos);
        if (end == std::string::npos) end = log.size();
        json::object line = parse_object(log.substr(pos, end - pos));
        by_id[str(line["request_id"])] = line;
        ++count;
        pos = end + 1;
    }
    ASSERT_EQ(count, 2u) << log;
    ASSERT_EQ(by_id.count("log-1"), 1u) << log;
    ASSERT_EQ(by_id.count("log-2"), 1u) << log;
    auto& a = by_id["log-1"];
    EXPECT_EQ(str(a["ip"]), "127.0.0.1");
    EXPECT_EQ(str(a["method"]), "POST");
    EXPECT_EQ(str(a["route"]), "/api/echo");
    EXPECT_EQ(str(a["path"]), "/api/echo");
    EXPECT_EQ(a["status"].to_number<int>(), 200);
    EXPECT_EQ(a["bytes"].to_number<int>(), 11);
    EXPECT_TRUE(a["duration_ms"].is_number());
    EXPECT_FALSE(str(a["ts"]).empty());
    EXPECT_EQ(str(by_id["log-2"]["route"]), "/api/runs/{id}/rows");
    EXPECT_EQ(str(by_id["log-2"]["path"]), "/api/runs/8/rows");  // no query string
}
}  // namespace
}  // namespace zx::http::test
