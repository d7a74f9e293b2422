// Tests of InProcessRevocationList: membership, later times winning, expiry, batches, and readers
// running while writers add and prune (run under ThreadSanitizer in the tsan build).
#include "core/in_process_revocation_list.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace portcullis::core {
namespace {

TEST(InProcessRevocationListTest, RemembersAndForgets) {
  InProcessRevocationList list;
  EXPECT_FALSE(list.Contains("a"));
  list.Add("a", 100, 0);
  EXPECT_TRUE(list.Contains("a"));
  EXPECT_FALSE(list.Contains("b"));
  // Enough later additions trigger a prune of entries older than `now`.
  for (int i = 0; i < 300; ++i) list.Add("s" + std::to_string(i), 1000, 200);
  EXPECT_FALSE(list.Contains("a"));
  EXPECT_TRUE(list.Contains("s299"));
  EXPECT_TRUE(list.Contains("s0"));
  EXPECT_EQ(list.size(), 300u);
}

TEST(InProcessRevocationListTest, ALaterForgetTimeWins) {
  InProcessRevocationList list;
  list.Add("a", 500, 0);
  list.Add("a", 100, 0);  // an earlier time does not shorten the entry
  std::vector<Revocation> many;
  for (int i = 0; i < 300; ++i) many.push_back({"m" + std::to_string(i), 1000});
  list.Add(many, 200);  // prunes entries before 200: "a" (500) stays
  EXPECT_TRUE(list.Contains("a"));
  list.Add(many, 600);  // now "a" has expired
  EXPECT_FALSE(list.Contains("a"));
  EXPECT_TRUE(list.Contains("m17"));
}

TEST(InProcessRevocationListTest, ABatchIsVisibleAtOnce) {
  InProcessRevocationList list;
  std::vector<Revocation> batch;
  for (int i = 0; i < 5000; ++i) batch.push_back({"b" + std::to_string(i), 1000});
  list.Add(batch, 0);
  for (int i = 0; i < 5000; ++i) ASSERT_TRUE(list.Contains("b" + std::to_string(i))) << i;
  int false_positives = 0;
  for (int i = 0; i < 5000; ++i) false_positives += list.Contains("x" + std::to_string(i));
  EXPECT_EQ(false_positives, 0);  // the filter only shortcuts; the snapshot decides
}

// Writers add (and prune) while readers look up: an id is visible to every reader once its Add
// returned, ids never added are never reported, and nothing races.
TEST(InProcessRevocationListTest, ReadersDuringWritesAndPrunes) {
  InProcessRevocationList list;
  constexpr int kWriters = 2;
  constexpr int kPerWriter = 1500;
  std::atomic<int> published[kWriters] = {};  // ids [0, published) of each writer were added
  std::atomic<bool> done{false};
  std::atomic<long> checks{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        // Each batch also carries an already-expired entry, so prunes happen throughout.
        std::vector<Revocation> batch{{"w" + std::to_string(w) + "-" + std::to_string(i), 1000},
                                      {"old" + std::to_string(w) + "-" + std::to_string(i), 1}};
        list.Add(batch, 100);
        published[w].store(i + 1, std::memory_order_release);
      }
    });
  }
  for (int r = 0; r < 3; ++r) {
    threads.emplace_back([&, r] {
      unsigned seed = 17u + static_cast<unsigned>(r);
      while (!done.load(std::memory_order_acquire)) {
        seed = seed * 1103515245u + 12345u;
        const int w = static_cast<int>(seed % kWriters);
        const int upto = published[w].load(std::memory_order_acquire);
        if (upto > 0) {
          const int i = static_cast<int>((seed >> 8) % static_cast<unsigned>(upto));
          EXPECT_TRUE(list.Contains("w" + std::to_string(w) + "-" + std::to_string(i)));
        }
        EXPECT_FALSE(list.Contains("never-" + std::to_string(seed % 1000)));
        checks.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  for (int w = 0; w < kWriters; ++w) threads[static_cast<std::size_t>(w)].join();
  done.store(true, std::memory_order_release);
  for (std::size_t t = kWriters; t < threads.size(); ++t) threads[t].join();
  EXPECT_GT(checks.load(), 0);
  for (int w = 0; w < kWriters; ++w) {
    for (int i = 0; i < kPerWriter; ++i) {
      ASSERT_TRUE(list.Contains("w" + std::to_string(w) + "-" + std::to_string(i)));
    }
  }
  EXPECT_LT(list.size(), static_cast<std::size_t>(kWriters * kPerWriter + kWriters * 300));
}

}  // namespace
}  // namespace portcullis::core
