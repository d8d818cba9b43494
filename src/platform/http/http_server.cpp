// The only translation unit that includes Boost.Beast (see http.hpp). One io_context run by
// ServerOptions::threads workers; each connection is a Session on its own strand, so a handler that
// blocks (on the database) holds one worker and never another connection's state.
// Static files (static_files.cpp), the log (server_log.cpp) and the request helpers that need no
// socket (request_helpers.cpp) live beside it, free of Beast.
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <array>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/utf8.hpp"
#include "platform/http/http.hpp"
#include "platform/http/request_helpers.hpp"
#include "platform/http/server_log.hpp"
#include "platform/http/static_files.hpp"

namespace zx::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace fs = std::filesystem;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

using internal::body_too_large;
using internal::error_response;
using internal::is_api_path;
using internal::log_error;
using internal::log_line;
using internal::method_label;
using internal::new_request_id;
using internal::printable;
using internal::serve_static;
using internal::to_lower;
using internal::utc_timestamp;
using internal::valid_header;
using internal::valid_request_id;

// How long stop() lets in-flight requests finish before it abandons them.
constexpr std::chrono::seconds kStopGrace{10};
// After an error response that leaves request bytes unread (413, 431, 400), the server keeps reading
// and discarding for a moment: closing with unread data makes the kernel send a reset, and the client
// could lose the response it has not read yet.
constexpr std::chrono::seconds kLingerTimeout{2};
constexpr std::size_t kLingerBytes = 4 << 20;
// Limit for requests that reach no handler (built-ins, static files, 404/405).
constexpr std::size_t kDefaultBodyLimit = RouteOptions{}.max_body;

// Strict for the front end: its own scripts only. 'unsafe-inline' styles because component libraries
// set <style> at run time; inline script stays forbidden.
constexpr const char* kHtmlCsp =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'";
constexpr const char* kOtherCsp = "default-src 'none'; frame-ancestors 'none'";

class Session;

// Everything the server shares between its sessions; Server::Impl owns one.
class ServerCore {
  public:
    ServerCore(ServerOptions o, std::shared_ptr<Router> r)
        : opt(std::move(o)),
          router(std::move(r)),
          handlers(static_cast<std::size_t>(std::max(1, opt.handler_threads))) {
        if (!router) router = std::make_shared<Router>();
    }
    // NOLINTNEXTLINE(bugprone-exception-escape): a stop() that throws leaves threads running; terminating is intended
    ~ServerCore() { stop(); }

    bool start(std::string* error);
    void stop();
    void wait();

    // Answers one parsed request; never throws. `route_label` receives the metrics label.
    Response respond(Request& req, const Router::Match& match, std::string& route_label) const;

    void add_session(const std::shared_ptr<Session>& s);
    void remove_session(Session* s);

    const ServerOptions opt;
    std::shared_ptr<Router> router;
    net::thread_pool handlers;  // where handlers run: they may block on the database
    Metrics metrics;
    std::shared_ptr<std::atomic<std::int64_t>> in_flight = std::make_shared<std::atomic<std::int64_t>>(0);
    fs::path static_root;  // canonical; empty when static files are off
    std::atomic<bool> stopping{false};
    std::uint16_t bound_port = 0;

  private:
    void install_signals();
    void do_accept();
    void on_accept(beast::error_code ec, tcp::socket socket);

    // Declared before the io_context: sessions still queued in it unregister while it is destroyed.
    std::mutex sessions_mu_;
    std::condition_variable sessions_cv_;
    std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;
    bool acceptor_closed_ = false;

    std::mutex stop_mu_;  // serialises start/stop
    bool running_ = false;
    std::mutex wait_mu_;
    std::condition_variable wait_cv_;
    bool stop_requested_ = false;

    net::io_context ioc_;
    std::optional<tcp::acceptor> acceptor_;  // on its own strand
    std::optional<net::steady_timer> retry_timer_;
    std::optional<net::signal_set> signals_;
    std::vector<std::thread> threads_;
};

