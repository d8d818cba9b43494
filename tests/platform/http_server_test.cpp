// The HTTP server end to end over loopback, with a deliberately dumb blocking client on a raw POSIX
// socket (keeps Beast out of the tests). Servers of their own: http_server_lifecycle_test.cpp; the
// Router, Response, Request and Metrics pieces alone: http_pieces_test.cpp.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "platform/http/http.hpp"
#include "platform/http/static_files.hpp"
#include "platform/http_test_support.hpp"
#include "support/raw_http_client.hpp"

namespace zx::http::test {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

class HttpServerTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        root_ = fs::temp_directory_path() / ("zx-http-" + std::to_string(::getpid()));
        fs::remove_all(root_);
        fs::create_directories(root_ / "web" / "assets");
        std::ofstream(root_ / "web" / "index.html") << "<!doctype html><title>振兴</title>";
        std::ofstream(root_ / "web" / "assets" / "app.3f2a9c.js") << "console.log('zx')";
        // A precompressed copy (its bytes stand in for gzip: the server never inflates them).
        std::ofstream(root_ / "web" / "assets" / "app.3f2a9c.js.gz") << "GZ-BYTES";
        std::ofstream(root_ / "web" / "assets" / "app.3f2a9c.css") << "body{}";
        std::ofstream(root_ / "web" / "favicon.ico") << "ico";
        std::ofstream(root_ / "web" / ".env") << "SECRET=1";
        std::ofstream(root_ / "outside-secret.txt") << "TOP-SECRET-OUTSIDE";
        fs::create_symlink(root_ / "outside-secret.txt", root_ / "web" / "leak.txt");
        fs::create_symlink(root_ / "outside-secret.txt", root_ / "web" / "assets" / "leak.js");

        ServerOptions o;
        o.port = 0;
        o.threads = 4;
        o.static_dir = (root_ / "web").string();
        o.max_header_bytes = 4096;
        o.idle_timeout = std::chrono::seconds(10);
        o.access_log = false;
        server_ = new Server(o, test_router());
        std::string error;
        ASSERT_TRUE(server_->start(&error)) << error;
        port_ = server_->port();
        ASSERT_NE(port_, 0);
    }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
        fs::remove_all(root_);
    }

    static inline fs::path root_;
    static inline Server* server_ = nullptr;
    static inline std::uint16_t port_ = 0;
};

// ---- routing ----

TEST_F(HttpServerTest, RoutesWithPathParametersAndQuery) {
    Reply r = fetch(port_, "GET", "/api/runs/42/rows?page=3");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
    auto o = parse_object(r.body);
    EXPECT_EQ(str(o["id"]), "42");
    EXPECT_EQ(str(o["page"]), "3");

    // A literal segment beats {id}, registered before or after.
    EXPECT_EQ(str(parse_object(fetch(port_, "GET", "/api/runs/latest/rows?page=1").body)["id"]), "latest");
    EXPECT_EQ(str(parse_object(fetch(port_, "GET", "/api/runs/latest").body)["id"]), "latest");
}

TEST_F(HttpServerTest, DecodesPathQueryAndCookies) {
    Reply r = fetch(port_, "GET", "/api/echo?city=%E5%8D%97%E5%AE%81&x=a+b%26c",
                    "Cookie: theme=dark; sid=abc123\r\nX-Custom: hello\r\n");
    ASSERT_EQ(r.status, 200);
    auto o = parse_object(r.body);
    EXPECT_EQ(str(o["city"]), "南宁");
    EXPECT_EQ(str(o["x"]), "a b&c");
    EXPECT_EQ(str(o["sid"]), "abc123");
    EXPECT_EQ(str(o["custom"]), "hello");

    EXPECT_EQ(str(parse_object(fetch(port_, "GET", "/api/%65cho?city=%E5%8D%97").body)["city"]), "南");
}

