// The HTTP server end to end over loopback, with a deliberately dumb blocking client on a raw POSIX
// socket (keeps Beast out of the tests), plus the Router, Response and Metrics pieces alone.
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
#include "support/raw_http_client.hpp"

namespace zx::http {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

using zx::test::Client;
using zx::test::Reply;

Reply fetch(std::uint16_t port, const std::string& method, const std::string& target,
            const std::string& extra_headers = {}, const std::string& body = {}) {
    Client c(port);
    auto r = c.request(method, target, extra_headers, body);
    EXPECT_TRUE(r.has_value()) << method << " " << target;
    return r.value_or(Reply{});
}

json::object parse_object(const std::string& body) {
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    EXPECT_FALSE(ec) << body;
    return v.is_object() ? v.as_object() : json::object{};
}

std::string str(const json::value& v) {
    return v.is_string() ? std::string(v.as_string()) : std::string();
}

bool is_hex16(const std::string& s) {
    return s.size() == 16 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::shared_ptr<Router> test_router() {
    auto r = std::make_shared<Router>();
    r->add("GET", "/api/runs/{id}/rows", [](Request& q) {
        json::object o;
        o["id"] = q.params.at("id");
        o["page"] = q.q("page").value_or("");
        return Response::json(json::serialize(o));
    });
    r->add("GET", "/api/runs/latest", [](Request&) { return Response::json(R"({"id":"latest"})"); });
    r->add("DELETE", "/api/runs/{id}", [](Request&) { return Response::json("{}"); });
    r->add("GET", "/api/echo", [](Request& q) {
        json::object o;
        o["city"] = q.q("city").value_or("");
        o["x"] = q.q("x").value_or("");
        o["sid"] = q.cookie("sid").value_or("");
        o["custom"] = q.header("x-custom");
        o["path"] = q.path;
        return Response::json(json::serialize(o));
    });
    r->add(
        "POST", "/api/echo", [](Request& q) { return Response::text(q.body); }, RouteOptions{64});
    r->add(
        "POST", "/api/big", [](Request& q) { return Response::text(std::to_string(q.body.size())); },
        RouteOptions{4 << 20});
    r->add("GET", "/api/fail/http", [](Request&) -> Response {
        throw HttpError::unprocessable({"第 3 行有误", "row 3 is invalid"}, R"({"rows":[3,5]})");
    });
    r->add("GET", "/api/fail/detail",
           [](Request&) -> Response { throw HttpError::internal("connection to db lost: secret-detail-7"); });
    r->add("GET", "/api/fail/std",
           [](Request&) -> Response { throw std::runtime_error("password=hunter2 leaked in exception"); });
    r->add("GET", "/api/fail/int", [](Request&) -> Response { throw 42; });
    r->add("GET", "/api/download",
           [](Request&) { return Response::file("a,b\n", "text/csv; charset=utf-8", "南宁 奖励 2024.csv"); });
    r->add("GET", "/api/slow", [](Request& q) {
        std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(q.q("ms").value_or("5"))));
        return Response::json(R"({"slept":true})");
    });
    r->add("GET", "/api/cookies", [](Request&) {
        Response res = Response::json("{}");
        res.headers.emplace_back("Set-Cookie", "a=1; HttpOnly");
        res.headers.emplace_back("Set-Cookie", "b=2; HttpOnly");
        res.headers.emplace_back("Cache-Control", "private, max-age=60");
        res.headers.emplace_back("Content-Length", "999");
        res.headers.emplace_back("X-Evil", "x\r\nInjected: yes");
        return res;
    });
    r->add("GET", "/api/no-content", [](Request&) { return Response::text("ignored", "text/plain", 204); });
    return r;
}

class HttpServerTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        root_ = fs::temp_directory_path() / ("zx-http-" + std::to_string(::getpid()));
        fs::remove_all(root_);
        fs::create_directories(root_ / "web" / "assets");
        std::ofstream(root_ / "web" / "index.html") << "<!doctype html><title>振兴</title>";
        std::ofstream(root_ / "web" / "assets" / "app.3f2a9c.js") << "console.log('zx')";
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

// ---- pieces ----