// One connection: reads requests one after another (keep-alive) and writes each response.
class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(ServerCore& srv, tcp::socket&& socket) : srv_(srv), stream_(std::move(socket)) {
        beast::error_code ec;
        // Responses go out in one write; Nagle would only hold back the tail of a large one.
        stream_.socket().set_option(tcp::no_delay(true), ec);
        auto ep = stream_.socket().remote_endpoint(ec);
        remote_ip_ = ec ? std::string("-") : ep.address().to_string();
    }
    ~Session() {
        end_request();
        srv_.remove_session(this);
    }

    void start() {
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::read_header, shared_from_this()));
    }

    // Server stop: an idle connection closes now, a busy one after its response.
    void shutdown() {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            self->stopping_ = true;
            if (self->idle_) {
                beast::error_code ec;
                self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
                self->stream_.close();
            }
        });
    }

  private:
    void read_header() {
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(srv_.opt.max_header_bytes, UINT32_MAX)));
        parser_->body_limit(boost::none);  // checked against the route's limit once the header is in
        idle_ = true;
        if (stopping_) return close(false);
        stream_.expires_after(srv_.opt.idle_timeout);
        bhttp::async_read_header(stream_, buffer_, *parser_,
                                 beast::bind_front_handler(&Session::on_header, shared_from_this()));
    }

    void on_header(beast::error_code ec, std::size_t) {
        idle_ = false;
        // The peer left, went quiet past the idle timeout, or the server is stopping: nothing to answer.
        if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || ec == beast::error::timeout ||
            ec == net::error::operation_aborted || ec == net::error::eof || ec == net::error::connection_reset ||
            ec == net::error::bad_descriptor)
            return close(false);
        begin_request();
        if (ec == bhttp::error::header_limit)
            return send_error(431, "header_too_large", {"请求头过大", "request header too large"});
        if (ec) return send_error(400, "bad_request", {"请求格式错误", "malformed request"});

        const auto& h = parser_->get();
        req_.method = std::string(h.method_string());
        req_.target = std::string(h.target());
        for (const auto& f : h) {
            std::string name = to_lower(f.name_string());
            auto [it, fresh] = req_.headers.emplace(name, std::string(f.value()));
            if (!fresh) it->second += (name == "cookie" ? "; " : ", ") + std::string(f.value());
        }
        if (std::string id = req_.header("x-request-id"); valid_request_id(id)) req_.request_id = id;
        req_.remote_ip = srv_.opt.trusted_proxies.client_ip(remote_ip_, req_.header("x-forwarded-for"));
        if (h.version() != 10 && h.version() != 11)
            return send_error(505, "http_version_not_supported",
                              {"仅支持 HTTP/1.0 和 1.1", "only HTTP/1.0 and 1.1 are supported"});
        version_ = h.version();
        keep_alive_ = h.keep_alive();

        auto url = boost::urls::parse_origin_form(req_.target);
        if (!url) return send_error(400, "bad_request", {"URL 格式错误", "malformed URL"});
        req_.path = url->path();
        bool utf8 = is_valid_utf8(req_.path) && req_.path.find('\0') == std::string::npos;
        for (auto p : url->params()) {
            // No NUL either: PostgreSQL text cannot hold it, and no parameter of ours needs it.
            utf8 = utf8 && is_valid_utf8(p.key) && is_valid_utf8(p.value) && p.key.find('\0') == std::string::npos &&
                   p.value.find('\0') == std::string::npos;
            req_.query.emplace(std::string(p.key), std::string(p.value));
        }
        if (!utf8) return send_error(400, "bad_request", {"URL 不是有效的 UTF-8", "URL is not valid UTF-8"});

        // Route before the body arrives: the route decides how large a body may be.
        if (req_.path != "/healthz" && req_.path != "/metrics") {
            match_ = srv_.router->match(req_.method, req_.path, req_.params);
            if (match_.handler) route_label_ = match_.pattern;
        }
        std::uint64_t limit = match_.handler ? match_.options.max_body : kDefaultBodyLimit;
        if (auto len = parser_->content_length(); len && *len > limit)
            return send_error(413, "payload_too_large", body_too_large(limit));
        parser_->body_limit(limit);

        if (parser_->is_done()) return handle();
        if (beast::iequals(h[bhttp::field::expect], "100-continue")) {
            auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, version_);
            bhttp::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code wec, std::size_t) {
                if (wec) return self->close(false);
                self->read_body();
            });
            return;
        }
        read_body();
    }

    // The body in pieces, so the idle timeout runs between pieces, not over a whole slow upload.
    void read_body() {
        stream_.expires_after(srv_.opt.idle_timeout);
        bhttp::async_read_some(stream_, buffer_, *parser_,
                               beast::bind_front_handler(&Session::on_body, shared_from_this()));
    }

    void on_body(beast::error_code ec, std::size_t) {
        if (ec == bhttp::error::body_limit)
            return send_error(413, "payload_too_large",
                              body_too_large(match_.handler ? match_.options.max_body : kDefaultBodyLimit));
        if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || ec == beast::error::timeout ||
            ec == net::error::operation_aborted || ec == net::error::eof || ec == net::error::connection_reset)
            return close(false);
        if (ec) return send_error(400, "bad_request", {"请求体格式错误", "malformed request body"});
        if (!parser_->is_done()) return read_body();
        handle();
    }

    void handle() {
        req_.body = std::move(parser_->get().body());
        // The handler may take long (a run, an upload): no idle timeout while it works. The session
        // reads nothing until it answers, so the handler thread has req_ to itself meanwhile.
        stream_.expires_never();
        // The work guard keeps the I/O loop running meanwhile: with the acceptor closed (stopping) it
        // could otherwise run out of work and return before the answer is posted back.
        net::post(srv_.handlers, [self = shared_from_this(), work = net::make_work_guard(stream_.get_executor())] {
            Response r = self->srv_.respond(self->req_, self->match_, self->route_label_);
            net::post(self->stream_.get_executor(),
                      [self, r = std::move(r)]() mutable { self->send(std::move(r), false); });
        });
    }

    void begin_request() {
        req_ = Request{};
        req_.remote_ip = remote_ip_;
        req_.received = started_ = Clock::now();
        req_.request_id = new_request_id();
        match_ = Router::Match{};
        route_label_ = "unmatched";
        version_ = 11;
        keep_alive_ = false;
        in_flight_ = true;
        ++*srv_.in_flight;
    }

    // Request bytes may be left unread: answer, then close with a linger.
    void send_error(int status, const std::string& code, const Text& message) {
        send(error_response(status, code, message, req_), true);
    }

    void send(Response r, bool unread_input) {
        if (r.status < 100 || r.status > 599) r.status = 500;
        res_ = {};
        res_.version(version_);
        res_.result(static_cast<unsigned>(r.status));
        if (!r.content_type.empty()) res_.set(bhttp::field::content_type, r.content_type);
        for (const auto& [name, value] : r.headers) {
            if (!valid_header(name, value)) {
                log_error(req_.request_id, "handler set an invalid header; dropped", printable(name));
            } else if (beast::iequals(name, "Content-Length") || beast::iequals(name, "Transfer-Encoding") ||
                       beast::iequals(name, "Connection")) {
                continue;  // framing belongs to the server
            } else if (beast::iequals(name, "Set-Cookie")) {
                res_.insert(name, value);  // the one header that may repeat
            } else {
                res_.set(name, value);
            }
        }
        res_.set("X-Request-Id", req_.request_id);
        res_.set("X-Content-Type-Options", "nosniff");
        res_.set("X-Frame-Options", "DENY");
        res_.set("Referrer-Policy", "no-referrer");
        if (res_.find("Content-Security-Policy") == res_.end())
            res_.set("Content-Security-Policy", r.content_type.rfind("text/html", 0) == 0 ? kHtmlCsp : kOtherCsp);
        if (res_.find(bhttp::field::cache_control) == res_.end()) res_.set(bhttp::field::cache_control, "no-store");

        // These statuses carry no body; Beast's prepare_payload throws if one is there.
        if (r.status < 200 || r.status == 204 || r.status == 304) r.body.clear();
        std::size_t size = r.body.size();
        res_.body() = std::move(r.body);
        res_.prepare_payload();
        if (req_.method == "HEAD") {  // the length of what GET would send, and no body
            res_.body().clear();
            res_.content_length(size);
            size = 0;
        }
        bool keep = keep_alive_ && !unread_input && !stopping_ && !srv_.stopping;
        res_.keep_alive(keep);
        status_ = r.status;
        bytes_ = size;
        stream_.expires_after(srv_.opt.idle_timeout);
        // Counted before the write, so that a client that has its answer also finds it in /metrics.
        if (in_flight_)
            srv_.metrics.observe(method_label(req_.method), route_label_, status_,
                                 std::chrono::duration<double>(Clock::now() - started_).count());
        bhttp::async_write(stream_, res_,
                           [self = shared_from_this(), keep, unread_input](beast::error_code ec, std::size_t) {
                               self->finish_request();
                               if (ec) return self->close(false);
                               if (!keep) return self->close(unread_input);
                               self->read_header();
                           });
    }

    // The access log for the response just written (metrics were counted before the write).
    void finish_request() {
        if (!in_flight_) return;
        double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
        if (srv_.opt.access_log) {
            boost::json::object o;
            o["ts"] = utc_timestamp();
            o["request_id"] = req_.request_id;
            o["ip"] = req_.remote_ip;
            if (req_.remote_ip != remote_ip_) o["peer"] = remote_ip_;  // the proxy it came through
            o["method"] = req_.method.empty() ? "-" : printable(req_.method);
            o["route"] = route_label_;
            std::string_view target = req_.target;
            o["path"] = target.empty() ? std::string("-") : printable(target.substr(0, target.find('?')));
            o["status"] = status_;
            o["bytes"] = bytes_;
            o["duration_ms"] = std::round(seconds * 1e6) / 1e3;
            log_line(boost::json::serialize(o));
        }
        end_request();
    }

    void end_request() {
        if (!in_flight_) return;
        in_flight_ = false;
        --*srv_.in_flight;
    }

    void close(bool linger) {
        end_request();
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        if (!linger || ec) {
            stream_.close();
            return;
        }
        drained_ = 0;
        drain_buf_ = std::make_unique<std::array<char, 16384>>();
        stream_.expires_after(kLingerTimeout);
        drain();
    }

    void drain() {
        stream_.async_read_some(net::buffer(*drain_buf_),
                                [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                    self->drained_ += n;
                                    if (ec || self->drained_ > kLingerBytes) return self->stream_.close();
                                    self->drain();
                                });
    }

    ServerCore& srv_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    bhttp::response<bhttp::string_body> res_;
    std::string remote_ip_;
    bool idle_ = false;      // waiting for the next request's header
    bool stopping_ = false;  // server stop: no further request on this connection
    std::unique_ptr<std::array<char, 16384>> drain_buf_;
    std::size_t drained_ = 0;

    // The request in progress.
    Request req_;
    Router::Match match_;
    std::string route_label_;
    Clock::time_point started_;
    unsigned version_ = 11;
    bool keep_alive_ = false;
    bool in_flight_ = false;
    int status_ = 0;
    std::size_t bytes_ = 0;
};