TEST_F(HttpServerTest, BadEncodingIs400) {
    for (const char* target : {"/api/echo?city=%zz", "/api/%zz", "/api/echo?city=%FF%FE", "/api/ech%00o"}) {
        Reply r = fetch(port_, "GET", target);
        EXPECT_EQ(r.status, 400) << target;
        EXPECT_EQ(str(parse_object(r.body)["error"].as_object()["code"]), "bad_request") << target;
    }
}

// ---- errors ----

TEST_F(HttpServerTest, HttpErrorBecomesJsonWithDetails) {
    Reply r = fetch(port_, "GET", "/api/fail/http", "X-Request-Id: trace-1\r\n");
    EXPECT_EQ(r.status, 422);
    auto err = parse_object(r.body)["error"].as_object();
    EXPECT_EQ(str(err["code"]), "validation_failed");
    EXPECT_EQ(str(err["message"]), "第 3 行有误");  // no Accept-Language: Chinese
    EXPECT_EQ(str(err["message_zh"]), "第 3 行有误");
    EXPECT_EQ(str(err["message_en"]), "row 3 is invalid");
    EXPECT_EQ(str(err["request_id"]), "trace-1");
    EXPECT_EQ(json::serialize(err["details"]), R"({"rows":[3,5]})");
}

TEST_F(HttpServerTest, ErrorMessageFollowsAcceptLanguage) {
    for (const char* header : {"Accept-Language: en\r\n", "Accept-Language: en-US,en;q=0.9,zh-CN;q=0.8\r\n"}) {
        Reply r = fetch(port_, "GET", "/api/fail/http", header);
        EXPECT_EQ(r.status, 422);
        auto err = parse_object(r.body)["error"].as_object();
        EXPECT_EQ(str(err["message"]), "row 3 is invalid") << header;
        EXPECT_EQ(str(err["message_zh"]), "第 3 行有误");
    }
    Reply zh = fetch(port_, "GET", "/api/fail/http", "Accept-Language: zh-CN,zh;q=0.9,en;q=0.8\r\n");
    EXPECT_EQ(str(parse_object(zh.body)["error"].as_object()["message"]), "第 3 行有误");
    // The server's own errors too (no route matched).
    Reply missing = fetch(port_, "GET", "/api/nothing/here", "Accept-Language: en\r\n");
    EXPECT_EQ(str(parse_object(missing.body)["error"].as_object()["message"]), "not found");
}

TEST_F(HttpServerTest, UnknownApiPathIs404Json) {
    Reply r = fetch(port_, "GET", "/api/nothing/here");
    EXPECT_EQ(r.status, 404);
    auto err = parse_object(r.body)["error"].as_object();
    EXPECT_EQ(str(err["code"]), "not_found");
    EXPECT_EQ(str(err["request_id"]), r.header("x-request-id"));
    EXPECT_FALSE(err.contains("details"));
}

TEST_F(HttpServerTest, OtherMethodIs405WithAllow) {
    Reply r = fetch(port_, "PUT", "/api/runs/7", "Content-Length: 0\r\n");
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.header("allow"), "DELETE");
    EXPECT_EQ(str(parse_object(r.body)["error"].as_object()["code"]), "method_not_allowed");

    Reply echo = fetch(port_, "DELETE", "/api/echo");
    EXPECT_EQ(echo.status, 405);
    EXPECT_EQ(echo.header("allow"), "GET, POST, HEAD");
}

TEST_F(HttpServerTest, ExceptionsAre500WithoutDetail) {
    for (const char* target : {"/api/fail/std", "/api/fail/int", "/api/fail/detail"}) {
        Reply r = fetch(port_, "GET", target);
        EXPECT_EQ(r.status, 500) << target;
        auto err = parse_object(r.body)["error"].as_object();
        EXPECT_EQ(str(err["code"]), "internal");
        EXPECT_EQ(str(err["message"]), "服务器内部错误");
        EXPECT_EQ(str(err["message_zh"]), "服务器内部错误");
        EXPECT_EQ(str(err["message_en"]), "internal error");
        // code, the message (chosen, Chinese, English), request_id: nothing of the exception
        EXPECT_EQ(err.size(), 5u) << r.body;
        EXPECT_EQ(r.body.find("hunter2"), std::string::npos);
        EXPECT_EQ(r.body.find("secret-detail"), std::string::npos);
    }
}

