// Tests for WorkerPool: bounded queue, FIFO execution, drain and discard on shutdown.
// Uses real threads; synchronizes with latches, never with sleeps for correctness.
#include "http/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>

namespace portcullis::http {
namespace {

TEST(WorkerPoolTest, BoundsTheQueue) {
  WorkerPool pool(1, 2);
  pool.Start();
  std::latch started(1);
  std::latch release(1);
  std::atomic<int> ran{0};
  WorkerPool::Task blocker = [&] {
    started.count_down();
    release.wait();
    ++ran;
  };
  ASSERT_TRUE(pool.TryPost(blocker));
  started.wait();
  WorkerPool::Task a = [&] { ++ran; };
  WorkerPool::Task b = [&] { ++ran; };
  WorkerPool::Task c = [&] { ++ran; };
  EXPECT_TRUE(pool.TryPost(a));
  EXPECT_TRUE(pool.TryPost(b));
  EXPECT_EQ(pool.queue_depth(), 2u);
  EXPECT_FALSE(pool.TryPost(c));
  EXPECT_TRUE(static_cast<bool>(c));  // a refused task is left with the caller
  release.count_down();
  pool.Shutdown(WorkerPool::Drain::kRunQueued);
  EXPECT_EQ(ran.load(), 3);
  EXPECT_FALSE(pool.TryPost(c));
}

TEST(WorkerPoolTest, ZeroQueueStillUsesIdleThreads) {
  WorkerPool pool(2, 0);
  pool.Start();
  std::latch started(2);
  std::latch release(1);
  WorkerPool::Task a = [&] {
    started.count_down();
    release.wait();
  };
  WorkerPool::Task b = a;
  WorkerPool::Task c = [] {};
  ASSERT_TRUE(pool.TryPost(a));
  ASSERT_TRUE(pool.TryPost(b));
  started.wait();
  EXPECT_FALSE(pool.TryPost(c));  // both threads busy, no waiting allowed
  release.count_down();
  pool.Shutdown(WorkerPool::Drain::kRunQueued);
}

TEST(WorkerPoolTest, DiscardDropsQueuedTasks) {
  WorkerPool pool(1, 8);
  pool.Start();
  std::latch started(1);
  std::latch release(1);
  std::atomic<int> ran{0};
  WorkerPool::Task blocker = [&] {
    started.count_down();
    release.wait();
  };
  ASSERT_TRUE(pool.TryPost(blocker));
  started.wait();
  for (int i = 0; i < 3; ++i) {
    WorkerPool::Task t = [&] { ++ran; };
    ASSERT_TRUE(pool.TryPost(t));
  }
  std::thread releaser([&] { release.count_down(); });
  pool.Shutdown(WorkerPool::Drain::kDiscard);
  releaser.join();
  EXPECT_EQ(ran.load(), 0);
}

TEST(WorkerPoolTest, SurvivesThrowingTask) {
  WorkerPool pool(1, 4);
  pool.Start();
  std::latch done(1);
  WorkerPool::Task bad = [] { throw std::runtime_error("boom"); };
  WorkerPool::Task good = [&] { done.count_down(); };
  ASSERT_TRUE(pool.TryPost(bad));
  ASSERT_TRUE(pool.TryPost(good));
  done.wait();
}

}  // namespace
}  // namespace portcullis::http
