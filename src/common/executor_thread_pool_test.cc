// Tests of ThreadPoolExecutor: the overload rule, stats, move-only tasks, and both shutdown drains.
#include "common/executor_thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>
#include <vector>

namespace portcullis {
namespace {

// Holds pool threads inside tasks until Open().
class Gate {
 public:
  Gate() : opened_(promise_.get_future().share()) {}
  Executor::Task Blocker() {
    return [f = opened_] { f.wait(); };
  }
  void Open() { promise_.set_value(); }

 private:
  std::promise<void> promise_;
  std::shared_future<void> opened_;
};

bool Post(Executor& executor, Executor::Task task) { return executor.TryPost(task); }

TEST(ThreadPoolExecutorTest, RunsTasksAndReportsItsName) {
  ThreadPoolExecutor pool({.name = "test.pool", .threads = 2, .max_queued = 8});
  EXPECT_EQ(pool.name(), "test.pool");
  std::atomic<int> ran{0};
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(Post(pool, [&ran] { ++ran; }));
  pool.Shutdown(ThreadPoolExecutor::Drain::kRunQueued);
  EXPECT_EQ(ran.load(), 8);
}

TEST(ThreadPoolExecutorTest, RefusesBeyondThreadsPlusQueueAndLeavesTheTaskUntouched) {
  ThreadPoolExecutor pool({.name = "test.pool", .threads = 2, .max_queued = 3});
  Gate gate;
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Post(pool, gate.Blocker())) << i;
  auto owned = std::make_unique<int>(42);  // a move-only capture
  Executor::Task refused = [p = std::move(owned)] { (void)*p; };
  EXPECT_FALSE(pool.TryPost(refused));
  EXPECT_TRUE(static_cast<bool>(refused));  // still ours
  const ExecutorStats stats = pool.stats();
  EXPECT_EQ(stats.rejected, 1u);
  EXPECT_EQ(stats.queued + stats.running, 5u);
  gate.Open();
  pool.Shutdown(ThreadPoolExecutor::Drain::kRunQueued);
  EXPECT_EQ(pool.stats().queued, 0u);
  EXPECT_EQ(pool.stats().running, 0u);
}

TEST(ThreadPoolExecutorTest, ZeroQueueAcceptsOnlyAsManyAsThreads) {
  ThreadPoolExecutor pool({.name = "test.pool", .threads = 1, .max_queued = 0});
  Gate gate;
  ASSERT_TRUE(Post(pool, gate.Blocker()));
  EXPECT_FALSE(Post(pool, [] {}));
  gate.Open();
}

TEST(ThreadPoolExecutorTest, ShutdownRunQueuedDrainsEveryAcceptedTask) {
  std::atomic<int> ran{0};
  {
    ThreadPoolExecutor pool({.name = "test.pool", .threads = 1, .max_queued = 100});
    Gate gate;
    ASSERT_TRUE(Post(pool, gate.Blocker()));
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(Post(pool, [&ran] { ++ran; }));
    gate.Open();
  }  // the destructor drains
  EXPECT_EQ(ran.load(), 50);
}

TEST(ThreadPoolExecutorTest, ShutdownDiscardDestroysQueuedTasksUnrunAndRefusesNewOnes) {
  ThreadPoolExecutor pool({.name = "test.pool", .threads = 1, .max_queued = 10});
  Gate gate;
  ASSERT_TRUE(Post(pool, gate.Blocker()));
  std::atomic<int> ran{0};
  auto alive = std::make_shared<int>(0);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Post(pool, [&ran, alive] { ++ran; }));
  std::thread stopper([&] { pool.Shutdown(ThreadPoolExecutor::Drain::kDiscard); });
  // The discarded tasks are destroyed while the running one still blocks.
  while (alive.use_count() > 1) std::this_thread::yield();
  EXPECT_FALSE(Post(pool, [] {}));
  gate.Open();
  stopper.join();
  EXPECT_EQ(ran.load(), 0);
  EXPECT_GE(pool.stats().rejected, 1u);
}

TEST(ThreadPoolExecutorTest, AThrowingTaskDoesNotKillItsThread) {
  ThreadPoolExecutor pool({.name = "test.pool", .threads = 1, .max_queued = 4});
  ASSERT_TRUE(Post(pool, [] { throw 1; }));
  std::promise<void> done;
  ASSERT_TRUE(Post(pool, [&done] { done.set_value(); }));
  EXPECT_EQ(done.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
}

TEST(ThreadPoolExecutorTest, ConcurrentPostersNeverExceedCapacity) {
  ThreadPoolExecutor pool({.name = "test.pool", .threads = 2, .max_queued = 4});
  std::atomic<int> ran{0};
  std::atomic<int> accepted{0};
  std::vector<std::thread> posters;
  for (int t = 0; t < 4; ++t) {
    posters.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (Post(pool, [&ran] { ++ran; })) ++accepted;
        const ExecutorStats s = pool.stats();
        EXPECT_LE(s.queued + s.running, 6u);
      }
    });
  }
  for (auto& p : posters) p.join();
  pool.Shutdown(ThreadPoolExecutor::Drain::kRunQueued);
  EXPECT_EQ(ran.load(), accepted.load());
  EXPECT_EQ(static_cast<uint64_t>(accepted.load()) + pool.stats().rejected, 2000u);
}

TEST(ThreadPoolExecutorTest, KnowsItsOwnThreads) {
  ThreadPoolExecutor a({.name = "a", .threads = 1, .max_queued = 1});
  ThreadPoolExecutor b({.name = "b", .threads = 1, .max_queued = 1});
  EXPECT_FALSE(a.RunningInThisThread());
  std::promise<std::pair<bool, bool>> seen;
  ASSERT_TRUE(Post(a, [&] { seen.set_value({a.RunningInThisThread(), b.RunningInThisThread()}); }));
  EXPECT_EQ(seen.get_future().get(), std::make_pair(true, false));
}

TEST(ThreadPoolExecutorTest, RejectsZeroThreads) {
  EXPECT_THROW(ThreadPoolExecutor({.name = "x", .threads = 0, .max_queued = 1}),
               std::invalid_argument);
}

TEST(OverloadedErrorTest, NamesTheExecutor) {
  const Error e = OverloadedError("argon2");
  EXPECT_EQ(e.code, ErrorCode::kOverloaded);
  EXPECT_NE(e.detail.find("argon2"), std::string::npos);
}

}  // namespace
}  // namespace portcullis
