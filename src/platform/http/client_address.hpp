// Which address a request comes from when the server sits behind reverse proxies. The connection's
// peer is the client unless it is a trusted proxy; then X-Forwarded-For is read from the right (the
// entry the nearest proxy appended) and the first address that is not itself a trusted proxy is the
// client. Entries left of it were written by whoever the client is and are never believed.
// Untrusted input: any header (malformed, huge, hostile) yields an address and never throws.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zx::http {

// An IPv4 or IPv6 address; IPv4 is held as the IPv4-mapped IPv6 address (::ffff:a.b.c.d), so that a
// dual-stack socket's "::ffff:10.0.0.1" and "10.0.0.1" are the same address.
struct IpAddress {
    std::array<std::uint8_t, 16> bytes{};
    bool v4 = false;

    // "10.0.0.1", "2001:db8::1", "::ffff:10.0.0.1"; nullopt for anything else (ports, zones, names).
    static std::optional<IpAddress> parse(std::string_view text);
    std::string to_string() const;  // the canonical form: dotted quad for IPv4
};

// A network "10.0.0.0/8", "2001:db8::/32"; a bare address is a /32 (IPv4) or /128 (IPv6).
struct Cidr {
    IpAddress base;  // host bits cleared
    int prefix = 0;  // in bits of the 128-bit form

    static std::optional<Cidr> parse(std::string_view text);
    bool contains(const IpAddress& a) const;
};

// The trusted proxy networks (empty: nobody is trusted and the peer is always the client).
class TrustedProxies {
  public:
    TrustedProxies() = default;
    explicit TrustedProxies(std::vector<Cidr> networks) : networks_(std::move(networks)) {}

    bool empty() const { return networks_.empty(); }
    bool trusted(const IpAddress& a) const;
    // The client of a connection from `peer` carrying `forwarded_for` (all X-Forwarded-For headers,
    // joined with ", "). An unparsable peer is returned as given. Walking from the right: a malformed
    // entry stops the walk at the trusted hop that passed it on; when every entry is trusted, the
    // left-most one is the client.
    std::string client_ip(const std::string& peer, std::string_view forwarded_for) const;

  private:
    std::vector<Cidr> networks_;
};

}  // namespace zx::http
