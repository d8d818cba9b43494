#include "platform/http/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

#include <openssl/ssl.h>

namespace zx::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

constexpr std::size_t kKeptBody = 4096;

Status fail(const std::string& what, const std::string& url) {
    return Status::io_error({"推送失败：" + what, "delivery failed: " + what}, url);
}

template <typename Stream>
Result<ClientResponse> round_trip(Stream& stream, const bhttp::request<bhttp::string_body>& req) {
    beast::error_code ec;
    bhttp::write(stream, req, ec);
    if (ec) return fail("发送请求：" + ec.message(), "");
    beast::flat_buffer buf;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(1u << 20);
    bhttp::read(stream, buf, parser, ec);
    if (ec) return fail("读取应答：" + ec.message(), "");
    ClientResponse out;
    out.status = static_cast<int>(parser.get().result_int());
    out.body = parser.get().body().substr(0, kKeptBody);
    return out;
}

}  // namespace

Result<ClientResponse> post(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                            const std::string& body, std::chrono::milliseconds timeout) {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) return fail("地址无法解析", url);
    const std::string scheme(parsed->scheme());
    if (scheme != "http" && scheme != "https") return fail("仅支持 http 和 https", url);
    const bool tls = scheme == "https";
    const std::string host(parsed->host());
    const std::string port = parsed->has_port() ? std::string(parsed->port()) : (tls ? "443" : "80");
    std::string target(parsed->encoded_path());
    if (target.empty()) target = "/";
    if (parsed->has_query()) target += "?" + std::string(parsed->encoded_query());

    bhttp::request<bhttp::string_body> req{bhttp::verb::post, target, 11};
    req.set(bhttp::field::host, host);
    req.set(bhttp::field::user_agent, "zhenxing-webhook/1");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();

    asio::io_context io;
    beast::error_code ec;
    tcp::resolver resolver(io);
    const auto endpoints = resolver.resolve(host, port, ec);
    if (ec) return fail("解析主机 " + host + "：" + ec.message(), url);
    if (!tls) {
        beast::tcp_stream stream(io);
        stream.expires_after(timeout);
        stream.connect(endpoints, ec);
        if (ec) return fail("连接 " + host + "：" + ec.message(), url);
        auto r = round_trip(stream, req);
        stream.socket().shutdown(tcp::socket::shutdown_both, ec);
        return r;
    }
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.set_default_verify_paths(ec);
    ctx.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str())) return fail("TLS 主机名", url);
    stream.set_verify_callback(asio::ssl::host_name_verification(host));
    beast::get_lowest_layer(stream).expires_after(timeout);
    beast::get_lowest_layer(stream).connect(endpoints, ec);
    if (ec) return fail("连接 " + host + "：" + ec.message(), url);
    stream.handshake(asio::ssl::stream_base::client, ec);
    if (ec) return fail("TLS 握手：" + ec.message(), url);
    auto r = round_trip(stream, req);
    stream.shutdown(ec);
    return r;
}

}  // namespace zx::http