// ---- limits ----

TEST_F(HttpServerTest, BodyWithinRouteLimitIsRead) {
    Reply r = fetch(port_, "POST", "/api/echo", "Content-Type: text/plain\r\n", "hello 振兴");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "hello 振兴");

    std::string big(3 << 20, 'x');
    Reply b = fetch(port_, "POST", "/api/big", {}, big);
    EXPECT_EQ(b.status, 200);
    EXPECT_EQ(b.body, std::to_string(big.size()));
}

TEST_F(HttpServerTest, OversizedBodyIs413BeforeItIsRead) {
    Client c(port_);
    // Announces 10 MB against the route's 64 bytes and sends only a little: the answer must not wait.
    ASSERT_TRUE(
        c.send("POST /api/echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10000000\r\n\r\n" + std::string(1000, 'x')));
    auto r = c.read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    EXPECT_EQ(str(parse_object(r->body)["error"].as_object()["code"]), "payload_too_large");
    EXPECT_EQ(r->header("connection"), "close");
    EXPECT_TRUE(c.closed_by_peer());
}

TEST_F(HttpServerTest, OversizedChunkedBodyIs413) {
    Client c(port_);
    std::string chunk(100, 'y');
    ASSERT_TRUE(
        c.send("POST /api/echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n" + chunk + "\r\n"));
    auto r = c.read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
}

TEST_F(HttpServerTest, ChunkedBodyWithinLimitIsRead) {
    Client c(port_);
    ASSERT_TRUE(
        c.send("POST /api/echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
               "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
    auto r = c.read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "hello world");
}

TEST_F(HttpServerTest, ExpectContinueGets100First) {
    Client c(port_);
    ASSERT_TRUE(c.send("POST /api/echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n"));
    auto cont = c.read();
    ASSERT_TRUE(cont);
    EXPECT_EQ(cont->status, 100);
    ASSERT_TRUE(c.send("ok"));
    auto r = c.read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "ok");
}

TEST_F(HttpServerTest, HugeHeaderIs431) {
    Client c(port_);
    ASSERT_TRUE(c.send("GET /api/echo HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n"));
    auto r = c.read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 431);
    EXPECT_EQ(str(parse_object(r->body)["error"].as_object()["code"]), "header_too_large");
}

// ---- connections and ids ----

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
    Client c(port_);
    auto a = c.request("GET", "/healthz");
    auto b = c.request("GET", "/api/runs/1/rows");
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->status, 200);
    EXPECT_EQ(b->status, 200);
    EXPECT_NE(a->header("connection"), "close");

    // Pipelined: both requests in one write, answered in order.
    ASSERT_TRUE(
        c.send("GET /api/runs/2/rows HTTP/1.1\r\nHost: t\r\n\r\nGET /api/runs/3/rows HTTP/1.1\r\nHost: t\r\n\r\n"));
    auto r2 = c.read();
    auto r3 = c.read();
    ASSERT_TRUE(r2 && r3);
    EXPECT_EQ(str(parse_object(r2->body)["id"]), "2");
    EXPECT_EQ(str(parse_object(r3->body)["id"]), "3");
}

TEST_F(HttpServerTest, Http10WithoutKeepAliveCloses) {
    Client c(port_);
    ASSERT_TRUE(c.send("GET /healthz HTTP/1.0\r\n\r\n"));
    auto r = c.read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_TRUE(c.closed_by_peer());
}

