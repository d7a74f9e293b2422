// Tests of asynchronous handlers and Reply over real sockets: replies from other threads, dropped
// and never-sent replies, exceptions, and graceful shutdown with a reply outstanding.
#include "http/reply.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <latch>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/executor_thread_pool.h"
#include "http/server.h"
#include "http/test_client.h"

namespace portcullis::http {
namespace {

using namespace std::chrono_literals;
using testing::Client;

Response Text(std::string body) {
  Response r;
  r.content_type = "text/plain";
  r.body = std::move(body);
  return r;
}

// Replies handed over by handlers, sent later by the test (as a hash or database thread would).
class ReplyBox {
 public:
  void Put(Reply reply) {
    std::lock_guard lock(mu_);
    replies_.push_back(std::move(reply));
    arrived_.notify_all();
  }
  bool WaitFor(std::size_t count, std::chrono::milliseconds timeout = 10000ms) {
    std::unique_lock lock(mu_);
    return arrived_.wait_for(lock, timeout, [&] { return replies_.size() >= count; });
  }
  Reply Take() {
    std::lock_guard lock(mu_);
    Reply reply = std::move(replies_.front());
    replies_.erase(replies_.begin());
    return reply;
  }

 private:
  std::mutex mu_;
  std::condition_variable arrived_;
  std::vector<Reply> replies_;
};

class ReplyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.port = 0;
    options_.io_threads = 2;
    options_.worker_threads = 2;
    // Parks the Reply for the test to send from its own thread.
    ASSERT_TRUE(router_
                    .AddAsync("GET", "/later",
                              [this](Request&, Reply reply) { box_.Put(std::move(reply)); })
                    .ok());
    // Replies at once, on the I/O thread, using the request.
    ASSERT_TRUE(router_
                    .AddAsync("GET", "/now/{x}",
                              [](Request& request, Reply reply) {
                                reply(Text("now:" + request.path_params.at("x")));
                              })
                    .ok());
    // Replies from a thread of its own after the handler returned.
    ASSERT_TRUE(
        router_
            .AddAsync("POST", "/thread",
                      [](Request& request, Reply reply) {
                        std::thread([body = request.body, reply = std::move(reply)]() mutable {
                          std::this_thread::sleep_for(20ms);
                          reply(Text("thread:" + body));
                        }).detach();
                      })
            .ok());
    // Completes on a thread of its own, and answers from a step resumed on the I/O thread.
    ASSERT_TRUE(
        router_
            .AddAsync("GET", "/build/{x}",
                      [](Request& request, Reply reply) {
                        const std::thread::id io_thread = std::this_thread::get_id();
                        std::thread([&request, io_thread, reply = std::move(reply)]() mutable {
                          const std::thread::id completer = std::this_thread::get_id();
                          reply.Resume([&request, io_thread, completer](Reply again) {
                            const std::thread::id here = std::this_thread::get_id();
                            const bool on_io = here == io_thread && here != completer;
                            again(Text(std::string(on_io ? "io:" : "elsewhere:") +
                                       request.path_params.at("x")));
                          });
                        }).detach();
                      })
            .ok());
    ASSERT_TRUE(router_
                    .AddAsync("GET", "/build-throws",
                              [](Request&, Reply reply) { reply.Resume([](Reply) { throw 1; }); })
                    .ok());
    ASSERT_TRUE(router_.AddAsync("GET", "/drop", [](Request&, Reply) {}).ok());
    ASSERT_TRUE(router_.AddAsync("GET", "/throw", [](Request&, Reply) { throw 1; }).ok());
    ASSERT_TRUE(router_
                    .AddAsync(
                        "GET", "/on-worker", [](Request&, Reply reply) { reply(Text("worker")); },
                        Dispatch::kWorker)
                    .ok());
  }
  void TearDown() override {
    if (server_) server_->Stop(2000ms);
  }
  void StartServer() {
    server_ = std::make_unique<Server>(options_, router_);
    server_->Start();
  }

  ServerOptions options_;
  Router router_;
  ReplyBox box_;
  std::unique_ptr<Server> server_;
};

TEST_F(ReplyTest, ReplyFromAnotherThreadIsWrittenAndTheConnectionIsReused) {
  StartServer();
  Client client(server_->port());
  client.Send("GET /later HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(box_.WaitFor(1));
  std::thread sender([reply = box_.Take()]() mutable { reply(Text("late")); });
  sender.join();
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200);
  EXPECT_EQ(r->body(), "late");
  EXPECT_TRUE(r->keep_alive());
  auto again = client.Get("/now/1");  // the same connection serves the next request
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body(), "now:1");
}

TEST_F(ReplyTest, ResumeRunsTheStepOnTheIoThread) {
  options_.io_threads = 1;  // the handler's thread is the connection's only I/O thread
  StartServer();
  Client client(server_->port());
  auto built = client.Get("/build/7");
  ASSERT_TRUE(built);
  EXPECT_EQ(built->result_int(), 200);
  EXPECT_EQ(built->body(), "io:7");
  auto thrown = client.Get("/build-throws");
  ASSERT_TRUE(thrown);
  EXPECT_EQ(thrown->result_int(), 500);
}

