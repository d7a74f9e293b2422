// A tiny test dialect with its own error format, mounted at two prefixes and driven through the
// router: a dialect is a route table plus an error writer; Mount adds auth, errors and metrics.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/common/json_fields.h"
#include "api/common/mount.h"
#include "api/common/responses.h"
#include "common/status_macros.h"

namespace portcullis::api {
namespace {

// The test dialect: errors are {"error": {"code": N, "reason": "..."}}, always with status 200
// except 401 for authentication, unlike the native problem JSON.
http::Response WriteTestError(const Error& error) {
  const bool auth =
      error.code == ErrorCode::kUnauthorized || error.code == ErrorCode::kTokenInvalid;
  boost::json::object inner{{"code", static_cast<int>(error.code)},
                            {"reason", std::string(ErrorCodeName(error.code))}};
  return JsonResponse(auth ? 401 : 200, boost::json::object{{"error", std::move(inner)}});
}

struct EchoBody {
  std::string text;
  bool shout = false;
};
constexpr JsonField<EchoBody> kEchoFields[] = {
    RequiredString("text", &EchoBody::text),
    OptionalBool("shout", &EchoBody::shout),
};

Result<http::Response> Echo(Call& call) {
  ASSIGN_OR_RETURN(EchoBody body, DecodeJson(call.request, kEchoFields));
  if (body.shout) {
    for (char& c : body.text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return JsonResponse(200, {{"text", body.text}});
}

Result<http::Response> Item(Call& call) {
  const std::string& id = call.request.path_params.at("id");
  if (id != "1") return MakeError(ErrorCode::kNotFound, "no such item");
  return JsonResponse(200, {{"id", id}});
}

Result<http::Response> Me(Call& call) {
  return JsonResponse(200, {{"user", call.principal->user_id}});
}

Dialect TestDialect() {
  return Dialect{.name = "test",
                 .write_error = WriteTestError,
                 .routes = {
                     {"POST", "/echo", Echo, Auth::kNone, RunsOn::kNonBlocking},
                     {"GET", "/items/{id}", Item, Auth::kNone, RunsOn::kStoreRead},
                     {"GET", "/me", Me, Auth::kBearer, RunsOn::kNonBlocking},
                 }};
}

class TestDialectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Mount(router, TestDialect(), "/hub/v2", context).ok());
    ASSERT_TRUE(Mount(router, TestDialect(), "/v1", context).ok());
  }

  static Result<core::Principal> Authenticate(std::string_view token) {
    if (token != "t") return MakeError(ErrorCode::kTokenInvalid, "unknown token");
    core::Principal principal;
    principal.user_id = "u7";
    return principal;
  }

  struct Answer {
    int status;
    boost::json::value body;
  };
  Answer Send(std::string method, std::string path, std::string body = "",
              std::string bearer = "") {
    http::Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.body = std::move(body);
    if (!request.body.empty()) request.headers.emplace_back("content-type", "application/json");
    if (!bearer.empty()) request.headers.emplace_back("authorization", "Bearer " + bearer);
    const http::RouteMatch match = router.Match(request);
    if (match.route == nullptr) return {404, nullptr};
    http::Response response = match.route->handler(request);
    observer.OnAnswered({&request, response.status, response.body.size(), 0.001});
    return {response.status, boost::json::parse(response.body)};
  }

  Metrics metrics;
  RequestObserver observer{metrics};
  MountContext context{Authenticate, observer, false};
  http::Router router;
};

TEST_F(TestDialectTest, RoutesAnswerUnderEachPrefix) {
  EXPECT_EQ(router.size(), 6u);
  for (std::string prefix : {"/hub/v2", "/v1"}) {
    Answer echo = Send("POST", prefix + "/echo", R"({"text":"hi","shout":true})");
    EXPECT_EQ(echo.status, 200);
    EXPECT_EQ(echo.body.at("text"), "HI");
    EXPECT_EQ(Send("GET", prefix + "/items/1").body.at("id"), "1");
    EXPECT_EQ(Send("GET", prefix + "/me", "", "t").body.at("user"), "u7");
  }
  EXPECT_EQ(Send("GET", "/echo").status, 404);
}

TEST_F(TestDialectTest, EveryErrorTakesTheDialectsShape) {
  const auto reason = [](const Answer& a) { return a.body.at("error").at("reason"); };
  Answer missing = Send("GET", "/hub/v2/items/2");
  EXPECT_EQ(missing.status, 200);
  EXPECT_EQ(reason(missing), "not_found");
  Answer unknown_member = Send("POST", "/hub/v2/echo", R"({"text":"a","admin":true})");
  EXPECT_EQ(unknown_member.status, 200);
  EXPECT_EQ(reason(unknown_member), "invalid_request");
  Answer no_token = Send("GET", "/hub/v2/me");
  EXPECT_EQ(no_token.status, 401);
  EXPECT_EQ(reason(no_token), "unauthorized");
  EXPECT_EQ(reason(Send("GET", "/hub/v2/me", "", "x")), "token_invalid");
}

TEST_F(TestDialectTest, RequestsAreCountedPerMountedRoute) {
  Send("GET", "/hub/v2/items/1");
  Send("GET", "/v1/items/2");
  const std::string text = metrics.RenderPrometheus();
  EXPECT_NE(text.find(R"(route="/hub/v2/items/{id}",status="200"} 1)"), std::string::npos);
  EXPECT_NE(text.find(R"(route="/v1/items/{id}",status="200"} 1)"), std::string::npos);
}

}  // namespace
}  // namespace portcullis::api
