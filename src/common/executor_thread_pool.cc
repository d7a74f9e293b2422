// ThreadPoolExecutor: one annotated mutex over the queue and counters; threads wait on a condition
// variable. Thread-safe as documented in executor_thread_pool.h.
#include "common/executor_thread_pool.h"

#include <stdexcept>
#include <utility>

namespace portcullis {
namespace {

thread_local const ThreadPoolExecutor* current_pool = nullptr;  // the pool owning this thread

}  // namespace

ThreadPoolExecutor::ThreadPoolExecutor(ThreadPoolOptions options)
    : name_(std::move(options.name)),
      thread_count_(options.threads),
      capacity_(options.threads + options.max_queued) {
  if (options.threads == 0) throw std::invalid_argument("executor " + name_ + ": no threads");
  MutexLock lock(join_mu_);
  threads_.reserve(thread_count_);
  for (std::size_t i = 0; i < thread_count_; ++i) threads_.emplace_back([this] { Run(); });
}

ThreadPoolExecutor::~ThreadPoolExecutor() { Shutdown(Drain::kRunQueued); }

bool ThreadPoolExecutor::TryPost(Task& task) {
  {
    MutexLock lock(mu_);
    if (stopping_ || queue_.size() + running_ >= capacity_) {
      ++rejected_;
      return false;
    }
    queue_.push_back(std::move(task));
    ++accepted_;
  }
  wake_.notify_one();
  return true;
}

ExecutorStats ThreadPoolExecutor::stats() const {
  MutexLock lock(mu_);
  return ExecutorStats{queue_.size(), running_, rejected_, accepted_};
}

void ThreadPoolExecutor::Shutdown(Drain drain) {
  std::deque<Task> discarded;
  {
    MutexLock lock(mu_);
    if (!stopping_) {
      stopping_ = true;
      if (drain == Drain::kDiscard) {
        discard_ = true;
        discarded.swap(queue_);
      }
    }
  }
  wake_.notify_all();
  discarded.clear();  // outside the lock: a task's captures may do real work when destroyed
  MutexLock lock(join_mu_);
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

bool ThreadPoolExecutor::RunningInThisThread() const { return current_pool == this; }

void ThreadPoolExecutor::Run() {
  current_pool = this;
  for (;;) {
    Task task;
    {
      MutexLock lock(mu_);
      lock.Wait(wake_, [this] {
        mu_.AssertHeld();
        return stopping_ || !queue_.empty();
      });
      if (queue_.empty() || discard_) return;  // stopping, and nothing (more) to run
      task = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    try {
      task();
    } catch (...) {
      // Tasks handle their own errors; one that throws must not take a thread with it.
    }
    task = nullptr;  // release captures before the task counts as done
    MutexLock lock(mu_);
    --running_;
  }
}

}  // namespace portcullis
