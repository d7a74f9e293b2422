// Tests for Router: templates, literal-over-parameter priority, 405 detection, HEAD fallback and
// per-segment decoding. Single-threaded.
#include "http/router.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "http/target.h"

namespace portcullis::http {
namespace {

Response Named(std::string name) {
  Response r;
  r.body = std::move(name);
  return r;
}

Handler Returns(const std::string& name) {
  return [name](Request&) { return Named(name); };
}

Request Make(std::string method, std::string_view target) {
  Request request;
  request.method = std::move(method);
  EXPECT_TRUE(ParseTarget(target, request)) << target;
  return request;
}

std::string Dispatched(const Router& router, Request& request) {
  RouteMatch match = router.Match(request);
  if (match.route == nullptr) return match.path_matched ? "405" : "404";
  return match.route->handler(request).body;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(router_.Add("GET", "/", Returns("root")).ok());
    ASSERT_TRUE(router_.Add("GET", "/v1/users/{id}", Returns("user")).ok());
    ASSERT_TRUE(router_.Add("GET", "/v1/users/me", Returns("me")).ok());
    ASSERT_TRUE(router_.Add("DELETE", "/v1/users/{id}", Returns("delete-user")).ok());
    ASSERT_TRUE(router_.Add("GET", "/v1/users/{id}/sessions/{sid}", Returns("session")).ok());
    ASSERT_TRUE(
        router_.Add("GET", "/v1/{tenant}/sessions/current", Returns("tenant-current")).ok());
    ASSERT_TRUE(router_.Add("POST", "/v1/login", Returns("login"), Dispatch::kInline).ok());
  }
  Router router_;
};

TEST_F(RouterTest, MatchesRootAndLiterals) {
  Request root = Make("GET", "/");
  EXPECT_EQ(Dispatched(router_, root), "root");
  Request login = Make("POST", "/v1/login");
  RouteMatch match = router_.Match(login);
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->dispatch, Dispatch::kInline);
  EXPECT_EQ(login.route, "/v1/login");
}

TEST_F(RouterTest, FillsParamsAndRoute) {
  Request request = Make("GET", "/v1/users/42/sessions/abc?x=1");
  EXPECT_EQ(Dispatched(router_, request), "session");
  EXPECT_EQ(request.path_params.at("id"), "42");
  EXPECT_EQ(request.path_params.at("sid"), "abc");
  EXPECT_EQ(request.route, "/v1/users/{id}/sessions/{sid}");
  EXPECT_EQ(request.query, "x=1");
}

TEST_F(RouterTest, LiteralWinsOverParam) {
  Request me = Make("GET", "/v1/users/me");
  EXPECT_EQ(Dispatched(router_, me), "me");
  EXPECT_TRUE(me.path_params.empty());
  Request other = Make("GET", "/v1/users/mex");
  EXPECT_EQ(Dispatched(router_, other), "user");
}

TEST_F(RouterTest, BacktracksFromLiteralToParamForTheMethod) {
  // "/v1/users/me" has only GET; DELETE falls back to the "{id}" route.
  Request request = Make("DELETE", "/v1/users/me");
  EXPECT_EQ(Dispatched(router_, request), "delete-user");
  EXPECT_EQ(request.path_params.at("id"), "me");
  // "/v1/users/sessions/current": literal "users" leads nowhere, "{tenant}" matches.
  Request tenant = Make("GET", "/v1/users/sessions/current");
  EXPECT_EQ(Dispatched(router_, tenant), "tenant-current");
  EXPECT_EQ(tenant.path_params.at("tenant"), "users");
}

TEST_F(RouterTest, MethodNotAllowedListsAllow) {
  Request request = Make("PUT", "/v1/users/7");
  RouteMatch match = router_.Match(request);
  EXPECT_EQ(match.route, nullptr);
  EXPECT_TRUE(match.path_matched);
  EXPECT_EQ(match.allow, "DELETE, GET, HEAD");
  Request login = Make("GET", "/v1/login");
  match = router_.Match(login);
  EXPECT_TRUE(match.path_matched);
  EXPECT_EQ(match.allow, "POST");
}

TEST_F(RouterTest, NotFound) {
  for (const char* target : {"/v1", "/v1/users", "/v1/users/", "/v1/users/1/x", "/nope",
                             "/v1/users//sessions/x", "/V1/users/1"}) {
    Request request = Make("GET", target);
    RouteMatch match = router_.Match(request);
    EXPECT_EQ(match.route, nullptr) << target;
    EXPECT_FALSE(match.path_matched) << target;
  }
}

TEST_F(RouterTest, HeadFallsBackToGet) {
  Request request = Make("HEAD", "/v1/users/me");
  EXPECT_EQ(Dispatched(router_, request), "me");
}

TEST_F(RouterTest, DecodesEachSegmentSeparately) {
  Request request = Make("GET", "/v1/users/a%2Fb%20c");
  EXPECT_EQ(Dispatched(router_, request), "user");
  EXPECT_EQ(request.path_params.at("id"), "a/b c");
  EXPECT_EQ(request.path, "/v1/users/a/b c");
  Request literal = Make("GET", "/v1/%75sers/m%65");  // escaped literals still match
  EXPECT_EQ(Dispatched(router_, literal), "me");
}

