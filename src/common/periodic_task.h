// PeriodicTask: runs a function every `interval` on a thread of its own until stopped — the loop
// of the background flushers and purges. Thread-safe: Start and Stop from the owner's thread; the
// function runs on the task's thread only, never after Stop returns.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <thread>

#include "common/mutex.h"
#include "common/thread_annotations.h"

namespace portcullis {

class PeriodicTask {
 public:
  explicit PeriodicTask(std::function<void()> tick);
  ~PeriodicTask();  // stops the thread
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  // Calls the function every `interval` (the first call one interval after Start) until Stop. A
  // second Start while running does nothing.
  void Start(std::chrono::milliseconds interval);
  // Wakes and joins the thread; a call under way finishes first.
  void Stop();

 private:
  const std::function<void()> tick_;
  Mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ GUARDED_BY(stop_mu_) = false;
  std::thread thread_;  // touched by Start and Stop only (from the owner's thread)
};

}  // namespace portcullis
