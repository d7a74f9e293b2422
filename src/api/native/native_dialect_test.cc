// Tests for the native dialect's table mounted at a non-default prefix over core services on the
// in-memory store, served by a real server on 127.0.0.1 (async routes answer through a Reply):
// routes, dispatch, problem JSON errors, cookies and the login counters.
#include "api/native/native_dialect.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <variant>

#include "api/common/mount.h"
#include "api/native/ops_routes.h"
#include "core/testing/service_fixture.h"
#include "http/server.h"
#include "http/test_client.h"

namespace portcullis::api::native {
namespace {

class NativeDialectTest : public core::testing::ServiceFixture {
 protected:
  void SetUp() override {
    native.cookie.path = RefreshCookiePath("/api/v9");
    ASSERT_TRUE(Mount(router, OpsDialect(ops), "", mount).ok());
    ASSERT_TRUE(Mount(router, NativeDialect(native), "/api/v9", mount).ok());
    http::ServerOptions options;
    options.port = 0;
    options.io_threads = 1;
    options.worker_threads = 2;
    server = std::make_unique<http::Server>(options, router);
    server->Start();
  }
  void TearDown() override { server->Stop(std::chrono::milliseconds(2000)); }

  const http::Route* Find(std::string method, std::string path) {
    http::Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    return router.Match(request).route;
  }

  // POSTs through the server; status 0 when no response came.
  http::Response Post(std::string path, std::string body, std::string bearer = "") {
    http::testing::Client client(server->port());
    std::string head =
        "POST " + path + " HTTP/1.1\r\nHost: t\r\n" +
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    if (!bearer.empty()) head += "Authorization: Bearer " + bearer + "\r\n";
    client.Send(head + "\r\n" + body);
    auto answer = client.Read();
    http::Response response{.status = 0};
    if (!answer) return response;
    response.status = answer->result_int();
    response.body = answer->body();
    for (const auto& field : *answer) {
      if (field.name() == boost::beast::http::field::content_type) {
        response.content_type = std::string(field.value());
      } else {
        response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
      }
    }
    return response;
  }

  static std::string Header(const http::Response& response, std::string_view name) {
    for (const auto& [n, v] : response.headers) {
      if (n == name) return v;
    }
    return "";
  }

