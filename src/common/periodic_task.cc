// PeriodicTask: a thread that calls a function every interval until stopped.
// Thread-safe: the stop flag is guarded by stop_mu_; the thread is joined by Stop.
#include "common/periodic_task.h"

#include <utility>

namespace portcullis {

PeriodicTask::PeriodicTask(std::function<void()> tick) : tick_(std::move(tick)) {}

PeriodicTask::~PeriodicTask() { Stop(); }

void PeriodicTask::Start(std::chrono::milliseconds interval) {
  if (thread_.joinable()) return;
  {
    MutexLock lock(stop_mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this, interval] {
    for (;;) {
      {
        MutexLock lock(stop_mu_);
        const bool stop = lock.WaitFor(stop_cv_, interval, [this] {
          stop_mu_.AssertHeld();
          return stopping_;
        });
        if (stop) return;
      }
      tick_();
    }
  });
}

void PeriodicTask::Stop() {
  {
    MutexLock lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace portcullis
