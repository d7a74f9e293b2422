// Tests for Mount: prefixes, dispatch from RunsOn, collisions and malformed routes as a Status,
// Bearer authentication and outcome reporting around handlers.
#include "api/common/mount.h"

#include <gtest/gtest.h>

#include "api/common/responses.h"

namespace portcullis::api {
namespace {

http::Response PlainError(const Error& error) {
  http::Response response;
  response.status = error.code == ErrorCode::kNotFound ? 404 : 400;
  response.body = std::string(ErrorCodeName(error.code)) + ": " + error.detail;
  return response;
}

RouteHandler Answer(int status) {
  return [status](Call&) -> Result<http::Response> { return JsonResponse(status, {}); };
}

Dialect MakeDialect(std::string name, std::vector<RouteSpec> routes) {
  return Dialect{.name = std::move(name), .write_error = PlainError, .routes = std::move(routes)};
}

class MountTest : public ::testing::Test {
 protected:
  // Accepts the token "good" as user u1, session s1.
  static Result<core::Principal> Authenticate(std::string_view token) {
    if (token != "good") return MakeError(ErrorCode::kTokenInvalid, "bad token");
    core::Principal principal;
    principal.user_id = "u1";
    principal.session_id = "s1";
    return principal;
  }

  // Routes `method path` through the router and runs the handler it finds.
  http::Response Send(std::string method, std::string path, std::string bearer = "") {
    http::Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    if (!bearer.empty()) request.headers.emplace_back("authorization", "Bearer " + bearer);
    const http::RouteMatch match = router.Match(request);
    if (match.route == nullptr) return http::Response{.status = 404};
    return match.route->handler(request);
  }

  const http::Route* Find(std::string method, std::string path) {
    http::Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    return router.Match(request).route;
  }

  Metrics metrics;
  RequestObserver observer{metrics};
  MountContext context{Authenticate, observer, false};
  http::Router router;
};

TEST_F(MountTest, AddsEveryRouteUnderThePrefix) {
  Dialect dialect =
      MakeDialect("a", {{"GET", "/things/{id}", Answer(200)}, {"POST", "/things", Answer(201)}});
  ASSERT_TRUE(Mount(router, dialect, "/api/v2", context).ok());
  EXPECT_EQ(router.size(), 2u);
  ASSERT_NE(Find("GET", "/api/v2/things/7"), nullptr);
  EXPECT_EQ(Find("GET", "/api/v2/things/7")->pattern, "/api/v2/things/{id}");
  EXPECT_EQ(Send("POST", "/api/v2/things").status, 201);
  EXPECT_EQ(Find("GET", "/things/7"), nullptr);
  // Every mounted pattern is a metrics label.
  EXPECT_EQ(Send("GET", "/api/v2/things/7").status, 200);
  http::Request answered;
  answered.route = "/api/v2/things/{id}";
  observer.OnAnswered({&answered, 200, 0, 0.001});
  EXPECT_NE(metrics.RenderPrometheus().find(R"(route="/api/v2/things/{id}",status="200")"),
            std::string::npos);
}

TEST_F(MountTest, RunsOnDecidesTheDispatch) {
  Dialect dialect =
      MakeDialect("a", {{"GET", "/free", Answer(200), Auth::kNone, RunsOn::kNonBlocking},
                        {"GET", "/read", Answer(200), Auth::kNone, RunsOn::kStoreRead},
                        {"POST", "/write", Answer(200), Auth::kNone, RunsOn::kBlocking}});
  ASSERT_TRUE(Mount(router, dialect, "", context).ok());
  EXPECT_EQ(Find("GET", "/free")->dispatch, http::Dispatch::kInline);
  EXPECT_EQ(Find("GET", "/read")->dispatch, http::Dispatch::kInline);
  EXPECT_EQ(Find("POST", "/write")->dispatch, http::Dispatch::kWorker);

  http::Router blocking_router;
  MountContext blocking_reads{Authenticate, observer, /*store_reads_may_block=*/true};
  ASSERT_TRUE(Mount(blocking_router, dialect, "", blocking_reads).ok());
  http::Request read;
  read.method = "GET";
  read.path = "/read";
  EXPECT_EQ(blocking_router.Match(read).route->dispatch, http::Dispatch::kWorker);
  EXPECT_EQ(DispatchFor(RunsOn::kNonBlocking, true), http::Dispatch::kInline);
}

TEST_F(MountTest, CollisionWithAnEarlierMountNamesBothRoutesAndAddsNothing) {
  ASSERT_TRUE(
      Mount(router, MakeDialect("first", {{"GET", "/v1/users/{id}", Answer(200)}}), "", context)
          .ok());
  Dialect second = MakeDialect(
      "second", {{"GET", "/health", Answer(204)}, {"GET", "/users/{name}", Answer(200)}});
  Status status = Mount(router, second, "/v1", context);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kConflict);
  EXPECT_EQ(
      status.error().detail,
      "route collision: GET /v1/users/{name} (second) and GET /v1/users/{id}, mounted before");
  EXPECT_EQ(router.size(), 1u);  // not even the /v1/health route that did not collide
}

TEST_F(MountTest, CollisionInsideOneDialectNamesBothRoutes) {
  Dialect dialect =
      MakeDialect("a", {{"DELETE", "/s/{id}", Answer(204)}, {"DELETE", "/s/{sid}", Answer(204)}});
  Status status = Mount(router, dialect, "/p", context);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().detail,
            "route collision: DELETE /p/s/{sid} (a) and DELETE /p/s/{id} (a)");
  EXPECT_EQ(router.size(), 0u);
}