TEST(Router, MatchesSegmentsParamsAndMethods) {
    Router r;
    r.add("GET", "/api/a/{x}", [](Request&) { return Response{}; });
    r.add(
        "POST", "/api/a/{x}", [](Request&) { return Response{}; }, RouteOptions{10});
    r.add("GET", "/api/a/fixed", [](Request&) { return Response{}; });
    std::map<std::string, std::string> params;
    auto m = r.match("GET", "/api/a/7", params);
    ASSERT_TRUE(m.handler);
    EXPECT_EQ(m.pattern, "/api/a/{x}");
    EXPECT_EQ(params["x"], "7");
    params.clear();
    EXPECT_EQ(r.match("GET", "/api/a/fixed", params).pattern, "/api/a/fixed");
    EXPECT_TRUE(params.empty());
    EXPECT_EQ(r.match("POST", "/api/a/fixed", params).pattern, "/api/a/{x}");
    auto none = r.match("DELETE", "/api/a/7", params);
    EXPECT_FALSE(none.handler);
    EXPECT_TRUE(none.path_exists);
    EXPECT_EQ(none.allow, "GET, POST, HEAD");
    auto missing = r.match("GET", "/api/b", params);
    EXPECT_FALSE(missing.handler);
    EXPECT_FALSE(missing.path_exists);
    EXPECT_FALSE(r.match("GET", "/api/a", params).handler);
    EXPECT_FALSE(r.match("GET", "/api/a/7/8", params).handler);
    EXPECT_EQ(r.max_body_any(), RouteOptions{}.max_body);
    auto routes = r.routes();
    ASSERT_EQ(routes.size(), 3u);
    EXPECT_EQ(routes[1], (std::pair<std::string, std::string>("POST", "/api/a/{x}")));
}

TEST(Response, FileNameFallbacks) {
    auto header = [](const std::string& name) { return Response::file("", "text/plain", name).headers.at(0).second; };
    EXPECT_EQ(header("report.xlsx"), "attachment; filename=\"report.xlsx\"; filename*=UTF-8''report.xlsx");
    EXPECT_EQ(header("南宁.xlsx"), "attachment; filename=\"download.xlsx\"; filename*=UTF-8''%E5%8D%97%E5%AE%81.xlsx");
    EXPECT_EQ(header("a\"b\r\n.csv"), "attachment; filename=\"a_b__.csv\"; filename*=UTF-8''a%22b%0D%0A.csv");
}

TEST(Request, HeaderQueryAndCookie) {
    Request q;
    q.headers["cookie"] = "a=1; sid=\"xyz\";  theme = dark ";
    q.query.emplace("k", "v1");
    q.query.emplace("k", "v2");
    EXPECT_EQ(q.cookie("sid").value_or(""), "xyz");
    EXPECT_EQ(q.cookie("theme").value_or(""), "dark");
    EXPECT_FALSE(q.cookie("missing"));
    EXPECT_EQ(q.q("k").value_or(""), "v1");
    EXPECT_FALSE(q.q("nope"));
    EXPECT_EQ(q.header("cookie"), q.headers["cookie"]);
    EXPECT_EQ(q.header("absent"), "");
}

TEST(Metrics, PrometheusHistogramIsCumulative) {
    Metrics m;
    m.observe("GET", "/x", 200, 0.0005);
    m.observe("GET", "/x", 200, 0.02);
    m.observe("GET", "/x", 500, 20.0);
    std::string text = m.prometheus_text();
    EXPECT_NE(text.find(R"(http_requests_total{method="GET",route="/x",status="200"} 2)"), std::string::npos) << text;
    EXPECT_NE(text.find(R"(http_requests_total{method="GET",route="/x",status="500"} 1)"), std::string::npos);
    EXPECT_NE(text.find(R"(http_request_duration_seconds_bucket{method="GET",route="/x",le="0.001"} 1)"),
              std::string::npos);
    EXPECT_NE(text.find(R"(http_request_duration_seconds_bucket{method="GET",route="/x",le="0.025"} 2)"),
              std::string::npos);
    EXPECT_NE(text.find(R"(http_request_duration_seconds_bucket{method="GET",route="/x",le="10"} 2)"),
              std::string::npos);
    EXPECT_NE(text.find(R"(http_request_duration_seconds_bucket{method="GET",route="/x",le="+Inf"} 3)"),
              std::string::npos);
    EXPECT_NE(text.find(R"(http_request_duration_seconds_count{method="GET",route="/x"} 3)"), std::string::npos);
}

}  // namespace
}  // namespace zx::http
