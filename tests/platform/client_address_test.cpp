// Client addresses behind reverse proxies: CIDR matching for IPv4 and IPv6, and X-Forwarded-For
// read from the right, never believed from an untrusted peer, never a crash on garbage.
#include <gtest/gtest.h>

#include <random>

#include "platform/http/client_address.hpp"

namespace zx::http {
namespace {

Cidr net(const char* text) {
    auto c = Cidr::parse(text);
    EXPECT_TRUE(c) << text;
    return c.value_or(Cidr{});
}
IpAddress ip(const char* text) {
    auto a = IpAddress::parse(text);
    EXPECT_TRUE(a) << text;
    return a.value_or(IpAddress{});
}

TEST(Cidr, MatchesIpv4AndIpv6Networks) {
    EXPECT_TRUE(net("10.0.0.0/8").contains(ip("10.255.1.2")));
    EXPECT_FALSE(net("10.0.0.0/8").contains(ip("11.0.0.1")));
    EXPECT_TRUE(net("192.168.1.7").contains(ip("192.168.1.7")));
    EXPECT_FALSE(net("192.168.1.7").contains(ip("192.168.1.8")));
    EXPECT_TRUE(net("172.16.0.0/12").contains(ip("172.31.255.255")));
    EXPECT_FALSE(net("172.16.0.0/12").contains(ip("172.32.0.0")));
    EXPECT_TRUE(net("0.0.0.0/0").contains(ip("8.8.8.8")));
    EXPECT_FALSE(net("0.0.0.0/0").contains(ip("2001:db8::1")));  // an IPv4 network holds no IPv6 address
    EXPECT_TRUE(net("2001:db8::/32").contains(ip("2001:db8:ffff::1")));
    EXPECT_FALSE(net("2001:db8::/32").contains(ip("2001:db9::1")));
    EXPECT_TRUE(net("::1").contains(ip("::1")));
    EXPECT_TRUE(net("fd00::/7").contains(ip("fdff::1")));
    // A dual-stack socket's IPv4-mapped peer is the IPv4 address.
    EXPECT_TRUE(net("127.0.0.0/8").contains(ip("::ffff:127.0.0.1")));
    EXPECT_EQ(ip("::ffff:127.0.0.1").to_string(), "127.0.0.1");
    EXPECT_EQ(net("10.1.2.3/8").base.to_string(), "10.0.0.0");

    for (const char* bad : {"", "/", "10.0.0.0/", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/-1", "10.0.0.0/8x",
                            "10.0.0/8", "host.example", "10.0.0.0/8/8", "::/0000", "1.2.3.4 5"})
        EXPECT_FALSE(Cidr::parse(bad)) << bad;
}

TEST(TrustedProxies, TakesTheRightMostAddressThatIsNotAProxy) {
    const TrustedProxies proxies({net("10.0.0.0/8"), net("2001:db8::/32")});
    // An untrusted peer: its header is ignored.
    EXPECT_EQ(proxies.client_ip("203.0.113.9", "198.51.100.1"), "203.0.113.9");
    // A trusted peer: the right-most address that is not itself a proxy; the left of it is the client's word.
    EXPECT_EQ(proxies.client_ip("10.0.0.2", "198.51.100.1"), "198.51.100.1");
    EXPECT_EQ(proxies.client_ip("10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.7"), "198.51.100.1");
    EXPECT_EQ(proxies.client_ip("10.0.0.2", " 198.51.100.1 ,\t2001:db8::5 "), "198.51.100.1");
    EXPECT_EQ(proxies.client_ip("::ffff:10.0.0.2", "2001:db9::1"), "2001:db9::1");
    EXPECT_EQ(proxies.client_ip("10.0.0.2", "198.51.100.1:4711"), "198.51.100.1");
    EXPECT_EQ(proxies.client_ip("10.0.0.2", "[2001:db9::1]:4711"), "2001:db9::1");
    // No header, or only proxies: the left-most trusted hop.
    EXPECT_EQ(proxies.client_ip("10.0.0.2", ""), "10.0.0.2");
    EXPECT_EQ(proxies.client_ip("10.0.0.2", "10.9.9.9, 10.0.0.3"), "10.9.9.9");
    // Garbage stops the walk at the trusted hop that passed it on.
    EXPECT_EQ(proxies.client_ip("10.0.0.2", "198.51.100.1, unknown"), "10.0.0.2");
    EXPECT_EQ(proxies.client_ip("10.0.0.2", "garbage, 10.0.0.3"), "10.0.0.3");
    EXPECT_EQ(proxies.client_ip("10.0.0.2", ",,,"), "10.0.0.2");
    // Nobody trusted: always the peer.
    EXPECT_EQ(TrustedProxies().client_ip("10.0.0.2", "198.51.100.1"), "10.0.0.2");
    EXPECT_EQ(TrustedProxies().client_ip("-", "198.51.100.1"), "-");
}

TEST(TrustedProxies, MalformedHeadersNeverCrash) {
    const TrustedProxies proxies({net("0.0.0.0/0"), net("::/0")});
    std::mt19937 gen(8);
    const std::string alphabet = "0123456789abcdef:.,[] /\t%x\xff";
    for (int i = 0; i < 20000; ++i) {
        std::string h(gen() % 80, ' ');
        for (char& c : h) c = alphabet[gen() % alphabet.size()];
        const std::string out = proxies.client_ip("10.0.0.1", h);
        EXPECT_TRUE(IpAddress::parse(out)) << h;
    }
    EXPECT_EQ(proxies.client_ip("10.0.0.1", std::string(100000, ',')), "10.0.0.1");
    EXPECT_TRUE(IpAddress::parse(proxies.client_ip("10.0.0.1", std::string(100000, '1'))));
}

}  // namespace
}  // namespace zx::http
