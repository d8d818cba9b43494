#include "platform/http/client_address.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace zx::http {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// An X-Forwarded-For entry: an address, or one with a port as some proxies write it
// ("10.0.0.1:4711", "[2001:db8::1]:4711").
std::optional<IpAddress> parse_entry(std::string_view e) {
    e = trim(e);
    if (!e.empty() && e.front() == '[') {
        const std::size_t close = e.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        return IpAddress::parse(e.substr(1, close - 1));
    }
    if (const std::size_t colon = e.find(':'); colon != std::string_view::npos && e.find(':', colon + 1) == e.npos)
        e = e.substr(0, colon);  // one colon: IPv4 with a port
    return IpAddress::parse(e);
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
    if (text.empty() || text.size() > 45) return std::nullopt;
    char buf[46] = {};
    std::memcpy(buf, text.data(), text.size());
    IpAddress a;
    in_addr v4{};
    if (inet_pton(AF_INET, buf, &v4) == 1) {
        a.v4 = true;
        a.bytes[10] = a.bytes[11] = 0xff;
        std::memcpy(a.bytes.data() + 12, &v4, 4);
        return a;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, buf, &v6) != 1) return std::nullopt;
    std::memcpy(a.bytes.data(), &v6, 16);
    static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    a.v4 = std::memcmp(a.bytes.data(), kMapped, 12) == 0;
    return a;
}

std::string IpAddress::to_string() const {
    char buf[INET6_ADDRSTRLEN] = {};
    if (v4) return inet_ntop(AF_INET, bytes.data() + 12, buf, sizeof buf) != nullptr ? buf : "";
    return inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf) != nullptr ? buf : "";
}

std::optional<Cidr> Cidr::parse(std::string_view text) {
    text = trim(text);
    const std::size_t slash = text.find('/');
    auto addr = IpAddress::parse(text.substr(0, slash));
    if (!addr) return std::nullopt;
    int bits = addr->v4 ? 32 : 128;
    if (slash != std::string_view::npos) {
        const std::string_view p = text.substr(slash + 1);
        if (p.empty() || p.size() > 3 || p.find_first_not_of("0123456789") != std::string_view::npos)
            return std::nullopt;
        const int n = std::stoi(std::string(p));
        if (n > bits) return std::nullopt;
        bits = n;
    }
    Cidr c;
    c.prefix = addr->v4 ? 96 + bits : bits;
    c.base = *addr;
    for (int i = c.prefix; i < 128; ++i)
        c.base.bytes[static_cast<std::size_t>(i / 8)] &= static_cast<std::uint8_t>(~(0x80u >> (i % 8)));
    return c;
}

bool Cidr::contains(const IpAddress& a) const {
    for (int i = 0; i < prefix; ++i) {
        const std::size_t byte = static_cast<std::size_t>(i / 8);
        const unsigned mask = 0x80u >> (i % 8);
        if ((a.bytes[byte] & mask) != (base.bytes[byte] & mask)) return false;
    }
    return true;
}

bool TrustedProxies::trusted(const IpAddress& a) const {
    for (const Cidr& c : networks_)
        if (c.contains(a)) return true;
    return false;
}

std::string TrustedProxies::client_ip(const std::string& peer, std::string_view forwarded_for) const {
    auto hop = IpAddress::parse(peer);
    if (!hop) return peer;
    if (!trusted(*hop)) return hop->to_string();
    std::string_view rest = forwarded_for;
    while (!trim(rest).empty()) {
        const std::size_t comma = rest.rfind(',');
        const std::string_view entry = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
        auto a = parse_entry(entry);
        if (!a) break;  // garbage: the trusted hop that passed it on is as far as we can see
        hop = a;
        if (!trusted(*hop)) break;
    }
    return hop->to_string();
}

}  // namespace zx::http
