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
  return http::Response{.status = error.code == ErrorCode::kForbidden ? 403 : 401,
                        .body = std::string(ErrorCodeName(error.code))};
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
    context.cookie_auth = {"hubrix_token", &origins, csrf};
    if (cors) context.cors = &origins;
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
