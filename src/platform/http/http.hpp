// The HTTP types handlers see. Deliberately free of Boost.Beast (its headers cost ~25 s per
// translation unit): only http_server.cpp includes Beast. Errors are typed (HttpError) and mapped to
// a status and a JSON body in one place, with the log message kept apart from what the client sees.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"
#include "platform/http/client_address.hpp"

namespace zx::http {

struct Request {
    std::string method;                             // "GET", "POST", ...
    std::string target;                             // raw target, "/api/runs/3/rows?page=2"
    std::string path;                               // decoded path, "/api/runs/3/rows"
    std::multimap<std::string, std::string> query;  // decoded query parameters
    std::map<std::string, std::string> headers;     // lower-cased names
    std::map<std::string, std::string> params;      // path parameters from the route pattern
    std::string body;
    std::string remote_ip;   // the client: the peer, or from X-Forwarded-For behind a trusted proxy
    std::string request_id;  // from X-Request-Id if well-formed, else generated
    std::chrono::steady_clock::time_point received;

    // Header value or "" (name in lower case).
    std::string header(const std::string& lower_name) const;
    // First query parameter with this name.
    std::optional<std::string> q(const std::string& name) const;
    // Cookie value by name.
    std::optional<std::string> cookie(const std::string& name) const;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, Content-Disposition, ...)

    static Response json(std::string body, int status = 200);
    static Response text(std::string body, std::string content_type = "text/plain; charset=utf-8", int status = 200);
    // A download: sets Content-Disposition with an RFC 5987 UTF-8 file name.
    static Response file(std::string body, std::string content_type, const std::string& filename);
};

// A failure a handler reports. `code` is a stable machine code ("forbidden", "not_found",
// "validation_failed", ...); `message` is what the client sees, in its language (Accept-Language);
// `detail` goes to the log only. `extra_json`, if set, is a JSON value added to the error body as
// "details". what() is the English message (for logs).
class HttpError : public std::runtime_error {
  public:
    HttpError(int status, std::string code, Text message, std::string detail = {}, std::string extra_json = {})
        : std::runtime_error(message.en),
          status_(status),
          code_(std::move(code)),
          message_(std::move(message)),
          detail_(std::move(detail)),
          extra_json_(std::move(extra_json)) {}
    int status() const { return status_; }
    const std::string& code() const { return code_; }
    const Text& message() const { return message_; }
    const std::string& detail() const { return detail_; }
    const std::string& extra_json() const { return extra_json_; }

    static HttpError bad_request(Text m, std::string extra = {}) {
        return {400, "bad_request", std::move(m), {}, std::move(extra)};
    }
    static HttpError unauthorized(Text m = {"请先登录", "login required"}) {
        return {401, "unauthorized", std::move(m)};
    }
    static HttpError forbidden(Text m = {"无权访问", "forbidden"}) { return {403, "forbidden", std::move(m)}; }
    static HttpError not_found(Text m = {"不存在", "not found"}) { return {404, "not_found", std::move(m)}; }
    static HttpError conflict(Text m) { return {409, "conflict", std::move(m)}; }
    static HttpError unprocessable(Text m, std::string extra = {}) {
        return {422, "validation_failed", std::move(m), {}, std::move(extra)};
    }
    static HttpError too_many(Text m) { return {429, "too_many_requests", std::move(m)}; }
    static HttpError internal(std::string detail) {
        return {500, "internal", {"服务器内部错误", "internal error"}, std::move(detail)};
    }

  private:
    int status_;
    std::string code_;
    Text message_;
    std::string detail_, extra_json_;
};

using Handler = std::function<Response(Request&)>;

struct RouteOptions {
    std::size_t max_body = 1 << 20;  // bytes; uploads raise it
};

// Routes "/api/runs/{id}/rows" style patterns; {name} matches one path segment.
class Router {
  public:
    void add(std::string method, std::string pattern, Handler h, RouteOptions o = {});
    struct Match {
        const Handler* handler = nullptr;
        RouteOptions options;
        std::string pattern;       // for metrics labels
        bool path_exists = false;  // path matched with another method (405)
        std::string allow;         // when path_exists: the methods the path does accept, "GET, HEAD, POST"
    };
    // The best route for (method, path): literal segments beat {param} segments at the first place
    // they differ. HEAD falls back to the GET route (the server drops the body). On a match, `params`
    // receives the {name} segments; a route pattern and path ignore empty segments ("/a//b/" = "/a/b").
    Match match(const std::string& method, const std::string& path, std::map<std::string, std::string>& params) const;
    // (method, pattern) of every route, in insertion order: the OpenAPI test compares against these.
    std::vector<std::pair<std::string, std::string>> routes() const;
    // The largest max_body of any route (RouteOptions{}.max_body when there is none).
    std::size_t max_body_any() const;

  private:
    struct Route {
        std::string method, pattern;
        std::vector<std::string> segments;
        Handler handler;
        RouteOptions options;
    };
    std::vector<Route> routes_;
};

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;  // 0: pick a free port (tests)
    int threads = 2;
    std::string static_dir;  // built web front end; "" to serve none. Unknown non-/api paths get index.html
    std::chrono::seconds idle_timeout{60};
    std::size_t max_header_bytes = std::size_t{16} * 1024;
    bool access_log = true;  // one JSON line per request on stderr
    // Handlers may block (database): they run on this many threads of their own, so that the I/O
    // threads keep accepting and reading under load.
    int handler_threads = 8;
    // Catch SIGINT/SIGTERM from start() on (the server process), so that a signal arriving just
    // after start drains gracefully; off for servers embedded in tests.
    bool handle_signals = false;
    // Reverse proxies whose X-Forwarded-For is believed (Request::remote_ip); none by default.
    TrustedProxies trusted_proxies;
};

// Counters exposed at /metrics in the Prometheus text format.
// Thread-safe; copies share one set of counters.
class Metrics {
  public:
    // Counts one request (requests_total) and its duration (request_duration_seconds histogram).
    // `route` must be a bounded label (a route pattern, never a raw path).
    void observe(const std::string& method, const std::string& route, int status, double seconds);
    std::string prometheus_text() const;
    // `read` is called at every prometheus_text(), outside the Metrics lock. A second gauge with the
    // same name replaces the first.
    void add_gauge(std::string name, std::string help, std::function<double()> read);

  private:
    struct Impl;
    std::shared_ptr<Impl> impl_ = make_impl();
    static std::shared_ptr<Impl> make_impl();
};

// An HTTP/1.1 server (Boost.Beast over Asio): keep-alive, request size limits (413), timeouts,
// request ids (X-Request-Id echoed), structured access logs, typed errors mapped to JSON bodies
// {"error": {"code", "message", "message_zh", "message_en", "request_id", "details"?}} ("message" in
// the request's Accept-Language, Chinese by default; the detail stays in the log), /healthz and /metrics built in,
// static files with index.html fallback for the front end. A handler exception other than HttpError is a 500 whose body
// carries no detail.
class Server {
  public:
    Server(ServerOptions options, std::shared_ptr<Router> router);
    ~Server();  // NOLINT(bugprone-exception-escape): terminating when stop() throws is intended (see http_server.cpp)
    // Binds and starts the worker threads; returns once listening. IoError when the port is taken.
    bool start(std::string* error = nullptr);
    // Stops accepting, finishes in-flight requests, joins threads. Idempotent.
    void stop();
    // Blocks until stop() or SIGINT/SIGTERM.
    void wait();
    std::uint16_t port() const;
    Metrics& metrics();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace zx::http
