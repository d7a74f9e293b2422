// Tests of CrossNodeRevocationList over two RedisEphemeralStores on one redis-server (two nodes):
// a revocation on A is seen on B, also after Redis was restarted under both.
#include <gtest/gtest.h>

#include <thread>

#include "core/cross_node_revocation_list.h"
#include "core/in_process_revocation_list.h"
#include "store/redis/redis_ephemeral_store.h"
#include "store/redis/testing/redis_server.h"

namespace portcullis::store::redis {
namespace {

using namespace std::chrono_literals;

bool Eventually(const std::function<bool()>& done, std::chrono::milliseconds limit = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

TEST(CrossNodeRevocationRedisTest, ARevocationOnANodeReachesTheOtherThroughRedis) {
  if (testing::RedisServerProcess::Binary().empty()) GTEST_SKIP() << "redis-server missing";
  testing::RedisServerProcess server;
  ASSERT_TRUE(server.Start());
  Options options;
  ASSERT_TRUE(ParseRedisUrl(server.url(), options));
  FakeClock clock;
  RedisEphemeralStore redis_a(options), redis_b(options);
  core::InProcessRevocationList local_a, local_b;
  core::CrossNodeRevocationList a(local_a, redis_a, clock, "node-a");
  core::CrossNodeRevocationList b(local_b, redis_b, clock, "node-b");
  // The subscriptions are made asynchronously: send until one message crossed.
  int n = 0;
  const auto crossed = [&](core::RevocationList& from, core::RevocationList& to) {
    const std::string id = "probe-" + std::to_string(n++);
    from.Add(id, clock.NowSeconds() + 900, clock.NowSeconds());
    return Eventually([&] { return to.Contains(id); }, 100ms);
  };
  ASSERT_TRUE(Eventually([&] { return crossed(a, b); }));

  a.Add("session-1", clock.NowSeconds() + 900, clock.NowSeconds());
  EXPECT_TRUE(Eventually([&] { return b.Contains("session-1"); }, 1s));

  server.Kill();
  ASSERT_TRUE(server.Start());
  // Lost while Redis was down is lost (the poll's job); once both are back, messages flow again.
  ASSERT_TRUE(Eventually([&] { return crossed(a, b); }));
  b.Add("session-2", clock.NowSeconds() + 900, clock.NowSeconds());
  EXPECT_TRUE(Eventually([&] { return a.Contains("session-2"); }, 1s));
}

}  // namespace
}  // namespace portcullis::store::redis
