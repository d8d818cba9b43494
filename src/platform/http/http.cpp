#include "platform/http/http.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <mutex>
#include <tuple>

namespace zx::http {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Non-empty segments of a path or pattern: "/a//b/" -> {"a", "b"}.
std::vector<std::string> split_segments(std::string_view path) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < path.size()) {
        std::size_t j = path.find('/', i);
        if (j == std::string_view::npos) j = path.size();
        if (j > i) out.emplace_back(path.substr(i, j - i));
        i = j + 1;
    }
    return out;
}

bool is_param(const std::string& segment) {
    return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

// RFC 5987 attr-char: sent as is in filename*; everything else is percent-encoded.
bool is_attr_char(unsigned char c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
        case '!':
        case '#':
        case '$':
        case '&':
        case '+':
        case '-':
        case '.':
        case '^':
        case '_':
        case '`':
        case '|':
        case '~':
            return true;
        default:
            return false;
    }
}

// The file name a client without RFC 5987 support sees: printable ASCII, one '_' per other character,
// "download" for a stem with no letter or digit left ("南宁.xlsx" -> "download.xlsx").
std::string ascii_filename(const std::string& name) {
    std::string out;
    for (unsigned char c : name) {
        if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte: its lead byte already became '_'
        bool plain = c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '/' && c != '%' && c != ';';
        out += plain ? static_cast<char>(c) : '_';
    }
    auto dot = out.rfind('.');
    std::string stem = dot == std::string::npos ? out : out.substr(0, dot);
    bool has_alnum = std::any_of(stem.begin(), stem.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
    if (!has_alnum) out = "download" + (dot == std::string::npos ? std::string() : out.substr(dot));
    return out;
}

std::string format_double(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    std::array<char, 64> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
    return ec == std::errc() ? std::string(buf.data(), end) : std::string("NaN");
}

// Prometheus label values escape backslash, double quote and newline.
std::string label(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (char c : v) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

}  // namespace

// ---- LegacyMessage ----

Text LegacyMessage::to_text() const {
    const auto sep = text.find(" / ");
    if (sep == std::string::npos) return {text, text};
    return {text.substr(0, sep), text.substr(sep + 3)};
}

// ---- Request ----

std::string Request::header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> Request::q(const std::string& name) const {
    auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return it->second;
}

std::optional<std::string> Request::cookie(const std::string& name) const {
    auto it = headers.find("cookie");
    if (it == headers.end()) return std::nullopt;
    std::string_view rest = it->second;
    while (!rest.empty()) {
        auto semi = rest.find(';');
        std::string_view pair = trim(rest.substr(0, semi));
        rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
        auto eq = pair.find('=');
        if (eq == std::string_view::npos) continue;
        if (trim(pair.substr(0, eq)) != name) continue;
        std::string_view value = trim(pair.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        return std::string(value);
    }
    return std::nullopt;
}

// ---- Response ----

Response Response::json(std::string body, int status) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

Response Response::text(std::string body, std::string content_type, int status) {
    Response r;
    r.status = status;
    r.content_type = std::move(content_type);
    r.body = std::move(body);
    return r;
}

Response Response::file(std::string body, std::string content_type, const std::string& filename) {
    Response r;
    r.content_type = std::move(content_type);
    r.body = std::move(body);
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string encoded;
    for (unsigned char c : filename) {
        if (is_attr_char(c)) {
            encoded += static_cast<char>(c);
        } else {
            encoded += '%';
            encoded += kHex[c >> 4];
            encoded += kHex[c & 0xF];
        }
    }
    r.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"" + ascii_filename(filename) + "\"; filename*=UTF-8''" + encoded);
    return r;
}

// ---- Router ----

void Router::add(std::string method, std::string pattern, Handler h, RouteOptions o) {
    Route r;
    r.segments = split_segments(pattern);
    r.method = std::move(method);
    r.pattern = std::move(pattern);
    r.handler = std::move(h);
    r.options = o;
    routes_.push_back(std::move(r));
}

Router::Match Router::match(const std::string& method, const std::string& path,
                            std::map<std::string, std::string>& params) const {
    const std::vector<std::string> segs = split_segments(path);
    // Candidates whose segments fit the path; the most specific one (literal before {param}, left to
    // right) wins, so "/api/runs/latest" beats "/api/runs/{id}" whatever the insertion order.
    auto fits = [&](const Route& r) {
        if (r.segments.size() != segs.size()) return false;
        for (std::size_t i = 0; i < segs.size(); ++i)
            if (!is_param(r.segments[i]) && r.segments[i] != segs[i]) return false;
        return true;
    };
    auto more_specific = [](const Route& a, const Route& b) {
        for (std::size_t i = 0; i < a.segments.size(); ++i) {
            bool la = !is_param(a.segments[i]), lb = !is_param(b.segments[i]);
            if (la != lb) return la;
        }
        return false;
    };
    const Route* best = nullptr;
    const Route* best_get = nullptr;  // for HEAD without its own route
    std::vector<std::string> methods;
    for (const Route& r : routes_) {
        if (!fits(r)) continue;
        if (std::find(methods.begin(), methods.end(), r.method) == methods.end()) methods.push_back(r.method);
        if (r.method == method) {
            if (!best || more_specific(r, *best)) best = &r;
        } else if (method == "HEAD" && r.method == "GET") {
            if (!best_get || more_specific(r, *best_get)) best_get = &r;
        }
    }
    if (!best) best = best_get;
    Match m;
    if (best) {
        m.handler = &best->handler;
        m.options = best->options;
        m.pattern = best->pattern;
        for (std::size_t i = 0; i < segs.size(); ++i)
            if (is_param(best->segments[i]))
                params[best->segments[i].substr(1, best->segments[i].size() - 2)] = segs[i];
        return m;
    }
    if (!methods.empty()) {
        m.path_exists = true;
        if (std::find(methods.begin(), methods.end(), "GET") != methods.end() &&
            std::find(methods.begin(), methods.end(), "HEAD") == methods.end())
            methods.emplace_back("HEAD");
        for (const auto& mt : methods) m.allow += (m.allow.empty() ? "" : ", ") + mt;
    }
    return m;
}

std::vector<std::pair<std::string, std::string>> Router::routes() const {
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(routes_.size());
    for (const Route& r : routes_) out.emplace_back(r.method, r.pattern);
    return out;
}

std::size_t Router::max_body_any() const {
    if (routes_.empty()) return RouteOptions{}.max_body;
    std::size_t m = 0;
    for (const Route& r : routes_) m = std::max(m, r.options.max_body);
    return m;
}

// ---- Metrics ----

namespace {
constexpr std::array<double, 14> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                             0.25,  0.5,    1.0,   2.5,  5.0,   7.5,  10.0};
}  // namespace