// ---- ServerCore ----

Response ServerCore::respond(Request& req, const Router::Match& match, std::string& route_label) const {
    auto method_not_allowed = [&](const std::string& allow) {
        Response r = error_response(405, "method_not_allowed", {"不支持的请求方法", "method not allowed"}, req);
        r.headers.emplace_back("Allow", allow);
        return r;
    };
    bool get_or_head = req.method == "GET" || req.method == "HEAD";
    try {
        if (req.path == "/healthz") {
            route_label = "/healthz";
            if (!get_or_head) return method_not_allowed("GET, HEAD");
            return Response::json(R"({"status":"ok"})");
        }
        if (req.path == "/metrics") {
            route_label = "/metrics";
            if (!get_or_head) return method_not_allowed("GET, HEAD");
            return Response::text(metrics.prometheus_text(), "text/plain; version=0.0.4; charset=utf-8");
        }
        if (match.handler) {
            route_label = match.pattern;
            return (*match.handler)(req);
        }
        if (match.path_exists) return method_not_allowed(match.allow);
        if (is_api_path(req.path) || static_root.empty())
            return error_response(404, "not_found", {"不存在", "not found"}, req);
        route_label = "static";
        if (!get_or_head) return method_not_allowed("GET, HEAD");
        return serve_static(static_root, req);
    } catch (const HttpError& e) {
        if (e.status() >= 500 || !e.detail().empty()) log_error(req.request_id, e.code() + ": " + e.what(), e.detail());
        return error_response(e.status(), e.code(), e.message(), req, e.extra_json());
    } catch (const std::exception& e) {
        log_error(req.request_id, "unhandled exception in " + route_label, e.what());
    } catch (...) {
        log_error(req.request_id, "unhandled non-standard exception in " + route_label, {});
    }
    return error_response(500, "internal", {"服务器内部错误", "internal error"}, req);
}

