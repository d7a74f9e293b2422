// Tests for cookie authentication through Mount: the session cookie stands in for a Bearer token
// only without a credential header, unsafe cookie requests pass the origin rule and the
// double-submit check, Bearer requests are unaffected; and for CORS preflights and headers.
#include "api/common/cookie_auth.h"

#include <gtest/gtest.h>

#include "api/common/cors.h"
#include "api/common/mount.h"
#include "api/common/responses.h"

namespace portcullis::api {
namespace {

http::Response PlainError(const Error& error) {
  const int status = error.code == ErrorCode::kForbidden        ? 403
                     : error.code == ErrorCode::kInvalidRequest ? 400
                                                                : 401;
  return http::Response{.status = status, .body = std::string(ErrorCodeName(error.code))};
}

// A bearer authenticator that knows one token.
Result<core::Principal> KnowsGoodToken(std::string_view token) {
  if (token != "good") return MakeError(ErrorCode::kTokenInvalid, "unknown token");
  core::Principal principal;
  principal.user_id = "u1";
  return principal;
}

struct Mounted {
  Metrics metrics;
  RequestObserver observer{metrics};
  OriginRule origins{"https://auth.example.com", {"https://app.example.com"}};
  http::Router router;

  explicit Mounted(bool csrf, bool cors = false) {
    MountContext context{KnowsGoodToken, observer};
    context.origin_rule = &origins;
    context.cookie_auth = {"hubrix_token", csrf};
    context.cors = cors;
    RouteHandler whoami = [](Call& call) -> Result<http::Response> {
      return JsonResponse(200, {{"user", call.principal->user_id}});
    };
    Dialect dialect{.name = "t", .write_error = PlainError, .routes = {}};
    dialect.routes = {{"GET", "/me", whoami, Auth::kBearer, RunsOn::kNonBlocking},
                      {"POST", "/me", whoami, Auth::kBearer, RunsOn::kNonBlocking}};
    EXPECT_TRUE(Mount(router, dialect, "/v1", context).ok());
  }