TEST_F(MountTest, SamePathOtherMethodOrMoreLiteralIsNoCollision) {
  ASSERT_TRUE(Mount(router, MakeDialect("a", {{"GET", "/s/{id}", Answer(200)}}), "", context).ok());
  Dialect dialect = MakeDialect("b", {{"HEAD", "/s/{id}", Answer(200)},
                                      {"DELETE", "/s/{id}", Answer(204)},
                                      {"GET", "/s/current", Answer(201)}});
  ASSERT_TRUE(Mount(router, dialect, "", context).ok());
  EXPECT_EQ(router.size(), 4u);
  EXPECT_EQ(Send("GET", "/s/current").status, 201);
  EXPECT_EQ(Send("GET", "/s/other").status, 200);
}

TEST_F(MountTest, MalformedPrefixOrPatternIsAStatus) {
  Dialect dialect = MakeDialect("a", {{"GET", "/x", Answer(200)}});
  for (std::string_view prefix : {"v1", "/v1/", "/"}) {
    Status status = Mount(router, dialect, prefix, context);
    ASSERT_FALSE(status.ok()) << prefix;
    EXPECT_NE(status.error().detail.find("bad mount prefix"), std::string::npos);
  }
  Status bad = Mount(router, MakeDialect("a", {{"GET", "/x{y}", Answer(200)}}), "/v1", context);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().detail.find("bad route GET /v1/x{y} (a)"), std::string::npos);
  Status no_slash = Mount(router, MakeDialect("a", {{"GET", "x", Answer(200)}}), "", context);
  EXPECT_FALSE(no_slash.ok());
  MountContext no_authenticator{nullptr, observer, false};
  Status bearer = Mount(router, MakeDialect("a", {{"GET", "/me", Answer(200), Auth::kBearer}}), "",
                        no_authenticator);
  ASSERT_FALSE(bearer.ok());
  EXPECT_NE(bearer.error().detail.find("GET /me (a): no handler, error writer or authenticator"),
            std::string::npos);
  EXPECT_EQ(router.size(), 0u);
}

TEST_F(MountTest, BearerRoutesGetThePrincipalOrTheDialectsError) {
  RouteHandler whoami = [](Call& call) -> Result<http::Response> {
    EXPECT_NE(call.principal, nullptr);
    return JsonResponse(200, {{"user", call.principal->user_id}});
  };
  ASSERT_TRUE(
      Mount(router, MakeDialect("a", {{"GET", "/whoami", whoami, Auth::kBearer}}), "", context)
          .ok());
  http::Response ok = Send("GET", "/whoami", "good");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, R"({"user":"u1"})");
  http::Response missing = Send("GET", "/whoami");
  EXPECT_EQ(missing.status, 400);  // PlainError's choice
  EXPECT_EQ(missing.body, "unauthorized: a Bearer token is required");
  EXPECT_EQ(Send("GET", "/whoami", "bad").body, "token_invalid: bad token");
}