void ServerCore::add_session(const std::shared_ptr<Session>& s) {
    std::lock_guard lock(sessions_mu_);
    sessions_.emplace(s.get(), s);
}

void ServerCore::remove_session(Session* s) {
    {
        std::lock_guard lock(sessions_mu_);
        sessions_.erase(s);
    }
    sessions_cv_.notify_all();
}

bool ServerCore::start(std::string* error) {
    std::lock_guard lock(stop_mu_);
    if (running_) return true;
    if (stopping) {
        if (error) *error = "the server was stopped; a Server starts once";
        return false;
    }
    auto fail = [&](const std::string& what, const beast::error_code& ec) {
        if (error)
            *error =
                "cannot listen on " + opt.host + ":" + std::to_string(opt.port) + ": " + what + ": " + ec.message();
        acceptor_.reset();
        return false;
    };
    beast::error_code ec;
    tcp::endpoint endpoint;
    auto address = net::ip::make_address(opt.host, ec);
    if (!ec) {
        endpoint = tcp::endpoint(address, opt.port);
    } else {
        tcp::resolver resolver(ioc_);
        auto results = resolver.resolve(opt.host, std::to_string(opt.port), ec);
        if (ec || results.empty()) return fail("resolve", ec);
        endpoint = *results.begin();
    }
    acceptor_.emplace(net::make_strand(ioc_));
    if (acceptor_->open(endpoint.protocol(), ec); ec) return fail("open", ec);
    if (acceptor_->set_option(net::socket_base::reuse_address(true), ec); ec) return fail("setsockopt", ec);
    if (acceptor_->bind(endpoint, ec); ec) return fail("bind", ec);
    if (acceptor_->listen(net::socket_base::max_listen_connections, ec); ec) return fail("listen", ec);
    bound_port = acceptor_->local_endpoint(ec).port();

    if (!opt.static_dir.empty()) {
        std::error_code fec;
        static_root = fs::canonical(opt.static_dir, fec);
        if (fec || !fs::is_directory(static_root)) {
            log_error("-", "static directory not found; serving no static files", opt.static_dir);
            static_root.clear();
        }
    }
    metrics.add_gauge("http_requests_in_flight", "Requests being read, handled or written.",
                      [n = in_flight] { return static_cast<double>(n->load()); });

    if (opt.handle_signals) install_signals();
    net::post(acceptor_->get_executor(), [this] { do_accept(); });
    int n = std::max(1, opt.threads);
    for (int i = 0; i < n; ++i) {
        threads_.emplace_back([this] {
            for (;;) {
                try {
                    ioc_.run();
                    return;
                } catch (const std::exception& e) {
                    log_error("-", "exception escaped the I/O loop", e.what());
                }
            }
        });
    }
    running_ = true;
    return true;
}