  http::Response Send(std::string method,
                      std::vector<std::pair<std::string, std::string>> headers) {
    http::Request request;
    request.method = std::move(method);
    request.path = "/v1/me";
    request.headers = std::move(headers);
    const http::RouteMatch match = router.Match(request);
    if (match.route == nullptr) return http::Response{.status = 404};
    return match.route->handler(request);
  }
};

std::optional<std::string> HeaderOf(const http::Response& response, std::string_view name) {
  for (const auto& [n, v] : response.headers) {
    if (n == name) return v;
  }
  return std::nullopt;
}

TEST(CookieAuth, TheSessionCookieAuthenticatesWhenNoCredentialHeaderIsThere) {
  Mounted m(false);
  EXPECT_EQ(m.Send("GET", {{"cookie", "a=b; hubrix_token=good"}}).status, 200);
  EXPECT_EQ(m.Send("GET", {{"cookie", "hubrix_token=bad"}}).status, 401);
  EXPECT_EQ(m.Send("GET", {}).status, 401);
  // A header always wins over the cookie, whatever it holds.
  EXPECT_EQ(
      m.Send("GET", {{"authorization", "Bearer bad"}, {"cookie", "hubrix_token=good"}}).status,
      401);
  EXPECT_EQ(
      m.Send("GET", {{"authorization", "Bearer good"}, {"cookie", "hubrix_token=bad"}}).status,
      200);
}

// A sibling subdomain can plant a second session cookie (its own token, a narrower path) to act as
// its holder in the victim's browser: two are refused, neither is used.
TEST(CookieAuth, TwoSessionOrCsrfCookiesAreRefused) {
  Mounted m(false);
  EXPECT_EQ(m.Send("GET", {{"cookie", "hubrix_token=good; hubrix_token=bad"}}).status, 400);
  EXPECT_EQ(
      m.Send("GET", {{"cookie", "hubrix_token=good"}, {"cookie", "hubrix_token=good"}}).status,
      400);
  Mounted csrf(true);
  EXPECT_EQ(
      csrf.Send("POST", {{"cookie", "hubrix_token=good; portcullis_csrf=a; portcullis_csrf=b"},
                         {"x-csrf-token", "a"}})
          .status,
      400);
}

TEST(CookieAuth, DoubleSubmitNeedsTheHeaderEqualToTheCsrfCookieOnUnsafeMethodsOnly) {
  Mounted m(true);
  const std::string cookies = "hubrix_token=good; portcullis_csrf=c5rf";
  EXPECT_EQ(m.Send("GET", {{"cookie", cookies}}).status, 200);
  EXPECT_EQ(m.Send("POST", {{"cookie", cookies}}).status, 403);
  EXPECT_EQ(m.Send("POST", {{"cookie", cookies}, {"x-csrf-token", "other"}}).status, 403);
  EXPECT_EQ(m.Send("POST", {{"cookie", "hubrix_token=good"}, {"x-csrf-token", ""}}).status, 403);
  EXPECT_EQ(m.Send("POST", {{"cookie", cookies}, {"x-csrf-token", "c5rf"}}).status, 200);
  // A Bearer request needs none of it.
  EXPECT_EQ(m.Send("POST", {{"authorization", "Bearer good"}}).status, 200);
}

TEST(CookieAuth, WithoutDoubleSubmitAnUnsafeCookieRequestNeedsNoHeader) {
  Mounted m(false);
  EXPECT_EQ(m.Send("POST", {{"cookie", "hubrix_token=good"}}).status, 200);
}

TEST(Cors, OptionsIsAnsweredOnEveryMountedPathWithItsMethods) {
  Mounted m(false, /*cors=*/true);
  const http::Response plain = m.Send("OPTIONS", {});
  EXPECT_EQ(plain.status, 204);
  EXPECT_EQ(HeaderOf(plain, "Allow"), "OPTIONS, GET, POST");
  EXPECT_FALSE(HeaderOf(plain, "Access-Control-Allow-Origin"));
  // Without CORS there is no OPTIONS route.
  Mounted off(false);
  EXPECT_EQ(off.Send("OPTIONS", {}).status, 404);
}

TEST(CookieAuth, AnUnsafeCookieRequestFromAForeignOriginIsRefusedBearerIsNot) {
  Mounted m(false);
  EXPECT_EQ(
      m.Send("POST", {{"cookie", "hubrix_token=good"}, {"origin", "https://evil.example"}}).status,
      403);
  EXPECT_EQ(
      m.Send("POST", {{"cookie", "hubrix_token=good"}, {"sec-fetch-site", "cross-site"}}).status,
      403);
  EXPECT_EQ(m.Send("POST", {{"cookie", "hubrix_token=good"}, {"origin", "https://app.example.com"}})
                .status,
            200);
  // A safe method is not checked; a Bearer request never is.
  EXPECT_EQ(
      m.Send("GET", {{"cookie", "hubrix_token=good"}, {"origin", "https://evil.example"}}).status,
      200);
  EXPECT_EQ(
      m.Send("POST", {{"authorization", "Bearer good"}, {"origin", "https://evil.example"}}).status,
      200);
}

TEST(Cors, ATrustedOriginsPreflightAndAnswersCarryTheCorsHeaders) {
  Mounted m(false, /*cors=*/true);
  const http::Response preflight =
      m.Send("OPTIONS", {{"origin", "https://app.example.com"},
                         {"access-control-request-method", "POST"},
                         {"access-control-request-headers", "content-type, x-csrf-token"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(HeaderOf(preflight, "Access-Control-Allow-Origin"), "https://app.example.com");
  EXPECT_EQ(HeaderOf(preflight, "Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(HeaderOf(preflight, "Access-Control-Allow-Methods"), "OPTIONS, GET, POST");
  EXPECT_NE(HeaderOf(preflight, "Access-Control-Allow-Headers")->find("X-CSRF-Token"),
            std::string::npos);
  EXPECT_EQ(HeaderOf(preflight, "Access-Control-Max-Age"), "600");
  EXPECT_EQ(HeaderOf(preflight, "Vary"), "Origin");
  const http::Response actual =
      m.Send("GET", {{"origin", "https://app.example.com"}, {"cookie", "hubrix_token=good"}});
  EXPECT_EQ(actual.status, 200);
  EXPECT_EQ(HeaderOf(actual, "Access-Control-Allow-Origin"), "https://app.example.com");
  EXPECT_EQ(HeaderOf(actual, "Access-Control-Allow-Credentials"), "true");
  // Refusals carry them too, so the page can read the 401.
  const http::Response refused = m.Send("GET", {{"origin", "https://app.example.com"}});
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(HeaderOf(refused, "Access-Control-Allow-Origin"), "https://app.example.com");
}

TEST(Cors, AnUntrustedOriginGetsNoCorsHeader) {
  Mounted m(false, /*cors=*/true);
  const http::Response preflight = m.Send(
      "OPTIONS", {{"origin", "https://evil.example"}, {"access-control-request-method", "POST"}});
  EXPECT_FALSE(HeaderOf(preflight, "Access-Control-Allow-Origin"));
  EXPECT_FALSE(HeaderOf(preflight, "Access-Control-Allow-Credentials"));
  const http::Response actual =
      m.Send("GET", {{"origin", "https://evil.example"}, {"authorization", "Bearer good"}});
  EXPECT_EQ(actual.status, 200);
  EXPECT_FALSE(HeaderOf(actual, "Access-Control-Allow-Origin"));
}

}  // namespace
}  // namespace portcullis::api