TEST_F(MountTest, RequestsAreLabelledWithTheirDialect) {
  ASSERT_TRUE(Mount(router, MakeDialect("machhub", {{"POST", "/auth/login", Answer(200)}}),
                    "/machhub", context)
                  .ok());
  ASSERT_TRUE(
      Mount(router, MakeDialect("hbp", {{"POST", "/auth/login", Answer(200)}}), "", context).ok());
  for (const char* route : {"/machhub/auth/login", "/auth/login"}) {
    http::Request answered;
    answered.route = route;
    observer.OnAnswered({&answered, 200, 0, 0.001});
  }
  const std::string text = metrics.RenderPrometheus();
  EXPECT_NE(text.find(R"(portcullis_http_requests_total{dialect="machhub",)"
                      R"(route="/machhub/auth/login",status="200"} 1)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(portcullis_http_requests_total{dialect="hbp",route="/auth/login",)"
                      R"(status="200"} 1)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(portcullis_http_request_duration_seconds_count{dialect="hbp",)"
                      R"(route="/auth/login"} 1)"),
            std::string::npos);
}

TEST(SharedRoute, NamesTheFirstRouteTwoMountsWouldBothClaim) {
  const Dialect hbp = MakeDialect(
      "hbp", {{"GET", "/auth/jwks", Answer(200)}, {"POST", "/auth/login", Answer(200)}});
  const Dialect machhub = MakeDialect(
      "machhub",
      {{"POST", "/auth/login", Answer(200)}, {"GET", "/auth/permission/feature/{f}", Answer(200)}});
  EXPECT_EQ(SharedRoute(hbp, "", machhub, ""), "POST /auth/login");
  EXPECT_EQ(SharedRoute(hbp, "", machhub, "/machhub"), std::nullopt);
  EXPECT_EQ(SharedRoute(hbp, "/machhub", machhub, "/machhub"), "POST /machhub/auth/login");
  // One path shape whatever the parameter names; another method is another route.
  const Dialect other = MakeDialect("other", {{"GET", "/auth/permission/feature/{g}", Answer(200)},
                                              {"PUT", "/auth/login", Answer(200)}});
  EXPECT_EQ(SharedRoute(machhub, "", other, ""), "GET /auth/permission/feature/{f}");
  EXPECT_EQ(SharedRoute(hbp, "", other, ""), std::nullopt);
}

TEST_F(MountTest, ReportedOutcomesAreCountedUnderTheRoutesTally) {
  RouteHandler login = [](Call& call) -> Result<http::Response> {
    const bool ok = call.request.path == "/login/ok";
    call.RecordOutcome(ok);
    if (!ok) return MakeError(ErrorCode::kInvalidCredentials, "no");
    return JsonResponse(200, {});
  };
  RouteHandler unreported = [](Call&) -> Result<http::Response> {
    return MakeError(ErrorCode::kInvalidRequest, "before the service was called");
  };
  Dialect dialect = MakeDialect(
      "a", {{"POST", "/login/ok", login, Auth::kNone, RunsOn::kBlocking, Tally::kLogin},
            {"POST", "/login/bad", login, Auth::kNone, RunsOn::kBlocking, Tally::kLogin},
            {"POST", "/login/early", unreported, Auth::kNone, RunsOn::kBlocking, Tally::kLogin}});
  ASSERT_TRUE(Mount(router, dialect, "", context).ok());
  EXPECT_EQ(Send("POST", "/login/ok").status, 200);
  EXPECT_EQ(Send("POST", "/login/bad").status, 400);
  EXPECT_EQ(Send("POST", "/login/early").status, 400);
  const std::string text = metrics.RenderPrometheus();
  EXPECT_NE(text.find("portcullis_logins_total{result=\"success\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("portcullis_logins_total{result=\"failure\"} 1\n"), std::string::npos);
}

}  // namespace
}  // namespace portcullis::api
