// Tests of TrustedProxies: CIDR parsing (IPv4, IPv6, bad input) and the client address of a
// request under honest and hostile X-Forwarded-For / Forwarded headers.
#include "http/client_address.h"

#include <gtest/gtest.h>

#include <string>

namespace portcullis::http {
namespace {

TrustedProxies Proxies(std::vector<std::string> cidrs) {
  auto parsed = TrustedProxies::Parse(cidrs);
  EXPECT_TRUE(parsed.ok());
  return parsed.ok() ? std::move(parsed).value() : TrustedProxies();
}

TEST(TrustedProxiesTest, ParsesCidrsAndAddresses) {
  for (const char* good : {"10.0.0.0/8", "192.0.2.7", "0.0.0.0/0", "fd00::/8", "::1", "::/0",
                           "2001:db8::/32", "127.0.0.1/32"}) {
    EXPECT_TRUE(TrustedProxies::IsValid(good)) << good;
  }
  for (const char* bad : {"", "10.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0/8",
                          "example.com", "[::1]", "10.0.0.1:80", "1.2.3.4/8x", "/8", "::1/ 8"}) {
    EXPECT_FALSE(TrustedProxies::IsValid(bad)) << bad;
  }
  auto refused = TrustedProxies::Parse({"10.0.0.0/8", "nonsense"});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().detail.find("nonsense"), std::string::npos);
}

TEST(TrustedProxiesTest, MatchesPrefixes) {
  const TrustedProxies p = Proxies({"10.0.0.0/8", "192.168.1.0/25", "fd00::/8"});
  EXPECT_TRUE(p.Contains("10.255.1.2"));
  EXPECT_FALSE(p.Contains("11.0.0.1"));
  EXPECT_TRUE(p.Contains("192.168.1.127"));
  EXPECT_FALSE(p.Contains("192.168.1.128"));
  EXPECT_TRUE(p.Contains("fd12:3456::1"));
  EXPECT_FALSE(p.Contains("fe80::1"));
  EXPECT_TRUE(p.Contains("::ffff:10.1.2.3"));  // IPv4-mapped counts as IPv4
  EXPECT_FALSE(p.Contains("garbage"));
}

TEST(TrustedProxiesTest, WithoutTrustedProxiesTheHeadersAreIgnored) {
  const TrustedProxies none;
  EXPECT_EQ(none.ClientAddress("203.0.113.9", "1.2.3.4", "for=5.6.7.8"), "203.0.113.9");
}

TEST(TrustedProxiesTest, AnUntrustedPeerCannotSpoofItsAddress) {
  const TrustedProxies p = Proxies({"10.0.0.0/8"});
  EXPECT_EQ(p.ClientAddress("203.0.113.9", "1.2.3.4", ""), "203.0.113.9");
  EXPECT_EQ(p.ClientAddress("203.0.113.9", "", "for=1.2.3.4"), "203.0.113.9");
}

TEST(TrustedProxiesTest, TakesTheRightMostAddressThatIsNotAProxy) {
  const TrustedProxies p = Proxies({"10.0.0.0/8", "127.0.0.1"});
  // The client forged the left entries; the proxy appended the real one.
  EXPECT_EQ(p.ClientAddress("10.0.0.1", "6.6.6.6, 7.7.7.7, 198.51.100.4", ""), "198.51.100.4");
  // Two proxies of ours in a row.
  EXPECT_EQ(p.ClientAddress("127.0.0.1", "198.51.100.4, 10.0.0.2", ""), "198.51.100.4");
  // Several header lines are one list.
  EXPECT_EQ(p.ClientAddress("10.0.0.1", "6.6.6.6,198.51.100.4,10.1.1.1", ""), "198.51.100.4");
  // Nothing but proxies: the left-most proxy.
  EXPECT_EQ(p.ClientAddress("10.0.0.1", "10.0.0.3, 10.0.0.2", ""), "10.0.0.3");
  // No header at all: the peer.
  EXPECT_EQ(p.ClientAddress("10.0.0.1", "", ""), "10.0.0.1");
}

TEST(TrustedProxiesTest, ReadsForwardedForWhenThereIsNoXForwardedFor) {
  const TrustedProxies p = Proxies({"10.0.0.0/8"});
  EXPECT_EQ(p.ClientAddress("10.0.0.1", "", "for=6.6.6.6, for=198.51.100.4;proto=https"),
            "198.51.100.4");
  EXPECT_EQ(p.ClientAddress("10.0.0.1", "", "proto=https;For=\"[2001:db8::7]:443\""),
            "2001:db8::7");
  EXPECT_EQ(p.ClientAddress("10.0.0.1", "", "for=192.0.2.60:8080"), "192.0.2.60");
  // X-Forwarded-For wins when both are present.
  EXPECT_EQ(p.ClientAddress("10.0.0.1", "198.51.100.4", "for=6.6.6.6"), "198.51.100.4");
}

TEST(TrustedProxiesTest, HostileEntriesStopAtTheLastTrustedHop) {
  const TrustedProxies p = Proxies({"10.0.0.0/8"});
  for (const char* hostile :
       {"garbage", "unknown", "_hidden", "1.2.3.4.5", "1.2.3.4 5", "[::1", "[::1]x", "\"\"",
        "999.1.1.1", "::ffff:zz", ",,,,", " , ", "1.2.3.4:99999:1", "%00", "\x01\x02",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}) {
    EXPECT_EQ(p.ClientAddress("10.0.0.1", hostile, ""), "10.0.0.1") << hostile;
    EXPECT_EQ(p.ClientAddress("10.0.0.1", std::string("6.6.6.6,") + hostile + ",10.0.0.2", ""),
              "10.0.0.2")
        << hostile;
    EXPECT_EQ(p.ClientAddress("10.0.0.1", "", std::string("for=") + hostile), "10.0.0.1")
        << hostile;
  }
  // A very long list is cut at 64 hops from the right, never walked to its end.
  std::string long_list = "6.6.6.6";
  for (int i = 0; i < 10000; ++i) long_list += ",10.0.0.9";
  EXPECT_EQ(p.ClientAddress("10.0.0.1", long_list, ""), "10.0.0.9");
  // An IPv4-mapped client is shown as IPv4.
  EXPECT_EQ(p.ClientAddress("::ffff:10.0.0.1", "::ffff:198.51.100.4", ""), "198.51.100.4");
}

}  // namespace
}  // namespace portcullis::http