TEST_F(HttpServerTest, RequestIdIsEchoedOrGenerated) {
    EXPECT_EQ(fetch(port_, "GET", "/healthz", "X-Request-Id: abc-123.X_y\r\n").header("x-request-id"), "abc-123.X_y");
    std::string generated = fetch(port_, "GET", "/healthz").header("x-request-id");
    EXPECT_TRUE(is_hex16(generated)) << generated;
    EXPECT_NE(generated, fetch(port_, "GET", "/healthz").header("x-request-id"));
    for (const std::string& bad :
         {std::string("has space"), std::string(65, 'a'), std::string("semi;colon"), std::string("<script>")}) {
        std::string id = fetch(port_, "GET", "/healthz", "X-Request-Id: " + bad + "\r\n").header("x-request-id");
        EXPECT_TRUE(is_hex16(id)) << bad << " -> " << id;
    }
    Reply err = fetch(port_, "GET", "/api/nope", "X-Request-Id: " + std::string(64, 'z') + "\r\n");
    EXPECT_EQ(str(parse_object(err.body)["error"].as_object()["request_id"]), std::string(64, 'z'));
}

TEST_F(HttpServerTest, SecurityHeadersOnEveryResponse) {
    for (const char* target : {"/healthz", "/api/nope", "/", "/assets/app.3f2a9c.js"}) {
        Reply r = fetch(port_, "GET", target);
        EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << target;
        EXPECT_EQ(r.header("x-frame-options"), "DENY") << target;
        EXPECT_EQ(r.header("referrer-policy"), "no-referrer") << target;
        EXPECT_FALSE(r.header("content-security-policy").empty()) << target;
    }
    EXPECT_EQ(fetch(port_, "GET", "/api/runs/1/rows").header("cache-control"), "no-store");
}

// ---- built-ins ----

TEST_F(HttpServerTest, Healthz) {
    Reply r = fetch(port_, "GET", "/healthz");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, R"({"status":"ok"})");
    Reply head = fetch(port_, "HEAD", "/healthz");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.body, "");
    EXPECT_EQ(head.header("content-length"), std::to_string(r.body.size()));
    EXPECT_EQ(fetch(port_, "POST", "/healthz").status, 405);
}

TEST_F(HttpServerTest, MetricsCountRequests) {
    for (int i = 0; i < 3; ++i) fetch(port_, "GET", "/api/runs/" + std::to_string(i) + "/rows");
    fetch(port_, "GET", "/api/nope");
    server_->metrics().add_gauge("zx_test_gauge", "A gauge from the test.", [] { return 2.5; });
    Reply r = fetch(port_, "GET", "/metrics");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("content-type").rfind("text/plain; version=0.0.4", 0), 0u);
    EXPECT_NE(r.body.find("# TYPE http_requests_total counter"), std::string::npos);
    EXPECT_NE(r.body.find(R"(http_requests_total{method="GET",route="/api/runs/{id}/rows",status="200"} )"),
              std::string::npos)
        << r.body;
    EXPECT_NE(r.body.find(R"(http_requests_total{method="GET",route="unmatched",status="404"} )"), std::string::npos);
    EXPECT_NE(
        r.body.find(R"(http_request_duration_seconds_bucket{method="GET",route="/api/runs/{id}/rows",le="+Inf"})"),
        std::string::npos);
    // At least the /metrics request itself (an earlier one may not have been counted out yet).
    EXPECT_NE(r.body.find("# TYPE http_requests_in_flight gauge\nhttp_requests_in_flight "), std::string::npos);
    EXPECT_EQ(r.body.find("http_requests_in_flight 0\n"), std::string::npos);
    EXPECT_NE(r.body.find("zx_test_gauge 2.5"), std::string::npos);
    EXPECT_EQ(r.body.find("/api/runs/1/rows"), std::string::npos);  // raw paths never become labels
}

TEST_F(HttpServerTest, HeadUsesGetRouteWithoutBody) {
    Reply get = fetch(port_, "GET", "/api/runs/5/rows");
    Reply head = fetch(port_, "HEAD", "/api/runs/5/rows");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.body, "");
    EXPECT_EQ(head.header("content-length"), std::to_string(get.body.size()));
}

TEST_F(HttpServerTest, NoContentHasNoBody) {
    Client c(port_);
    auto r = c.request("GET", "/api/no-content");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 204);
    auto next = c.request("GET", "/healthz");  // the connection is still in sync
    ASSERT_TRUE(next);
    EXPECT_EQ(next->status, 200);
}

