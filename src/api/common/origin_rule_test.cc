// Tests for the origin rule: RFC 6454 serialization of origins, and which cookie-authenticated
// requests pass (Origin ours or allowed; else Sec-Fetch-Site same-origin or none; else neither).
#include "api/common/origin_rule.h"

#include <gtest/gtest.h>

#include "api/common/origin_settings.h"

namespace portcullis::api {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

http::Request Post(Headers headers, std::string method = "POST") {
  http::Request request;
  request.method = std::move(method);
  request.path = "/v1/auth/refresh";
  request.headers = std::move(headers);
  return request;
}

const OriginRule& Rule() {
  static const OriginRule rule("https://Auth.Example.com:443/base/",
                               {"https://app.example.com", "http://localhost:3000"});
  return rule;
}

std::string Verdict(Headers headers, std::string method = "POST") {
  const Status status = Rule().Check(Post(std::move(headers), std::move(method)));
  return status.ok() ? "ok" : std::string(ErrorCodeName(status.error().code));
}

TEST(OriginOf, SerializesSchemeHostAndNonDefaultPort) {
  EXPECT_EQ(OriginOf("https://auth.example.com"), "https://auth.example.com");
  EXPECT_EQ(OriginOf("HTTPS://Auth.EXAMPLE.com:443/path?q#f"), "https://auth.example.com");
  EXPECT_EQ(OriginOf("http://auth.example.com:80"), "http://auth.example.com");
  EXPECT_EQ(OriginOf("http://auth.example.com:443"), "http://auth.example.com:443");
  EXPECT_EQ(OriginOf("https://auth.example.com:8443/"), "https://auth.example.com:8443");
  EXPECT_EQ(OriginOf("http://127.0.0.1:08080"), "http://127.0.0.1:8080");
  EXPECT_EQ(OriginOf("http://[::1]:8080"), "http://[::1]:8080");
  EXPECT_EQ(OriginOf("http://[::FFFF:127.0.0.1]"), "http://[::ffff:127.0.0.1]");
}

TEST(OriginOf, RefusesWhatIsNoHttpOrigin) {
  for (const char* bad :
       {"null", "", "auth.example.com", "ftp://auth.example.com", "https://",
        "https://user@auth.example.com", "https://a b.example.com",
        "https://auth.example.com:", "https://auth.example.com:0", "https://auth.example.com:65536",
        "https://auth.example.com:80x", "http://[::1", "http://[::1]x", "http://[zz::1]",
        "https://auth.example.com%2f.evil", "https://auth.example.com\\@evil"}) {
    EXPECT_EQ(OriginOf(bad), std::nullopt) << bad;
  }
}

TEST(IsBareOrigin, NoPathNotEvenASlash) {
  EXPECT_TRUE(IsBareOrigin("https://app.example.com"));
  EXPECT_TRUE(IsBareOrigin("http://localhost:3000"));
  EXPECT_FALSE(IsBareOrigin("https://app.example.com/"));
  EXPECT_FALSE(IsBareOrigin("https://app.example.com/app"));
  EXPECT_FALSE(IsBareOrigin("https://app.example.com?x"));
  EXPECT_FALSE(IsBareOrigin("null"));
}

TEST(OriginRule, TrustsOurOriginAndTheAllowedOnesOnly) {
  EXPECT_TRUE(Rule().Trusts("https://auth.example.com"));
  EXPECT_TRUE(Rule().Trusts("https://auth.example.com:443"));
  EXPECT_TRUE(Rule().Trusts("HTTPS://AUTH.example.com"));
  EXPECT_TRUE(Rule().Trusts("https://app.example.com"));
  EXPECT_TRUE(Rule().Trusts("http://localhost:3000"));
  EXPECT_FALSE(Rule().Trusts("http://auth.example.com"));  // another scheme
  EXPECT_FALSE(Rule().Trusts("https://auth.example.com:8443"));
  EXPECT_FALSE(Rule().Trusts("http://localhost"));
  EXPECT_FALSE(Rule().Trusts("https://evil.example"));
  EXPECT_FALSE(Rule().Trusts("https://sub.auth.example.com"));
  EXPECT_FALSE(Rule().Trusts("https://auth.example.com.evil"));
  EXPECT_FALSE(Rule().Trusts("https://auth.example.com/"));  // not an Origin header's form
  EXPECT_FALSE(Rule().Trusts("null"));
  EXPECT_FALSE(Rule().Trusts(""));
}

TEST(OriginRule, IgnoresAllowedEntriesThatAreNoOrigins) {
  const OriginRule rule("not a url", {"https://ok.example", "https://path.example/x", "null"});
  EXPECT_TRUE(rule.Trusts("https://ok.example"));
  EXPECT_FALSE(rule.Trusts("https://path.example"));
  EXPECT_FALSE(rule.Trusts("null"));
}

TEST(OriginRule, AnOriginHeaderMustBeOursOrAllowed) {
  EXPECT_EQ(Verdict({{"origin", "https://auth.example.com"}}), "ok");
  EXPECT_EQ(Verdict({{"origin", "https://app.example.com"}}), "ok");
  EXPECT_EQ(Verdict({{"origin", "https://evil.example"}}), "forbidden");
  EXPECT_EQ(Verdict({{"origin", "null"}}), "forbidden");
  EXPECT_EQ(Verdict({{"origin", ""}}), "forbidden");
  // With an Origin, Sec-Fetch-Site is not asked: an allowed sibling is "same-site".
  EXPECT_EQ(Verdict({{"origin", "https://app.example.com"}, {"sec-fetch-site", "same-site"}}),
            "ok");
  EXPECT_EQ(Verdict({{"origin", "https://evil.example"}, {"sec-fetch-site", "same-origin"}}),
            "forbidden");
  // Two Origin headers are never "the first one wins".
  EXPECT_EQ(Verdict({{"origin", "https://auth.example.com"}, {"origin", "https://evil.example"}}),
            "forbidden");
}

TEST(OriginRule, WithoutOriginSecFetchSiteMustBeSameOriginOrNone) {
  EXPECT_EQ(Verdict({{"sec-fetch-site", "same-origin"}}), "ok");
  EXPECT_EQ(Verdict({{"sec-fetch-site", "none"}}), "ok");
  EXPECT_EQ(Verdict({{"sec-fetch-site", "same-site"}}), "forbidden");
  EXPECT_EQ(Verdict({{"sec-fetch-site", "cross-site"}}), "forbidden");
  EXPECT_EQ(Verdict({{"sec-fetch-site", "something-new"}}), "forbidden");
  EXPECT_EQ(Verdict({{"sec-fetch-site", "none"}, {"sec-fetch-site", "cross-site"}}), "forbidden");
}

TEST(OriginRule, ANonBrowserClientWithNeitherHeaderPasses) {
  EXPECT_EQ(Verdict({}), "ok");
  EXPECT_EQ(Verdict({{"user-agent", "curl/8"}}), "ok");
}

TEST(OriginRule, SafeMethodsAreNotChecked) {
  for (const char* method : {"GET", "HEAD", "OPTIONS"}) {
    EXPECT_EQ(Verdict({{"origin", "https://evil.example"}}, method), "ok") << method;
  }
  for (const char* method : {"PUT", "PATCH", "DELETE"}) {
    EXPECT_EQ(Verdict({{"origin", "https://evil.example"}}, method), "forbidden") << method;
  }
}

TEST(OriginSettings, AllowedOriginsMustBeBareOrigins) {
  const options::Section<OriginOptions> section = OriginSection();
  ASSERT_EQ(section.options().size(), 1u);
  const auto& option = section.options().front();
  EXPECT_EQ(option.name, "allowed_origins");
  OriginOptions options;
  const auto list = [](std::vector<std::string> items) {
    return options::Value{options::Kind::kList, std::move(items), {}, "test"};
  };
  EXPECT_TRUE(option.assign(options, list({"https://app.example.com", "http://localhost:3000"})));
  EXPECT_EQ(options.allowed_origins.size(), 2u);
  EXPECT_FALSE(option.assign(options, list({"https://app.example.com/"})));
  EXPECT_FALSE(option.assign(options, list({"app.example.com"})));
  EXPECT_FALSE(option.assign(options, list({"null"})));
  EXPECT_TRUE(OriginOptions().allowed_origins.empty());  // default: none
}

}  // namespace
}  // namespace portcullis::api
