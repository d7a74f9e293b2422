// ThreadPoolExecutor: the one bounded Executor — a fixed set of threads draining a FIFO queue.
// Thread-safe: TryPost and stats() from any thread; Shutdown from the owner (also on destruction).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/executor.h"
#include "common/mutex.h"

namespace portcullis {

struct ThreadPoolOptions {
  std::string name;            // see Executor::name()
  std::size_t threads = 1;     // >= 1
  std::size_t max_queued = 0;  // tasks that may wait for a thread (0: only as many as threads)
};

class ThreadPoolExecutor final : public Executor {
 public:
  // Starts the threads. Throws std::invalid_argument when options.threads is 0.
  explicit ThreadPoolExecutor(ThreadPoolOptions options);
  // Shutdown(Drain::kRunQueued).
  ~ThreadPoolExecutor() override;
  ThreadPoolExecutor(const ThreadPoolExecutor&) = delete;
  ThreadPoolExecutor& operator=(const ThreadPoolExecutor&) = delete;

  std::string_view name() const override { return name_; }
  // Accepted while fewer than threads + max_queued tasks are queued or running.
  bool TryPost(Task& task) override;
  ExecutorStats stats() const override;
  bool RunningInThisThread() const override;
  std::size_t thread_count() const { return thread_count_; }

  enum class Drain {
    kRunQueued,  // every accepted task still runs
    kDiscard,    // queued tasks are destroyed unrun (their captures' destructors run)
  };
  // Refuses new tasks, drains as asked, waits for running tasks and joins the threads. The first
  // call decides; later calls only wait for that one to finish joining. Not from a pool thread.
  void Shutdown(Drain drain);

 private:
  void Run();

  const std::string name_;
  const std::size_t thread_count_;
  const std::size_t capacity_;  // threads + max_queued

  mutable Mutex mu_;
  std::condition_variable wake_;  // a task was queued, or stopping
  std::deque<Task> queue_ GUARDED_BY(mu_);
  std::size_t running_ GUARDED_BY(mu_) = 0;
  uint64_t rejected_ GUARDED_BY(mu_) = 0;
  uint64_t accepted_ GUARDED_BY(mu_) = 0;
  bool stopping_ GUARDED_BY(mu_) = false;
  bool discard_ GUARDED_BY(mu_) = false;

  Mutex join_mu_;                                          // serialises Shutdown callers
  std::vector<std::thread> threads_ GUARDED_BY(join_mu_);  // empty once joined
};

}  // namespace portcullis