TEST_F(HttpServerTest, HandlerHeadersAreKeptButNotFraming) {
    Reply r = fetch(port_, "GET", "/api/cookies");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("set-cookie"), "a=1; HttpOnly, b=2; HttpOnly");  // two headers, joined by the client
    EXPECT_EQ(r.header("cache-control"), "private, max-age=60");
    EXPECT_EQ(r.header("content-length"), "2");
    EXPECT_EQ(r.header("x-evil"), "");
    EXPECT_EQ(r.header("injected"), "");
}

TEST_F(HttpServerTest, DownloadHasRfc5987FileName) {
    Reply r = fetch(port_, "GET", "/api/download");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("content-type"), "text/csv; charset=utf-8");
    EXPECT_EQ(r.header("content-disposition"),
              "attachment; filename=\"__ __ 2024.csv\"; "
              "filename*=UTF-8''%E5%8D%97%E5%AE%81%20%E5%A5%96%E5%8A%B1%202024.csv");
}

// ---- static files ----

TEST_F(HttpServerTest, ServesStaticFilesWithTypesAndCaching) {
    Reply index = fetch(port_, "GET", "/");
    EXPECT_EQ(index.status, 200);
    EXPECT_EQ(index.body, "<!doctype html><title>振兴</title>");
    EXPECT_EQ(index.header("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(index.header("cache-control"), "no-cache");
    EXPECT_NE(index.header("content-security-policy").find("script-src 'self'"), std::string::npos);
    EXPECT_EQ(index.header("content-security-policy").find("'unsafe-eval'"), std::string::npos);

    Reply js = fetch(port_, "GET", "/assets/app.3f2a9c.js");
    EXPECT_EQ(js.status, 200);
    EXPECT_EQ(js.body, "console.log('zx')");
    EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(js.header("cache-control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(fetch(port_, "GET", "/assets/app.3f2a9c.css").header("content-type"), "text/css; charset=utf-8");
    EXPECT_EQ(fetch(port_, "GET", "/favicon.ico").header("content-type"), "image/x-icon");

    // Revalidation of index.html by ETag.
    Reply again = fetch(port_, "GET", "/", "If-None-Match: " + index.header("etag") + "\r\n");
    EXPECT_EQ(again.status, 304);
    EXPECT_EQ(again.body, "");

    Reply head = fetch(port_, "HEAD", "/assets/app.3f2a9c.js");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.header("content-length"), std::to_string(js.body.size()));
    EXPECT_EQ(fetch(port_, "POST", "/index.html").status, 405);
}

TEST_F(HttpServerTest, PrecompressedCopiesGoToClientsThatAcceptGzip) {
    Reply gz = fetch(port_, "GET", "/assets/app.3f2a9c.js", "Accept-Encoding: gzip, deflate, br\r\n");
    EXPECT_EQ(gz.status, 200);
    EXPECT_EQ(gz.body, "GZ-BYTES");
    EXPECT_EQ(gz.header("content-encoding"), "gzip");
    EXPECT_EQ(gz.header("content-type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(gz.header("vary"), "Accept-Encoding");
    Reply plain = fetch(port_, "GET", "/assets/app.3f2a9c.js");
    EXPECT_EQ(plain.body, "console.log('zx')");
    EXPECT_EQ(plain.header("content-encoding"), "");
    EXPECT_NE(plain.header("etag"), gz.header("etag"));
    EXPECT_EQ(fetch(port_, "GET", "/assets/app.3f2a9c.js", "Accept-Encoding: gzip;q=0\r\n").body, "console.log('zx')");
    // No copy: the file itself, whatever the client accepts.
    EXPECT_EQ(fetch(port_, "GET", "/", "Accept-Encoding: gzip\r\n").header("content-encoding"), "");
    EXPECT_TRUE(internal::accepts_gzip("*"));
    EXPECT_TRUE(internal::accepts_gzip("br;q=1, GZIP;q=0.5"));
    EXPECT_FALSE(internal::accepts_gzip("gzip;q=0.000"));
    EXPECT_FALSE(internal::accepts_gzip("identity"));
    EXPECT_FALSE(internal::accepts_gzip(""));
}

TEST_F(HttpServerTest, UnknownFrontEndPathsGetIndexHtml) {
    Reply r = fetch(port_, "GET", "/awards/2024/%E5%8D%97%E5%AE%81?tab=1");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "<!doctype html><title>振兴</title>");
    // A missing hashed asset is not answered with HTML.
    EXPECT_EQ(fetch(port_, "GET", "/assets/app.old000.js").status, 404);
}

TEST_F(HttpServerTest, PathTraversalIsRefused) {
    for (const char* target : {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/%2E%2E/%2E%2E/etc/passwd",
                               "/..%2f..%2fetc%2fpasswd", "/assets/..\\..\\etc\\passwd", "/%2e%2e%5c%2e%2e%5cetc"}) {
        Reply r = fetch(port_, "GET", target);
        EXPECT_NE(r.status, 200) << target;
        EXPECT_EQ(r.body.find("root:"), std::string::npos) << target;
    }
    // Symlinks that lead out of the static directory are not followed out.
    Reply leak = fetch(port_, "GET", "/leak.txt");
    EXPECT_EQ(leak.body.find("TOP-SECRET"), std::string::npos);
    EXPECT_EQ(fetch(port_, "GET", "/assets/leak.js").status, 404);
    EXPECT_EQ(fetch(port_, "GET", "/.env").body.find("SECRET"), std::string::npos);
}

// ---- robustness ----

TEST_F(HttpServerTest, GarbageDoesNotCrashTheServer) {
    std::string random_bytes(200000, '\0');
    std::uint32_t x = 12345;
    for (char& c : random_bytes) c = static_cast<char>((x = x * 1664525u + 1013904223u) >> 24);
    const std::vector<std::string> inputs = {
        std::string("\x00\x01\x02garbage\r\n\r\n", 14),
        "GET\r\n\r\n",
        "GET / HTTP/9.9\r\nHost: t\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
        "POST /api/echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "GET http://evil.example/ HTTP/1.1\r\nHost: t\r\n\r\n",
        "GET /api/echo HTTP/1.1\r\nHost: t\r\nBad Header\r\n\r\n",
        "GET /api/ec",  // cut short, then the client goes away
        "\r\n\r\n\r\n\r\n",
        random_bytes,
    };
    for (const auto& in : inputs) {
        Client c(port_);
        ASSERT_TRUE(c.connected());
        c.send(in);
        c.shutdown_write();
        if (auto r = c.read()) {
            EXPECT_GE(r->status, 400) << in.substr(0, 40);
            EXPECT_LT(r->status, 600) << in.substr(0, 40);
        }
    }
    Reply r = fetch(port_, "GET", "/healthz");
    EXPECT_EQ(r.status, 200);
}

TEST_F(HttpServerTest, TwoHundredConcurrentConnections) {
    constexpr int kConnections = 200;
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < kConnections; ++i) {
        clients.push_back(std::make_unique<Client>(port_));
        ASSERT_TRUE(clients.back()->connected()) << i;
    }
    for (int i = 0; i < kConnections; ++i)
        ASSERT_TRUE(clients[i]->send("GET /api/slow?ms=2 HTTP/1.1\r\nHost: t\r\nX-Request-Id: c" + std::to_string(i) +
                                     "\r\n\r\n"));
    int ok = 0;
    for (int i = 0; i < kConnections; ++i) {
        auto r = clients[i]->read();
        if (r && r->status == 200 && r->header("x-request-id") == "c" + std::to_string(i)) ++ok;
    }
    EXPECT_EQ(ok, kConnections);

    // And from many threads at once, a connection each.
    std::atomic<int> threaded_ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 16; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 10; ++i) {
                Client c(port_);
                auto r = c.request("GET", "/api/runs/9/rows");
                if (r && r->status == 200) ++threaded_ok;
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(threaded_ok.load(), 160);
}
}  // namespace
}  // namespace zx::http::test