TEST_F(RouterTest, HandBuiltRequestWithoutTarget) {
  Request request;
  request.method = "GET";
  request.path = "/v1/users/9";
  EXPECT_EQ(Dispatched(router_, request), "user");
  EXPECT_EQ(request.path_params.at("id"), "9");
}

TEST_F(RouterTest, ClearsStaleParamsOnReuse) {
  Request request = Make("GET", "/v1/users/9");
  EXPECT_EQ(Dispatched(router_, request), "user");
  ASSERT_TRUE(ParseTarget("/", request));
  EXPECT_EQ(Dispatched(router_, request), "root");
  EXPECT_TRUE(request.path_params.empty());
  EXPECT_EQ(request.route, "/");
}

// The status of a failed Add: its code, and that the message names the route.
void ExpectRefused(const Status& status, ErrorCode code, const std::string& route) {
  ASSERT_FALSE(status.ok()) << route;
  EXPECT_EQ(status.error().code, code) << route;
  EXPECT_NE(status.error().detail.find(route), std::string::npos) << status.error().detail;
}

TEST(RouterAddTest, RejectsBadPatternsWithAStatusNamingThem) {
  Router router;
  auto h = Returns("x");
  ExpectRefused(router.Add("GET", "v1/x", h), ErrorCode::kInvalidRequest, "GET v1/x");
  ExpectRefused(router.Add("GET", "/v1/x{id}", h), ErrorCode::kInvalidRequest, "GET /v1/x{id}");
  ExpectRefused(router.Add("GET", "/v1/{id}/{id}", h), ErrorCode::kInvalidRequest,
                "GET /v1/{id}/{id}");
  ExpectRefused(router.Add("GET", "/v1/%zz", h), ErrorCode::kInvalidRequest, "GET /v1/%zz");
  ExpectRefused(router.Add("G ET", "/v1", h), ErrorCode::kInvalidRequest, "G ET /v1");
  ExpectRefused(router.Add("GET", "/v1", Handler{}), ErrorCode::kInvalidRequest, "GET /v1");
  ExpectRefused(router.AddAsync("GET", "/v1", AsyncHandler{}), ErrorCode::kInvalidRequest,
                "GET /v1");
  ExpectRefused(router.Add(Route{"GET", "/v1", h, [](Request&, Reply) {}, Dispatch::kInline}),
                ErrorCode::kInvalidRequest, "GET /v1");
  EXPECT_EQ(router.size(), 0u);
  ASSERT_TRUE(router.Add("GET", "/v1/{a}", h).ok());
  ExpectRefused(router.Add("GET", "/v1/{b}", h), ErrorCode::kConflict,
                "GET /v1/{b}");                        // same shape
  ASSERT_TRUE(router.Add("POST", "/v1/{b}", h).ok());  // another method may name it differently
  Request request = Make("POST", "/v1/z");
  ASSERT_NE(router.Match(request).route, nullptr);
  EXPECT_EQ(request.path_params.at("b"), "z");
  EXPECT_EQ(router.size(), 2u);
}

TEST(RouterAddTest, AFailedAddLeavesTheRouterUnchanged) {
  Router router;
  ASSERT_TRUE(router.Add("GET", "/a/{x}", Returns("ax")).ok());
  // Valid prefix, bad tail: nothing of "/b/c" may be left behind.
  ExpectRefused(router.Add("GET", "/b/c/{y}/{y}", Returns("bad")), ErrorCode::kInvalidRequest,
                "/b/c/{y}/{y}");
  ExpectRefused(router.Add("GET", "/a/{z}", Returns("dup")), ErrorCode::kConflict, "/a/{z}");
  Request request = Make("GET", "/b/c");
  EXPECT_FALSE(router.Match(request).path_matched);
  Request a = Make("GET", "/a/1");
  EXPECT_EQ(Dispatched(router, a), "ax");
  EXPECT_EQ(router.size(), 1u);
}

TEST(RouterAddTest, AsyncRoutesKeepTheirDeclaredDispatch) {
  Router router;
  ASSERT_TRUE(router.AddAsync("POST", "/v1/login", [](Request&, Reply) {}).ok());
  ASSERT_TRUE(router
                  .AddAsync(
                      "POST", "/v1/slow", [](Request&, Reply) {}, Dispatch::kWorker)
                  .ok());
  Request login = Make("POST", "/v1/login");
  const RouteMatch match = router.Match(login);
  ASSERT_NE(match.route, nullptr);
  EXPECT_TRUE(static_cast<bool>(match.route->async_handler));
  EXPECT_FALSE(static_cast<bool>(match.route->handler));
  EXPECT_EQ(match.route->dispatch, Dispatch::kInline);
  Request slow = Make("POST", "/v1/slow");
  EXPECT_EQ(router.Match(slow).route->dispatch, Dispatch::kWorker);
}

}  // namespace
}  // namespace portcullis::http
