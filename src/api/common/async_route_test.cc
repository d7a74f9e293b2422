// Tests of async routes through Mount over a real server: answers from other threads, errors
// through the dialect's writer, the outcome tally, Resume back on the I/O thread, Bearer auth.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "api/common/mount.h"
#include "api/common/responses.h"
#include "http/server.h"
#include "http/test_client.h"

namespace portcullis::api {
namespace {

using namespace std::chrono_literals;

// The test dialect's errors: status 299 and "error:<code>", so a test sees the writer was used.
http::Response TestError(const Error& error) {
  http::Response response;
  response.status = 299;
  response.content_type = "text/plain";
  response.body = "error:" + std::string(ErrorCodeName(error.code));
  return response;
}

// Runs `fn` on a thread of its own after a short delay, as a hashing or writer thread would.
template <class Fn>
void Later(Fn fn) {
  std::thread([fn = std::move(fn)]() mutable {
    std::this_thread::sleep_for(5ms);
    fn();
  }).detach();
}

class AsyncRouteTest : public ::testing::Test {
 protected:
  static Result<core::Principal> Authenticate(std::string_view token) {
    if (token != "good") return MakeError(ErrorCode::kTokenInvalid, "bad token");
    core::Principal principal;
    principal.user_id = "u1";
    return principal;
  }

  void SetUp() override {
    AsyncRouteHandler later_ok = [](Call call, Completion done) {
      std::string body = call.request.body;  // the request stays valid until done answers
      Later([body = std::move(body), done = std::move(done)]() mutable {
        done.RecordOutcome(true);
        done(JsonResponse(200, {{"echo", body}}));
      });
    };
    AsyncRouteHandler later_error = [](Call, Completion done) {
      Later([done = std::move(done)]() mutable {
        done.RecordOutcome(false);
        done(MakeError(ErrorCode::kInvalidCredentials, "no"));
      });
    };
    AsyncRouteHandler resumed = [](Call, Completion done) {
      const std::thread::id io_thread = std::this_thread::get_id();
      Later([io_thread, done = std::move(done)]() mutable {
        const std::thread::id completer = std::this_thread::get_id();
        done.Resume([io_thread, completer](Completion again) {
          const std::thread::id here = std::this_thread::get_id();
          again(JsonResponse(200, {{"on_io", here == io_thread && here != completer}}));
        });
      });
    };
    AsyncRouteHandler whoami = [](Call call, Completion done) {
      done(JsonResponse(200, {{"user", call.principal->user_id}}));
    };
    Dialect dialect{
        .name = "t",
        .write_error = TestError,
        .routes = {
            {"POST", "/ok", later_ok, Auth::kNone, RunsOn::kNonBlocking, Tally::kLogin},
            {"POST", "/bad", later_error, Auth::kNone, RunsOn::kNonBlocking, Tally::kLogin},
            {"GET", "/resumed", resumed, Auth::kNone, RunsOn::kNonBlocking},
            {"GET", "/me", whoami, Auth::kBearer, RunsOn::kNonBlocking},
        }};
    ASSERT_TRUE(Mount(router_, dialect, "/t", context_).ok());
    http::ServerOptions options;
    options.port = 0;
    options.io_threads = 1;  // the handler's thread is the only I/O thread
    options.worker_threads = 1;
    server_ = std::make_unique<http::Server>(options, router_);
    server_->Start();
  }
  void TearDown() override { server_->Stop(2000ms); }

  std::optional<http::testing::HttpResponse> Post(std::string_view path, std::string body) {
    http::testing::Client client(server_->port());
    client.Send("POST " + std::string(path) + " HTTP/1.1\r\nHost: t\r\nContent-Length: " +
                std::to_string(body.size()) + "\r\n\r\n" + body);
    return client.Read();
  }

  Metrics metrics_;
  RequestObserver observer_{metrics_};
  MountContext context_{Authenticate, observer_, false};
  http::Router router_;
  std::unique_ptr<http::Server> server_;
};

TEST_F(AsyncRouteTest, AnswersFromAnotherThread) {
  http::Request probe;
  probe.method = "POST";
  probe.path = "/t/ok";
  EXPECT_EQ(router_.Match(probe).route->dispatch, http::Dispatch::kInline);
  auto response = Post("/t/ok", "hi");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
  EXPECT_EQ(response->body(), R"({"echo":"hi"})");
}

TEST_F(AsyncRouteTest, AnErrorGoesThroughTheDialectsWriter) {
  auto response = Post("/t/bad", "");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 299);
  EXPECT_EQ(response->body(), "error:invalid_credentials");
}

TEST_F(AsyncRouteTest, RecordedOutcomesAreCountedUnderTheRoutesTally) {
  ASSERT_TRUE(Post("/t/ok", ""));
  ASSERT_TRUE(Post("/t/ok", ""));
  ASSERT_TRUE(Post("/t/bad", ""));
  const std::string text = metrics_.RenderPrometheus();
  EXPECT_NE(text.find("portcullis_logins_total{result=\"success\"} 2\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("portcullis_logins_total{result=\"failure\"} 1\n"), std::string::npos);
}

TEST_F(AsyncRouteTest, ResumeRunsTheStepOnTheIoThread) {
  http::testing::Client client(server_->port());
  auto response = client.Get("/t/resumed");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), R"({"on_io":true})");
}

TEST_F(AsyncRouteTest, BearerRoutesGetThePrincipalOrTheDialectsError) {
  http::testing::Client client(server_->port());
  auto ok = client.Get("/t/me", "Authorization: Bearer good\r\n");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->body(), R"({"user":"u1"})");
  auto bad = client.Get("/t/me", "Authorization: Bearer nope\r\n");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->result_int(), 299);
  EXPECT_EQ(bad->body(), "error:token_invalid");
}

}  // namespace
}  // namespace portcullis::api
