// Tests of PeriodicTask: calls its function repeatedly once started, never after Stop, and a
// Stop without a Start is harmless.
#include "common/periodic_task.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace portcullis {
namespace {

using namespace std::chrono_literals;

TEST(PeriodicTaskTest, CallsRepeatedlyUntilStopped) {
  std::atomic<int> calls{0};
  PeriodicTask task([&] { ++calls; });
  task.Start(5ms);
  for (int i = 0; i < 400 && calls.load() < 3; ++i) std::this_thread::sleep_for(5ms);
  task.Stop();
  const int seen = calls.load();
  EXPECT_GE(seen, 3);
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(calls.load(), seen);
}

TEST(PeriodicTaskTest, StopWithoutStartAndTwiceIsHarmless) {
  int calls = 0;
  PeriodicTask task([&] { ++calls; });
  task.Stop();
  task.Stop();
  EXPECT_EQ(calls, 0);
}

TEST(PeriodicTaskTest, FirstCallWaitsOneInterval) {
  std::atomic<int> calls{0};
  PeriodicTask task([&] { ++calls; });
  task.Start(10s);
  task.Stop();
  EXPECT_EQ(calls.load(), 0);
}

}  // namespace
}  // namespace portcullis
