// Tests of InProcessEphemeralStore: counters and their windows on a fake clock, single-use
// values, the entry cap, local publish/subscribe, and exact counts under many threads (tsan).
#include "core/in_process_ephemeral_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace portcullis::core {
namespace {

using std::chrono::milliseconds;
using Counter = EphemeralStore::Counter;

Counter HitNow(EphemeralStore& store, const std::string& key, milliseconds window,
               int64_t amount = 1) {
  Counter out{-1, milliseconds(-1)};
  store.Hit(key, amount, window, [&](Result<Counter> c) {
    ASSERT_TRUE(c.ok());
    out = *c;
  });
  return out;
}

Counter PeekNow(EphemeralStore& store, const std::string& key) {
  Counter out{-1, milliseconds(-1)};
  store.Peek(key, [&](Result<Counter> c) {
    ASSERT_TRUE(c.ok());
    out = *c;
  });
  return out;
}

TEST(InProcessEphemeralStoreTest, CountsInAFixedWindowThatExpires) {
  FakeClock clock;
  InProcessEphemeralStore store(clock);
  EXPECT_EQ(HitNow(store, "k", milliseconds(60'000)).count, 1);
  clock.Advance(30);
  const Counter second = HitNow(store, "k", milliseconds(60'000));
  EXPECT_EQ(second.count, 2);
  EXPECT_EQ(second.expires_in, milliseconds(30'000));  // the window does not slide
  EXPECT_EQ(PeekNow(store, "k").count, 2);
  clock.Advance(30);
  EXPECT_EQ(PeekNow(store, "k").count, 0);  // expired
  EXPECT_EQ(PeekNow(store, "k").expires_in, milliseconds(0));
  EXPECT_EQ(HitNow(store, "k", milliseconds(60'000), 5).count, 5);  // a new window
}

TEST(InProcessEphemeralStoreTest, ResetForgetsACounter) {
  FakeClock clock;
  InProcessEphemeralStore store(clock);
  HitNow(store, "k", milliseconds(60'000));
  bool called = false;
  store.Reset("k", [&](Status s) {
    EXPECT_TRUE(s.ok());
    called = true;
  });
  EXPECT_TRUE(called);
  EXPECT_EQ(PeekNow(store, "k").count, 0);
  store.Reset("absent", [](Status s) { EXPECT_TRUE(s.ok()); });
}

TEST(InProcessEphemeralStoreTest, ValuesAreTakenOnceAndExpire) {
  FakeClock clock;
  InProcessEphemeralStore store(clock);
  store.PutOnce("state", "v1", milliseconds(300'000), [](Status s) { EXPECT_TRUE(s.ok()); });
  store.PutOnce("state", "v2", milliseconds(300'000), [](Status s) {
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kConflict);
  });
  store.Take("state", [](Result<std::optional<std::string>> v) {
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->value_or(""), "v1");
  });
  store.Take("state", [](Result<std::optional<std::string>> v) {
    ASSERT_TRUE(v.ok());
    EXPECT_FALSE(v->has_value());
  });
  store.PutOnce("nonce", "n", milliseconds(10'000), [](Status s) { EXPECT_TRUE(s.ok()); });
  clock.Advance(10);
  store.Take("nonce", [](Result<std::optional<std::string>> v) { EXPECT_FALSE(v->has_value()); });
  // An expired value no longer blocks PutOnce.
  store.PutOnce("late", "a", milliseconds(1000), [](Status) {});
  clock.Advance(1);
  store.PutOnce("late", "b", milliseconds(1000), [](Status s) { EXPECT_TRUE(s.ok()); });
}

TEST(InProcessEphemeralStoreTest, MemoryIsBoundedUnderAFloodOfKeys) {
  FakeClock clock;
  InProcessEphemeralStore store(clock, /*max_entries=*/320);
  for (int i = 0; i < 100'000; ++i) HitNow(store, "ip" + std::to_string(i), milliseconds(60'000));
  EXPECT_LE(store.size(), 320u);
  // New keys are still counted (the soonest-expiring entries made room).
  EXPECT_EQ(HitNow(store, "fresh", milliseconds(60'000)).count, 1);
  EXPECT_EQ(HitNow(store, "fresh", milliseconds(60'000)).count, 2);
}

TEST(InProcessEphemeralStoreTest, ExpiredEntriesAreSwept) {
  FakeClock clock;
  InProcessEphemeralStore store(clock);
  for (int i = 0; i < 5000; ++i) HitNow(store, "old" + std::to_string(i), milliseconds(1000));
  clock.Advance(2);
  for (int i = 0; i < 40'000; ++i) HitNow(store, "new" + std::to_string(i), milliseconds(60'000));
  EXPECT_LT(store.size(), 40'000u + 5000u);  // the sweeps dropped most of the expired ones
}

TEST(InProcessEphemeralStoreTest, PublishReachesLocalSubscribersUntilUnsubscribed) {
  FakeClock clock;
  InProcessEphemeralStore store(clock);
  std::vector<std::string> a, b;
  auto sub_a = store.Subscribe("revoked", [&](const std::string& m) { a.push_back(m); });
  auto sub_b = store.Subscribe("revoked", [&](const std::string& m) { b.push_back(m); });
  auto other = store.Subscribe("other", [&](const std::string& m) { a.push_back("x" + m); });
  store.Publish("revoked", "s1");
  sub_b.reset();
  store.Publish("revoked", "s2");
  EXPECT_EQ(a, (std::vector<std::string>{"s1", "s2"}));
  EXPECT_EQ(b, (std::vector<std::string>{"s1"}));
  EXPECT_TRUE(store.Ping().ok());
}

TEST(InProcessEphemeralStoreTest, ManyThreadsHittingOneKeyCountExactly) {
  FakeClock clock;
  InProcessEphemeralStore store(clock);
  constexpr int kThreads = 8;
  constexpr int kHits = 5000;
  std::atomic<int64_t> highest{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kHits; ++i) {
        store.Hit("one", 1, milliseconds(60'000), [&](Result<Counter> c) {
          int64_t seen = highest.load();
          while (c->count > seen && !highest.compare_exchange_weak(seen, c->count)) {
          }
        });
        if (i % 100 == 0) store.Peek("one", [](Result<Counter>) {});
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(PeekNow(store, "one").count, kThreads * kHits);
  EXPECT_EQ(highest.load(), kThreads * kHits);  // every hit saw a distinct count
}

TEST(InProcessEphemeralStoreTest, PublishWhileSubscribingAndUnsubscribing) {
  FakeClock clock;
  InProcessEphemeralStore store(clock);
  std::atomic<bool> stop{false};
  std::atomic<int> delivered{0};
  std::thread publisher([&] {
    while (!stop) store.Publish("c", "m");
  });
  for (int i = 0; i < 200; ++i) {
    auto sub = store.Subscribe("c", [&](const std::string&) { delivered++; });
  }
  stop = true;
  publisher.join();
  const int after = delivered.load();
  store.Publish("c", "m");
  EXPECT_EQ(delivered.load(), after);  // nobody is subscribed any more
}

}  // namespace
}  // namespace portcullis::core
