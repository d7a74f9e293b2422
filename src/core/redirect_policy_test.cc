// Tests of the redirect allow-list: prefixes match, open-redirect tricks are refused.
#include "core/redirect_policy.h"

#include <gtest/gtest.h>

namespace portcullis::core {
namespace {

const RedirectPolicy kPolicy({"https://app.example.com/auth", "https://*.apps.example.com",
                              "http://localhost:3000/", "com.example.app://callback"});

TEST(RedirectPolicyTest, AllowsTheListedPrefixes) {
  EXPECT_TRUE(kPolicy.Check("https://app.example.com/auth").ok());
  EXPECT_TRUE(kPolicy.Check("https://app.example.com/auth/done?x=1#y").ok());
  EXPECT_TRUE(kPolicy.Check("https://APP.example.com:443/auth/").ok());
  EXPECT_TRUE(kPolicy.Check("https://a.apps.example.com/anything").ok());
  EXPECT_TRUE(kPolicy.Check("https://a.b.apps.example.com/").ok());
  EXPECT_TRUE(kPolicy.Check("http://localhost:3000/x").ok());
  EXPECT_TRUE(kPolicy.Check("com.example.app://callback").ok());
}

TEST(RedirectPolicyTest, RefusesOtherSchemesHostsPortsAndPaths) {
  for (const char* url : {
           "http://app.example.com/auth",  // scheme
           "https://evil.com/auth",        // host
           "https://app.example.com.evil.com/auth",
           "https://app.example.com:8443/auth",  // port
           "https://app.example.com/authx",      // not below the prefix
           "https://app.example.com/",           // above it
           "https://apps.example.com/",          // the wildcard's own domain
           "https://evilapps.example.com/",      // not a subdomain
           "http://localhost:3001/",
       }) {
    EXPECT_FALSE(kPolicy.Check(url).ok()) << url;
  }
}

TEST(RedirectPolicyTest, RefusesOpenRedirectTricks) {
  for (const char* url : {
           "javascript:alert(1)",
           "JavaScript://app.example.com/auth%0aalert(1)",
           "data:text/html,<script>alert(1)</script>",
           "//evil.com/auth",
           "/\\evil.com",
           "https:\\\\evil.com\\auth",
           "https://app.example.com\\@evil.com/auth",
           "https://app.example.com@evil.com/auth",
           "https://good:pw@app.example.com/auth",
           "https://app.example.com/auth/../../evil",
           "https://app.example.com/auth/%2e%2e/evil",
           "https://app.example.com/auth%2fevil",
           "https://app.example.com/auth evil",
           "https://app.example.com/auth\tx",
           "https:///auth",
           "https://app.example.com:0/auth",
           "https://app.example.com:99999/auth",
           "https://*.apps.example.com/",
           "",
           "not a url",
       }) {
    EXPECT_FALSE(kPolicy.Check(url).ok()) << url;
  }
  const Status refused = kPolicy.Check("//evil.com/auth");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(refused.error().field, Field::kRedirectTo);
}

TEST(RedirectPolicyTest, AllowedPrefixesAreStrict) {
  EXPECT_TRUE(ParseAllowedRedirect("https://*.example.com").has_value());
  EXPECT_FALSE(ParseAllowedRedirect("https://*.com").has_value());
  EXPECT_FALSE(ParseAllowedRedirect("https://a*.example.com").has_value());
  EXPECT_FALSE(ParseAllowedRedirect("https://app.example.com/x?y=1").has_value());
  EXPECT_FALSE(ParseAllowedRedirect("https://user@app.example.com").has_value());
  EXPECT_FALSE(ParseAllowedRedirect("javascript:alert(1)").has_value());
  EXPECT_FALSE(RedirectPolicy({}).Check("https://app.example.com/").ok());
}

}  // namespace
}  // namespace portcullis::core
