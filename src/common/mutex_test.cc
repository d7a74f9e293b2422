// Tests of the annotated mutexes: exclusion, waiting on a condition, shared readers.
#include "common/mutex.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace portcullis {
namespace {

class Counter {
 public:
  void Add() {
    MutexLock lock(mu_);
    ++value_;
    changed_.notify_all();
  }
  void WaitFor(int target) {
    MutexLock lock(mu_);
    lock.Wait(changed_, [&] {
      mu_.AssertHeld();
      return value_ >= target;
    });
  }
  int value() {
    MutexLock lock(mu_);
    return value_;
  }

 private:
  Mutex mu_;
  std::condition_variable changed_;
  int value_ GUARDED_BY(mu_) = 0;
};

TEST(Mutex, ExcludesAndWakesWaiters) {
  Counter counter;
  std::thread waiter([&] { counter.WaitFor(4000); });
  std::vector<std::thread> adders;
  for (int t = 0; t < 4; ++t) {
    adders.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) counter.Add();
    });
  }
  for (auto& a : adders) a.join();
  waiter.join();
  EXPECT_EQ(counter.value(), 4000);
}

struct Shared {
  SharedMutex mu;
  int value GUARDED_BY(mu) = 0;
};

TEST(SharedMutex, ReadersShareWritersExclude) {
  Shared shared;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        WriterLock lock(shared.mu);
        ++shared.value;
      }
    });
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        ReaderLock lock(shared.mu);
        const int seen = shared.value;
        EXPECT_GE(seen, 0);
      }
    });
  }
  for (auto& t : threads) t.join();
  ReaderLock lock(shared.mu);
  const int total = shared.value;
  EXPECT_EQ(total, 4000);
}

}  // namespace
}  // namespace portcullis
