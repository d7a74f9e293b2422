// WorkerPool: a fixed set of threads running blocking tasks from a bounded FIFO queue.
// Thread-safe: TryPost and queue_depth from any thread; Start and Shutdown from one owner thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace portcullis::http {

class WorkerPool {
 public:
  using Task = std::function<void()>;

  // `threads` >= 1. A task is accepted while fewer than threads + queue_limit tasks are queued or
  // running, so at most `queue_limit` of them wait for a thread (queue_limit 0: no waiting).
  WorkerPool(int threads, std::size_t queue_limit);
  ~WorkerPool();  // Shutdown(Drain::kDiscard) if still running
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Start();
  // Queues the task; false (task untouched) when the queue is full or the pool is shut down.
  // Tasks must not throw (an escaping exception is swallowed so the thread survives).
  bool TryPost(Task& task);

  enum class Drain { kRunQueued, kDiscard };
  // Refuses new tasks, then either runs or destroys the queued ones, and joins every thread
  // (waiting for running tasks to return). Idempotent.
  void Shutdown(Drain drain);

  std::size_t queue_depth() const;

 private:
  void Run();

  const int thread_count_;
  const std::size_t queue_limit_;
  mutable std::mutex mu_;
  std::condition_variable cv_;        // signals: task queued, or shutting down
  std::deque<Task> queue_;            // guarded by mu_
  std::size_t running_ = 0;           // guarded by mu_: tasks taken off the queue and not yet done
  bool stopping_ = false;             // guarded by mu_
  bool discard_ = false;              // guarded by mu_
  std::vector<std::thread> threads_;  // owner thread only
};

}  // namespace portcullis::http