struct Metrics::Impl {
    struct Histogram {
        std::array<std::uint64_t, kBuckets.size()> buckets{};  // non-cumulative; summed when printed
        std::uint64_t count = 0;
        double sum = 0;
    };
    struct Gauge {
        std::string name, help;
        std::function<double()> read;
    };
    mutable std::mutex mu;
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests;  // (method, route, status)
    std::map<std::pair<std::string, std::string>, Histogram> durations;           // (method, route)
    std::vector<Gauge> gauges;
};

std::shared_ptr<Metrics::Impl> Metrics::make_impl() {
    return std::make_shared<Impl>();
}

void Metrics::observe(const std::string& method, const std::string& route, int status, double seconds) {
    std::size_t bucket = std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds) - kBuckets.begin();
    std::lock_guard lock(impl_->mu);
    ++impl_->requests[{method, route, status}];
    auto& h = impl_->durations[{method, route}];
    if (bucket < kBuckets.size()) ++h.buckets[bucket];
    ++h.count;
    h.sum += seconds;
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
    std::lock_guard lock(impl_->mu);
    for (auto& g : impl_->gauges) {
        if (g.name == name) {
            g.help = std::move(help);
            g.read = std::move(read);
            return;
        }
    }
    impl_->gauges.push_back({std::move(name), std::move(help), std::move(read)});
}

std::string Metrics::prometheus_text() const {
    decltype(impl_->requests) requests;
    decltype(impl_->durations) durations;
    std::vector<Impl::Gauge> gauges;
    {
        std::lock_guard lock(impl_->mu);
        requests = impl_->requests;
        durations = impl_->durations;
        gauges = impl_->gauges;
    }
    std::string out;
    out += "# HELP http_requests_total HTTP requests by method, route pattern and status.\n";
    out += "# TYPE http_requests_total counter\n";
    for (const auto& [key, n] : requests) {
        const auto& [method, route, status] = key;
        out += "http_requests_total{method=\"" + label(method) + "\",route=\"" + label(route) + "\",status=\"" +
               std::to_string(status) + "\"} " + std::to_string(n) + "\n";
    }
    out += "# HELP http_request_duration_seconds Time from request header to response written.\n";
    out += "# TYPE http_request_duration_seconds histogram\n";
    for (const auto& [key, h] : durations) {
        std::string labels = "method=\"" + label(key.first) + "\",route=\"" + label(key.second) + "\"";
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            cumulative += h.buckets[i];
            out += "http_request_duration_seconds_bucket{" + labels + ",le=\"" + format_double(kBuckets[i]) + "\"} " +
                   std::to_string(cumulative) + "\n";
        }
        out += "http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " + std::to_string(h.count) + "\n";
        out += "http_request_duration_seconds_sum{" + labels + "} " + format_double(h.sum) + "\n";
        out += "http_request_duration_seconds_count{" + labels + "} " + std::to_string(h.count) + "\n";
    }
    for (const auto& g : gauges) {
        out += "# HELP " + g.name + " " + g.help + "\n";
        out += "# TYPE " + g.name + " gauge\n";
        out += g.name + " " + format_double(g.read ? g.read() : 0.0) + "\n";
    }
    return out;
}

}  // namespace zx::http