  Metrics metrics;
  RequestObserver observer{metrics};
  MountContext mount{SessionAuthenticator(sessions), observer, false};
  NativeContext native{accounts, sessions, nullptr, {}};
  static constexpr std::string_view kMetricsToken = "metrics-token-0123456789";
  OpsContext ops{store, metrics, "{\"keys\":[]}", "", std::string(kMetricsToken)};
  http::Router router;
  std::unique_ptr<http::Server> server;
};

TEST_F(NativeDialectTest, TableMountsAtThePrefixWithOpsUnprefixed) {
  EXPECT_EQ(router.size(), 4u + 12u);  // no MfaService: no /me/mfa routes
  EXPECT_NE(Find("POST", "/api/v9/auth/login"), nullptr);
  EXPECT_EQ(Find("POST", "/v1/auth/login"), nullptr);
  EXPECT_NE(Find("DELETE", "/api/v9/me/sessions/abc"), nullptr);
  EXPECT_NE(Find("GET", "/health"), nullptr);
  EXPECT_EQ(Find("GET", "/api/v9/me/profile")->dispatch, http::Dispatch::kInline);
  // Login is async: it reads the account on the I/O thread and hands the hash and the write over.
  EXPECT_EQ(Find("POST", "/api/v9/auth/login")->dispatch, http::Dispatch::kInline);
  EXPECT_TRUE(Find("POST", "/api/v9/auth/login")->async_handler);
  EXPECT_TRUE(Find("POST", "/api/v9/auth/refresh")->async_handler);
  EXPECT_EQ(Find("POST", "/api/v9/me/password")->dispatch, http::Dispatch::kWorker);
  EXPECT_EQ(Find("GET", "/metrics")->dispatch, http::Dispatch::kInline);
}

TEST_F(NativeDialectTest, MainListenerMetricsAnswerOnlyToTheToken) {
  const auto status = [&](std::string_view extra) {
    http::testing::Client client(server->port());
    auto answer = client.Get("/metrics", extra);
    return answer ? answer->result_int() : 0;
  };
  EXPECT_EQ(status(""), 401);
  EXPECT_EQ(status("Authorization: Bearer metrics-token-0123456780\r\n"), 401);
  EXPECT_EQ(status("Authorization: Basic bWV0cmljczp4\r\n"), 401);
  EXPECT_EQ(status("Authorization: Bearer " + std::string(kMetricsToken) + "\r\n"), 200);
}

TEST_F(NativeDialectTest, NoTokenNoMetricsOnTheMainListenerButOnTheOperatorOne) {
  const OpsContext untokened{store, metrics, "{}"};
  http::Router main_router;
  ASSERT_TRUE(Mount(main_router, OpsDialect(untokened), "", mount).ok());
  http::Router operator_router;
  ASSERT_TRUE(Mount(operator_router, OperatorDialect(untokened), "", mount).ok());
  const auto has = [](const http::Router& r, std::string path) {
    http::Request request;
    request.method = "GET";
    request.path = std::move(path);
    return r.Match(request).route != nullptr;
  };
  EXPECT_FALSE(has(main_router, "/metrics"));
  EXPECT_TRUE(has(main_router, "/health"));
  EXPECT_TRUE(has(main_router, "/ready"));
  EXPECT_EQ(operator_router.size(), 3u);
  EXPECT_TRUE(has(operator_router, "/metrics"));
  EXPECT_TRUE(has(operator_router, "/health"));
  EXPECT_TRUE(has(operator_router, "/ready"));
  EXPECT_FALSE(has(operator_router, "/.well-known/jwks.json"));
}

TEST_F(NativeDialectTest, MountingTwiceAtOnePrefixIsACollision) {
  Status again = Mount(router, NativeDialect(native), "/api/v9", mount);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().detail,
            "route collision: POST /api/v9/auth/register (native) and POST "
            "/api/v9/auth/register, mounted before");
}

TEST_F(NativeDialectTest, RegisterLoginAndErrorsSpeakProblemJson) {
  http::Response registered =
      Post("/api/v9/auth/register",
           R"({"email":"bob@example.com","password":"correct horse","cookie":true})");
  ASSERT_EQ(registered.status, 201) << registered.body;
  EXPECT_NE(Header(registered, "Set-Cookie").find("Path=/api/v9/auth"), std::string::npos);
  EXPECT_FALSE(boost::json::parse(registered.body).as_object().contains("refresh_token"));

  http::Response wrong =
      Post("/api/v9/auth/login", R"({"email":"bob@example.com","password":"wrong horse"})");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.content_type, "application/problem+json");
  EXPECT_EQ(boost::json::parse(wrong.body).at("type"), "invalid_credentials");

  http::Response unknown = Post("/api/v9/auth/login", R"({"password":"x","nick":"b"})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(boost::json::parse(unknown.body).at("field"), "nick");

  http::Response login =
      Post("/api/v9/auth/login", R"({"email":"bob@example.com","password":"correct horse"})");
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string access =
      std::string(boost::json::parse(login.body).at("access_token").as_string());
  EXPECT_EQ(Post("/api/v9/me/sessions/revoke-all", "{}", access).status, 204);
  http::Response revoked = Post("/api/v9/me/sessions/revoke-all", "{}", access);
  EXPECT_EQ(revoked.status, 401);
  EXPECT_NE(Header(revoked, "WWW-Authenticate").find("Bearer"), std::string::npos);

  const std::string text = metrics.RenderPrometheus();
  EXPECT_NE(text.find("portcullis_logins_total{result=\"success\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("portcullis_logins_total{result=\"failure\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("portcullis_registrations_total 1\n"), std::string::npos);
}

}  // namespace
}  // namespace portcullis::api::native
