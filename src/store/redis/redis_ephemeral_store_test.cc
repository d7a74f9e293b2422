// Tests of RedisEphemeralStore against a real redis-server started by the test on a free loopback
// port (skipped, visibly, when redis-server is not installed): counters, single-use values,
// broadcast between two stores, and outages (a killed and a hung server).
#include "store/redis/redis_ephemeral_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <set>
#include <thread>

#include "store/redis/testing/redis_server.h"

namespace portcullis::store::redis {
namespace {

using namespace std::chrono_literals;
using Counter = core::EphemeralStore::Counter;
using testing::RedisServerProcess;

class RedisEphemeralStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (RedisServerProcess::Binary().empty()) GTEST_SKIP() << "redis-server is not installed";
    ASSERT_TRUE(server_.Start());
  }

  Options OptionsFor(const RedisServerProcess& server) {
    Options o;
    EXPECT_TRUE(ParseRedisUrl(server.url(), o));
    o.key_prefix = "test:";
    return o;
  }

  std::unique_ptr<RedisEphemeralStore> NewStore() {
    return std::make_unique<RedisEphemeralStore>(
        OptionsFor(server_), [this](bool up, std::string_view) { (up ? ups_ : downs_)++; });
  }

  static Result<Counter> Hit(core::EphemeralStore& store, const std::string& key,
                             std::chrono::milliseconds window = 10s, int64_t amount = 1) {
    std::promise<Result<Counter>> p;
    store.Hit(key, amount, window, [&](Result<Counter> r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  }
  static Result<Counter> Peek(core::EphemeralStore& store, const std::string& key) {
    std::promise<Result<Counter>> p;
    store.Peek(key, [&](Result<Counter> r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  }
  static Status Reset(core::EphemeralStore& store, const std::string& key) {
    std::promise<Status> p;
    store.Reset(key, [&](Status s) { p.set_value(std::move(s)); });
    return p.get_future().get();
  }
  static Status PutOnce(core::EphemeralStore& store, const std::string& key,
                        const std::string& value, std::chrono::milliseconds ttl = 10s) {
    std::promise<Status> p;
    store.PutOnce(key, value, ttl, [&](Status s) { p.set_value(std::move(s)); });
    return p.get_future().get();
  }
  static Result<std::optional<std::string>> Take(core::EphemeralStore& store,
                                                 const std::string& key) {
    std::promise<Result<std::optional<std::string>>> p;
    store.Take(key, [&](Result<std::optional<std::string>> r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  }

  // Retries `call` (a Result or Status) until it succeeds, for at most `limit`.
  template <class F>
  static bool Eventually(F call, std::chrono::milliseconds limit = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (call()) return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  RedisServerProcess server_;
  std::atomic<int> ups_{0};
  std::atomic<int> downs_{0};
};

TEST_F(RedisEphemeralStoreTest, HitStartsAFixedWindowAndCounts) {
  auto store = NewStore();
  auto first = Hit(*store, "k", 5s);
  ASSERT_TRUE(first) << first.error().detail;
  EXPECT_EQ(first->count, 1);
  EXPECT_GT(first->expires_in, 4s);
  EXPECT_LE(first->expires_in, 5s);
  auto second = Hit(*store, "k", 60s, 4);  // a later window does not move the first
  ASSERT_TRUE(second);
  EXPECT_EQ(second->count, 5);
  EXPECT_LE(second->expires_in, 5s);
  auto peek = Peek(*store, "k");
  ASSERT_TRUE(peek);
  EXPECT_EQ(peek->count, 5);
  EXPECT_GT(peek->expires_in, 0ms);
}

TEST_F(RedisEphemeralStoreTest, CounterExpiresWithItsWindowAndResets) {
  auto store = NewStore();
  ASSERT_TRUE(Hit(*store, "short", 150ms));
  ASSERT_EQ(Hit(*store, "short", 150ms)->count, 2);
  std::this_thread::sleep_for(250ms);
  auto absent = Peek(*store, "short");
  ASSERT_TRUE(absent);
  EXPECT_EQ(absent->count, 0);
  EXPECT_EQ(absent->expires_in, 0ms);
  EXPECT_EQ(Hit(*store, "short", 150ms)->count, 1);  // a new window
  ASSERT_TRUE(Reset(*store, "short"));
  EXPECT_EQ(Peek(*store, "short")->count, 0);
  EXPECT_TRUE(Reset(*store, "never-there"));  // idempotent
}

TEST_F(RedisEphemeralStoreTest, ConcurrentHitsFromManyThreadsCountExactly) {
  auto store = NewStore();
  constexpr int kThreads = 8;
  constexpr int kHitsEach = 250;
  std::mutex mu;
  std::set<int64_t> seen;
  std::atomic<int> done{0};
  std::promise<void> all_done;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kHitsEach; ++i) {
        store->Hit("shared", 1, 60s, [&](Result<Counter> r) {
          ASSERT_TRUE(r) << r.error().detail;
          {
            std::lock_guard lock(mu);
            seen.insert(r->count);
          }
          if (++done == kThreads * kHitsEach) all_done.set_value();
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(all_done.get_future().wait_for(10s), std::future_status::ready);
  EXPECT_EQ(Peek(*store, "shared")->count, kThreads * kHitsEach);
  // Every hit saw its own count: no two hits were counted as one.
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kThreads * kHitsEach));
}

TEST_F(RedisEphemeralStoreTest, PutOnceRefusesALiveKeyAndExpires) {
  auto store = NewStore();
  ASSERT_TRUE(PutOnce(*store, "state", "v1", 150ms));
  Status again = PutOnce(*store, "state", "v2");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  std::this_thread::sleep_for(250ms);
  auto gone = Take(*store, "state");
  ASSERT_TRUE(gone);
  EXPECT_FALSE(gone->has_value());
  EXPECT_TRUE(PutOnce(*store, "state", "v3"));  // free again once expired
  EXPECT_EQ(Take(*store, "state")->value_or(""), "v3");
}

TEST_F(RedisEphemeralStoreTest, RacingTakesFromTwoStoresYieldTheValueOnce) {
  auto a = NewStore();
  auto b = NewStore();
  for (int round = 0; round < 20; ++round) {
    const std::string key = "nonce" + std::to_string(round);
    ASSERT_TRUE(PutOnce(*a, key, "value"));
    std::atomic<int> winners{0};
    std::atomic<int> answered{0};
    std::promise<void> all;
    constexpr int kTakers = 8;
    for (int i = 0; i < kTakers; ++i) {
      (i % 2 ? *a : *b).Take(key, [&](Result<std::optional<std::string>> r) {
        ASSERT_TRUE(r);
        if (r->has_value()) {
          EXPECT_EQ(**r, "value");
          ++winners;
        }
        if (++answered == kTakers) all.set_value();
      });
    }
    ASSERT_EQ(all.get_future().wait_for(5s), std::future_status::ready);
    EXPECT_EQ(winners.load(), 1) << "round " << round;
  }
}

TEST_F(RedisEphemeralStoreTest, PublishReachesSubscribersOfEveryStoreIncludingItsOwn) {
  auto a = NewStore();
  auto b = NewStore();
  std::atomic<int> on_a{0};
  std::atomic<int> on_b{0};
  std::atomic<int> other_channel{0};
  auto sub_a = a->Subscribe("news", [&](const std::string& m) {
    if (m == "hello") ++on_a;
  });
  auto sub_b = b->Subscribe("news", [&](const std::string& m) {
    if (m == "hello") ++on_b;
  });
  auto sub_other = b->Subscribe("other", [&](const std::string&) { ++other_channel; });
  // Subscribing is asynchronous: publish until both have heard it once.
  ASSERT_TRUE(Eventually([&] {
    if (on_a == 0 || on_b == 0) a->Publish("news", "hello");
    return on_a > 0 && on_b > 0;
  }));
  EXPECT_EQ(other_channel.load(), 0);

  sub_b.reset();  // after this, b's callback never runs again
  const int b_before = on_b.load();
  const int a_before = on_a.load();
  a->Publish("news", "hello");
  ASSERT_TRUE(Eventually([&] { return on_a > a_before; }));
  EXPECT_EQ(on_b.load(), b_before);
}

TEST_F(RedisEphemeralStoreTest, ASubscriptionMayEndInsideItsOwnCallback) {
  auto store = NewStore();
  std::unique_ptr<core::EphemeralStore::Subscription> sub;
  std::atomic<int> calls{0};
  std::mutex mu;
  {
    std::lock_guard lock(mu);
    sub = store->Subscribe("once", [&](const std::string&) {
      ++calls;
      std::lock_guard lock(mu);
      sub.reset();
    });
  }
  ASSERT_TRUE(Eventually([&] {
    store->Publish("once", "x");
    return calls > 0;
  }));
  store->Publish("once", "x");
  store->Publish("once", "x");
  ASSERT_TRUE(Eventually([&] { return Hit(*store, "barrier").ok(); }));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(RedisEphemeralStoreTest, KilledServerFailsCallsFastAndComesBackByItself) {
  auto a = NewStore();
  auto b = NewStore();
  ASSERT_TRUE(Eventually([&] { return Hit(*a, "k").ok(); }));
  std::atomic<int> heard{0};
  auto sub = b->Subscribe("revocations", [&](const std::string&) { ++heard; });
  ASSERT_TRUE(Eventually([&] {
    a->Publish("revocations", "x");
    return heard > 0;
  }));
  ASSERT_TRUE(a->Ping());

  server_.Kill();
  // Every call fails, quickly, with kUnavailable; and the outage is reported once.
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 50; ++i) {
    auto r = Hit(*a, "k");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
    auto take = Take(*a, "k");
    ASSERT_FALSE(take);
    EXPECT_EQ(take.error().code, ErrorCode::kUnavailable);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_FALSE(a->Ping());
  EXPECT_EQ(a->outages(), 1u);

  ASSERT_TRUE(server_.Start());  // same port, empty data
  ASSERT_TRUE(Eventually([&] { return Hit(*a, "k").ok(); }));
  EXPECT_TRUE(a->Ping());
  EXPECT_EQ(a->outages(), 1u);
  // b's subscription was re-established without anyone asking.
  const int before = heard.load();
  ASSERT_TRUE(Eventually([&] {
    a->Publish("revocations", "y");
    return heard > before;
  }));
  EXPECT_GE(ups_.load(), 2);  // both stores reported the recovery
}

TEST_F(RedisEphemeralStoreTest, HungServerTimesOutAndRecovers) {
  Options o = OptionsFor(server_);
  o.command_timeout = 200ms;
  RedisEphemeralStore store(o);
  ASSERT_TRUE(Eventually([&] { return Hit(store, "k").ok(); }));
  server_.Pause();
  const auto start = std::chrono::steady_clock::now();
  auto r = Hit(store, "k");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_FALSE(store.Ping());
  server_.Resume();
  ASSERT_TRUE(Eventually([&] { return Hit(store, "k").ok(); }));
  EXPECT_TRUE(store.Ping());
}

TEST_F(RedisEphemeralStoreTest, NoServerAtStartFailsAtOnceThenConnectsWhenItAppears) {
  RedisServerProcess later;
  Options o = OptionsFor(later);
  RedisEphemeralStore store(o);
  auto r = Hit(store, "k");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  ASSERT_TRUE(later.Start());
  ASSERT_TRUE(Eventually([&] { return Hit(store, "k").ok(); }));
}

TEST_F(RedisEphemeralStoreTest, AuthenticatesAndSelectsTheDatabase) {
  RedisServerProcess guarded;
  ASSERT_TRUE(guarded.Start("pw-123"));
  Options o;
  ASSERT_TRUE(
      ParseRedisUrl("redis://:pw-123@127.0.0.1:" + std::to_string(guarded.port()) + "/2", o));
  RedisEphemeralStore store(o);
  ASSERT_TRUE(Eventually([&] { return PutOnce(store, "k", "v").ok(); }));
  Options wrong = o;
  wrong.password = "nope";
  RedisEphemeralStore refused(wrong);
  auto r = Take(refused, "k");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  Options other_db = o;
  other_db.db = 3;
  RedisEphemeralStore elsewhere(other_db);
  auto empty = Result<std::optional<std::string>>(std::optional<std::string>("x"));
  ASSERT_TRUE(Eventually([&] {
    empty = Take(elsewhere, "k");
    return empty.ok();
  }));
  EXPECT_FALSE(empty->has_value());  // db 3 does not see db 2's key
  EXPECT_EQ(Take(store, "k")->value_or(""), "v");
}

}  // namespace
}  // namespace portcullis::store::redis