void ServerCore::do_accept() {
    acceptor_->async_accept(net::make_strand(ioc_), beast::bind_front_handler(&ServerCore::on_accept, this));
}

void ServerCore::on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_->is_open()) return;
    if (ec) {
        // Out of descriptors, most likely: wait a little rather than spin.
        log_error("-", "accept failed", ec.message());
        retry_timer_.emplace(acceptor_->get_executor(), std::chrono::milliseconds(100));
        retry_timer_->async_wait([this](beast::error_code tec) {
            if (!tec && acceptor_->is_open()) do_accept();
        });
        return;
    }
    if (!stopping) {
        auto session = std::make_shared<Session>(*this, std::move(socket));
        add_session(session);
        session->start();
    }
    do_accept();
}

void ServerCore::stop() {
    std::lock_guard lock(stop_mu_);
    if (!running_) return;
    running_ = false;
    stopping = true;
    net::post(acceptor_->get_executor(), [this] {
        beast::error_code ec;
        acceptor_->close(ec);
        if (retry_timer_) retry_timer_->cancel();
        std::vector<std::shared_ptr<Session>> live;
        {
            std::lock_guard slock(sessions_mu_);
            for (auto& [_, weak] : sessions_)
                if (auto s = weak.lock()) live.push_back(std::move(s));
            acceptor_closed_ = true;
        }
        sessions_cv_.notify_all();
        for (auto& s : live) s->shutdown();
    });
    {
        std::unique_lock slock(sessions_mu_);
        sessions_cv_.wait_for(slock, kStopGrace, [&] { return acceptor_closed_ && sessions_.empty(); });
    }
    ioc_.stop();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
    handlers.join();  // a handler still running (past the grace period) finishes; its answer is dropped
    {
        std::lock_guard wlock(wait_mu_);
        stop_requested_ = true;
    }
    wait_cv_.notify_all();
}

