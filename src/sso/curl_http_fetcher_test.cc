// Tests for curl_http_fetcher.h against a loopback HTTP server: GET and POST, the discovery and
// JWKS documents through the OpenID Connect client, no redirect followed, the timeout, the size
// cap, and the URLs refused before any connection. Single-threaded (the server has its thread).
#include "sso/curl_http_fetcher.h"

#include <gtest/gtest.h>

#include "common/clock.h"
#include "sso/oidc_identity_provider.h"
#include "sso/testing/loopback_http_server.h"
#include "sso/testing/sso_fakes.h"

namespace portcullis::sso {
namespace {

using std::chrono::milliseconds;
using testing::CannedReply;
using testing::LoopbackHttpServer;
using testing::SeenRequest;

CurlHttpFetcher Fetcher(milliseconds timeout = milliseconds(5000)) {
  return CurlHttpFetcher(FetcherOptions{
      .connect_timeout = milliseconds(2000), .timeout = timeout, .max_response_bytes = 64 * 1024});
}

TEST(CurlHttpFetcherTest, GetsAndPosts) {
  SeenRequest seen;
  LoopbackHttpServer server([&](const std::string& path, const SeenRequest& request) {
    seen = request;
    return CannedReply{.status = path == "/token" ? 400 : 200,
                       .body = R"({"path":")" + path + "\"}"};
  });
  auto fetcher = Fetcher();
  auto got = fetcher.Fetch({.url = server.Url("/doc")});
  ASSERT_TRUE(got) << got.error().detail;
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->body, R"({"path":"/doc"})");
  EXPECT_EQ(got->content_type, "application/json");
  auto posted = fetcher.Fetch({.method = HttpRequest::Method::kPost,
                               .url = server.Url("/token"),
                               .headers = {{"Content-Type", "application/x-www-form-urlencoded"}},
                               .body = "a=1&b=2"});
  ASSERT_TRUE(posted) << posted.error().detail;
  EXPECT_EQ(posted->status, 400);  // any status is an answer
  EXPECT_EQ(seen.body, "a=1&b=2");
  EXPECT_TRUE(seen.head.starts_with("POST /token HTTP/1.1")) << seen.head;
}

TEST(CurlHttpFetcherTest, RedirectsAreNotFollowed) {
  int hits = 0;
  LoopbackHttpServer server([&](const std::string& path, const SeenRequest&) {
    ++hits;
    if (path == "/moved")
      return CannedReply{.status = 302, .extra_headers = "Location: /there\r\n"};
    return CannedReply{.body = "followed"};
  });
  auto got = Fetcher().Fetch({.url = server.Url("/moved")});
  ASSERT_TRUE(got) << got.error().detail;
  EXPECT_EQ(got->status, 302);
  EXPECT_EQ(hits, 1);
}

TEST(CurlHttpFetcherTest, SlowServerTimesOut) {
  LoopbackHttpServer server([](const std::string&, const SeenRequest&) {
    return CannedReply{.body = "{}", .delay = milliseconds(3000)};
  });
  const auto start = std::chrono::steady_clock::now();
  auto got = Fetcher(milliseconds(500)).Fetch({.url = server.Url("/slow")});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(2500));
}

TEST(CurlHttpFetcherTest, TooLargeAnswerIsRefused) {
  LoopbackHttpServer server([](const std::string&, const SeenRequest&) {
    return CannedReply{.body = std::string(64 * 1024 + 1, 'x')};
  });
  auto got = Fetcher().Fetch({.url = server.Url("/large")});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(got.error().detail.find("larger"), std::string::npos) << got.error().detail;
}

TEST(CurlHttpFetcherTest, PlainHttpOnlyToLoopbackAndNothingButHttpOrHttps) {
  auto fetcher = Fetcher();
  for (const char* url :
       {"http://example.com/", "http://10.0.0.1/", "http://127.0.0.1.nip.io/",
        "http://127.0.0.1.evil.example:80/", "http://127.1/", "http://0x7f000001/",
        "http://[::ffff:10.0.0.1]/", "http://localhost.evil.example/",
        "http://127.0.0.1@evil.example/", "http:/127.0.0.1/", "ftp://127.0.0.1/",
        "file:///etc/passwd", "https://user:pw@idp.example/", "gopher://localhost/"}) {
    auto got = fetcher.Fetch({.url = url});
    ASSERT_FALSE(got) << url;
    EXPECT_EQ(got.error().code, ErrorCode::kInvalidRequest) << url;
  }
  EXPECT_TRUE(CheckFetchableUrl("http://localhost:8080/x"));
  EXPECT_TRUE(CheckFetchableUrl("http://127.0.0.2/x"));
  EXPECT_TRUE(CheckFetchableUrl("http://[::1]:80/x"));
  EXPECT_TRUE(CheckFetchableUrl("https://accounts.google.com"));
}

TEST(CurlHttpFetcherTest, HttpsToAServerWithoutTlsFails) {
  LoopbackHttpServer server([](const std::string&, const SeenRequest&) { return CannedReply{}; });
  auto got = Fetcher().Fetch({.url = "https://127.0.0.1:" + std::to_string(server.port()) + "/"});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kUnavailable);
}

// The OpenID Connect client over the real fetcher: discovery, JWKS and token endpoint.
TEST(CurlHttpFetcherTest, OidcProviderRedeemsAgainstALoopbackProvider) {
  const auto key = testing::MakeProviderKey(crypto::JwsAlgorithm::kEs256, "lk");
  FakeClock clock(1'800'000'000);
  std::string issuer;
  LoopbackHttpServer server([&](const std::string& path, const SeenRequest&) {
    if (path == "/.well-known/openid-configuration") {
      return CannedReply{.body = boost::json::serialize(
                             boost::json::object{{"issuer", issuer},
                                                 {"authorization_endpoint", issuer + "/auth"},
                                                 {"token_endpoint", issuer + "/token"},
                                                 {"jwks_uri", issuer + "/jwks"}})};
    }
    if (path == "/jwks") return CannedReply{.body = testing::JwksOf({key.public_jwk})};
    if (path == "/token") {
      const std::string id_token =
          testing::SignToken(key.private_key, {{"iss", issuer},
                                               {"sub", "s-1"},
                                               {"aud", "c-1"},
                                               {"exp", clock.NowSeconds() + 60},
                                               {"iat", clock.NowSeconds()},
                                               {"nonce", "n-1"},
                                               {"email", "a@example.com"},
                                               {"email_verified", true}});
      return CannedReply{.body = R"({"access_token":"at","id_token":")" + id_token + "\"}"};
    }
    return CannedReply{.status = 404};
  });
  issuer = server.Url("");
  OidcIdentityProvider provider(ProviderOptions{.name = "local",
                                                .kind = "oidc",
                                                .client_id = "c-1",
                                                .client_secret = "x",
                                                .scopes = {"openid"},
                                                .issuer = issuer},
                                clock, std::make_shared<CurlHttpFetcher>(FetcherOptions{}));
  auto r = provider.Redeem(
      {.code = "c", .code_verifier = "v", .nonce = "n-1", .redirect_uri = "http://127.0.0.1/cb"});
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->subject, "s-1");
  EXPECT_TRUE(r->email_verified);
}

}  // namespace
}  // namespace portcullis::sso
