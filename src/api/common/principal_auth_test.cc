// Tests for principal authentication: which header's credential is taken, and Mount's handling of
// Auth::kPrincipal routes (the authenticator runs, a kNonBlocking one is refused).
#include "api/common/principal_auth.h"

#include <gtest/gtest.h>

#include "api/common/mount.h"
#include "api/common/responses.h"

namespace portcullis::api {
namespace {

http::Request WithHeaders(std::vector<std::pair<std::string, std::string>> headers) {
  http::Request request;
  request.method = "GET";
  request.path = "/whoami";
  request.headers = std::move(headers);
  return request;
}

std::string Presented(std::vector<std::pair<std::string, std::string>> headers) {
  const http::Request request = WithHeaders(std::move(headers));  // the view points into it
  auto presented = PresentedCredentialOf(request);
  if (!presented) return std::string(ErrorCodeName(presented.error().code));
  return std::string(presented->from_authorization ? "auth:" : "key:") +
         std::string(presented->secret);
}

TEST(PresentedCredential, BearerFirstThenXApiKeyThenXMachhubApiKey) {
  EXPECT_EQ(Presented({{"authorization", "Bearer hbx_a"}, {"x-api-key", "hbx_b"}}), "auth:hbx_a");
  EXPECT_EQ(Presented({{"x-machhub-api-key", "mchx_c"}, {"x-api-key", "hbx_b"}}), "key:hbx_b");
  EXPECT_EQ(Presented({{"x-machhub-api-key", " mchx_c "}}), "key:mchx_c");
  // Another Authorization scheme does not hide a key header.
  EXPECT_EQ(Presented({{"authorization", "Basic abc"}, {"x-api-key", "hbx_b"}}), "key:hbx_b");
  EXPECT_EQ(Presented({{"authorization", "Basic abc"}}), "unauthorized");
  EXPECT_EQ(Presented({{"x-api-key", ""}}), "unauthorized");
  EXPECT_EQ(Presented({}), "unauthorized");
}

http::Response PlainError(const Error& error) {
  return http::Response{.status = 401, .body = std::string(ErrorCodeName(error.code))};
}

TEST(PrincipalRoutes, MountRunsThePrincipalAuthenticatorAndRefusesNonBlockingRoutes) {
  Metrics metrics;
  RequestObserver observer{metrics};
  MountContext context{nullptr, observer, false,
                       [](const http::Request& request) -> Result<core::Principal> {
                         auto presented = PresentedCredentialOf(request);
                         if (!presented) return presented.error();
                         core::Principal principal;
                         principal.kind = core::PrincipalKind::kApiKey;
                         principal.company_id = std::string(presented->secret);
                         return principal;
                       }};
  RouteHandler whoami = [](Call& call) -> Result<http::Response> {
    return JsonResponse(200, {{"company", call.principal->company_id}});
  };
  http::Router router;
  Dialect dialect{.name = "a", .write_error = PlainError, .routes = {}};
  dialect.routes = {{"GET", "/whoami", whoami, Auth::kPrincipal, RunsOn::kNonBlocking}};
  Status refused = Mount(router, dialect, "", context);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().detail.find("cannot be kNonBlocking"), std::string::npos);

  dialect.routes = {{"GET", "/whoami", whoami, Auth::kPrincipal, RunsOn::kStoreRead}};
  ASSERT_TRUE(Mount(router, dialect, "", context).ok());
  http::Request request = WithHeaders({{"x-api-key", "acme"}});
  const http::RouteMatch match = router.Match(request);
  ASSERT_NE(match.route, nullptr);
  http::Response ok = match.route->handler(request);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, R"({"company":"acme"})");
  http::Request anonymous = WithHeaders({});
  EXPECT_EQ(router.Match(anonymous).route->handler(anonymous).body, "unauthorized");
}

}  // namespace
}  // namespace portcullis::api