void ServerCore::install_signals() {
    if (signals_) return;
    signals_.emplace(ioc_, SIGINT, SIGTERM);
    signals_->async_wait([this](beast::error_code ec, int) {
        if (ec) return;
        {
            std::lock_guard wlock(wait_mu_);
            stop_requested_ = true;
        }
        wait_cv_.notify_all();
    });
}

void ServerCore::wait() {
    {
        std::lock_guard lock(stop_mu_);
        if (!running_) return;
        install_signals();
    }
    {
        std::unique_lock wlock(wait_mu_);
        wait_cv_.wait(wlock, [&] { return stop_requested_; });
    }
    stop();
}

}  // namespace

// ---- Server ----

struct Server::Impl {
    Impl(ServerOptions o, std::shared_ptr<Router> r) : core(std::move(o), std::move(r)) {}
    ServerCore core;
};

Server::Server(ServerOptions options, std::shared_ptr<Router> router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}

// NOLINTNEXTLINE(bugprone-exception-escape): a stop() that throws leaves threads running; terminating is intended
Server::~Server() {
    stop();
}

bool Server::start(std::string* error) {
    return impl_->core.start(error);
}

void Server::stop() {
    impl_->core.stop();
}

void Server::wait() {
    impl_->core.wait();
}

std::uint16_t Server::port() const {
    return impl_->core.bound_port;
}

Metrics& Server::metrics() {
    return impl_->core.metrics;
}

}  // namespace zx::http
