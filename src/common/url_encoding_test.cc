// Tests for url_encoding.h: RFC 3986 unreserved characters, form bodies, and query parameters
// added before a fragment with the right separator. Single-threaded.
#include "common/url_encoding.h"

#include <gtest/gtest.h>

namespace portcullis {
namespace {

TEST(UrlEncoding, PercentEncodesEverythingButUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(PercentEncode("a b&c=d/e?f#g+h"), "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh");
  EXPECT_EQ(PercentEncode("\xc3\xa9\x01\xff"), "%C3%A9%01%FF");
  EXPECT_EQ(PercentEncode(""), "");
}

TEST(UrlEncoding, FormEncodesNameValuePairs) {
  EXPECT_EQ(FormEncode({}), "");
  EXPECT_EQ(FormEncode({{"grant_type", "authorization_code"}, {"redirect_uri", "https://a/b?c"}}),
            "grant_type=authorization_code&redirect_uri=https%3A%2F%2Fa%2Fb%3Fc");
}

TEST(UrlEncoding, WithQueryAddsParametersBeforeAFragment) {
  EXPECT_EQ(WithQuery("https://app/x", {{"code", "a b"}}), "https://app/x?code=a%20b");
  EXPECT_EQ(WithQuery("https://app/x?y=1", {{"code", "c"}}), "https://app/x?y=1&code=c");
  EXPECT_EQ(WithQuery("https://app/x?", {{"code", "c"}}), "https://app/x?code=c");
  EXPECT_EQ(WithQuery("https://app/x?y=1&", {{"code", "c"}}), "https://app/x?y=1&code=c");
  EXPECT_EQ(WithQuery("https://app/x#/route", {{"error", "e"}, {"n", "1"}}),
            "https://app/x?error=e&n=1#/route");
  EXPECT_EQ(WithQuery("https://app/x#f", {}), "https://app/x#f");
}

}  // namespace
}  // namespace portcullis
