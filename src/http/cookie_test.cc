// Tests for Cookie header parsing and Set-Cookie formatting.
// Single-threaded.
#include "http/cookie.h"

#include <gtest/gtest.h>

namespace portcullis::http {
namespace {

TEST(CookieTest, ParsesPairs) {
  const Cookies cookies = ParseCookies("sid=abc; theme=\"dark\";lang=en ;  empty= ; sid=second");
  const Cookies expected = {
      {"sid", "abc"}, {"theme", "dark"}, {"lang", "en"}, {"empty", ""}, {"sid", "second"}};
  EXPECT_EQ(cookies, expected);
  EXPECT_EQ(FindCookie(cookies, "sid"), "abc");
  EXPECT_FALSE(FindCookie(cookies, "none"));
  EXPECT_EQ(CountCookies(cookies, "sid"), 2u);
  EXPECT_EQ(CountCookies(cookies, "theme"), 1u);
  EXPECT_EQ(CountCookies(cookies, "none"), 0u);
  EXPECT_EQ(CountCookies(cookies, "SID"), 0u);  // names are case-sensitive
}

TEST(CookieTest, SkipsJunk) {
  const Cookies cookies = ParseCookies(";;novalue; =x; bad name=1; ok=1=2;");
  const Cookies expected = {{"ok", "1=2"}};
  EXPECT_EQ(cookies, expected);
  EXPECT_TRUE(ParseCookies("").empty());
}

TEST(CookieTest, ReadsEveryCookieHeader) {
  Request request;
  request.headers = {{"cookie", "a=1"}, {"x-other", "b=2"}, {"cookie", "c=3"}};
  const Cookies expected = {{"a", "1"}, {"c", "3"}};
  EXPECT_EQ(ParseRequestCookies(request), expected);
}

TEST(CookieTest, FormatsSetCookie) {
  SetCookie cookie;
  cookie.name = "sid";
  cookie.value = "abc123";
  cookie.max_age = 3600;
  EXPECT_EQ(FormatSetCookie(cookie),
            "sid=abc123; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax");
  cookie.path.clear();
  cookie.domain = "example.com";
  cookie.secure = false;
  cookie.http_only = false;
  cookie.same_site = SameSite::kStrict;
  cookie.max_age.reset();
  EXPECT_EQ(FormatSetCookie(cookie), "sid=abc123; Domain=example.com; SameSite=Strict");
}

TEST(CookieTest, RefusesUnsafeSetCookie) {
  SetCookie cookie;
  cookie.name = "sid";
  cookie.value = "a;b";
  EXPECT_FALSE(FormatSetCookie(cookie));
  cookie.value = "a\r\nSet-Cookie: x=y";
  EXPECT_FALSE(FormatSetCookie(cookie));
  cookie.value = "ok";
  cookie.name = "bad name";
  EXPECT_FALSE(FormatSetCookie(cookie));
  cookie.name = "sid";
  cookie.path = "/a;b";
  EXPECT_FALSE(FormatSetCookie(cookie));
  cookie.path = "/";
  cookie.same_site = SameSite::kNone;
  cookie.secure = false;
  EXPECT_FALSE(FormatSetCookie(cookie));
}

}  // namespace
}  // namespace portcullis::http