TEST_F(ReplyTest, RepliesFromOtherThreadsAnswerPipelinedRequestsInOrder) {
  StartServer();
  Client client(server_->port());
  client.Send(
      "POST /thread HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\na"
      "GET /now/2 HTTP/1.1\r\nHost: t\r\n\r\n"
      "POST /thread HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nb");
  for (const char* expected : {"thread:a", "now:2", "thread:b"}) {
    auto r = client.Read();
    ASSERT_TRUE(r) << expected;
    EXPECT_EQ(r->body(), expected);
  }
}

TEST_F(ReplyTest, AsyncHandlerOnTheWorkerExecutor) {
  StartServer();
  Client client(server_->port());
  auto r = client.Get("/on-worker");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body(), "worker");
}

TEST_F(ReplyTest, ADroppedReplyAnswers500AndTheConnectionCarriesOn) {
  StartServer();
  Client client(server_->port());
  for (const char* target : {"/drop", "/throw"}) {
    auto r = client.Get(target);
    ASSERT_TRUE(r) << target;
    EXPECT_EQ(r->result_int(), 500) << target;
    EXPECT_EQ(boost::json::parse(r->body()).at("type").as_string(), "internal");
  }
  auto ok = client.Get("/now/3");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->body(), "now:3");
}

TEST_F(ReplyTest, GracefulStopWaitsForAnOutstandingReply) {
  StartServer();
  Client client(server_->port());
  client.Send("GET /later HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(box_.WaitFor(1));
  auto stopped = std::async(std::launch::async, [&] { server_->Stop(10000ms); });
  EXPECT_EQ(stopped.wait_for(200ms), std::future_status::timeout);  // in flight: Stop waits
  box_.Take()(Text("finished"));
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body(), "finished");
  EXPECT_FALSE(r->keep_alive());  // "Connection: close" while stopping
  EXPECT_TRUE(client.WaitClosed());
  EXPECT_EQ(stopped.wait_for(10s), std::future_status::ready);
}

TEST_F(ReplyTest, AReplyNeverSentIsCutAtTheGraceAndMaySafelyBeSentLater) {
  StartServer();
  Client client(server_->port());
  client.Send("GET /later HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(box_.WaitFor(1));
  Reply kept = box_.Take();
  auto stopped = std::async(std::launch::async, [&] { server_->Stop(200ms); });
  EXPECT_TRUE(client.WaitClosed());  // cut without a response after the grace
  ASSERT_EQ(stopped.wait_for(10s), std::future_status::ready);
  EXPECT_TRUE(static_cast<bool>(kept));
  kept(Text("too late"));  // the connection is closed: nothing is written, nothing breaks
  EXPECT_FALSE(static_cast<bool>(kept));
  server_.reset();  // the posted response is destroyed with the I/O context
}

TEST(RunOnTest, PlacesASyncHandlerOnAnExecutorAndShedsWithOverloaded) {
  ThreadPoolExecutor hashing({.name = "test.hash", .threads = 1, .max_queued = 0});
  std::latch entered(1);
  std::latch release(1);
  Router router;
  ASSERT_TRUE(router
                  .AddAsync("GET", "/slow",
                            RunOn(hashing,
                                  [&](Request&) {
                                    entered.count_down();
                                    release.wait();
                                    return Text("hashed");
                                  }))
                  .ok());
  ASSERT_TRUE(router
                  .AddAsync("GET", "/where",
                            RunOn(hashing,
                                  [&](Request&) {
                                    return Text(hashing.RunningInThisThread() ? "on executor"
                                                                              : "elsewhere");
                                  }))
                  .ok());
  ServerOptions options;
  options.port = 0;
  Server server(options, router);
  server.Start();
  // A task still counts for a moment after it sent its reply: wait until the executor is idle.
  const auto idle = [&] {
    while (hashing.stats().running + hashing.stats().queued > 0) std::this_thread::yield();
  };
  Client first(server.port());
  ASSERT_TRUE(first.Get("/where"));
  idle();
  Client busy(server.port());
  busy.Send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
  entered.wait();  // the executor's only thread is taken, and it queues nothing
  auto refused = first.Get("/where");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->result_int(), 503);
  EXPECT_EQ((*refused)[boost::beast::http::field::retry_after], "1");
  EXPECT_EQ(boost::json::parse(refused->body()).at("type").as_string(), "overloaded");
  release.count_down();
  auto done = busy.Read();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->body(), "hashed");
  idle();
  auto placed = first.Get("/where");
  ASSERT_TRUE(placed);
  EXPECT_EQ(placed->body(), "on executor");
  EXPECT_EQ(hashing.stats().rejected, 1u);
  server.Stop(2000ms);
}

TEST(ReplyValueTest, AnEmptyReplyIsANoOp) {
  Reply reply;
  EXPECT_FALSE(static_cast<bool>(reply));
  reply(Response{});  // nothing to answer
  Reply moved = std::move(reply);
  EXPECT_FALSE(static_cast<bool>(moved));
}

}  // namespace
}  // namespace portcullis::http
