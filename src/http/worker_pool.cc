// WorkerPool: bounded FIFO queue under one mutex, drained by a fixed set of threads.
// Thread-safe as documented in worker_pool.h.
#include "http/worker_pool.h"

#include <stdexcept>
#include <utility>

namespace portcullis::http {

WorkerPool::WorkerPool(int threads, std::size_t queue_limit)
    : thread_count_(threads), queue_limit_(queue_limit) {
  if (threads < 1) throw std::invalid_argument("http::WorkerPool: need at least one thread");
}

WorkerPool::~WorkerPool() { Shutdown(Drain::kDiscard); }

void WorkerPool::Start() {
  threads_.reserve(static_cast<std::size_t>(thread_count_));
  for (int i = 0; i < thread_count_; ++i) threads_.emplace_back([this] { Run(); });
}

bool WorkerPool::TryPost(Task& task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    const std::size_t capacity = static_cast<std::size_t>(thread_count_) + queue_limit_;
    if (stopping_ || queue_.size() + running_ >= capacity) return false;
    queue_.push_back(std::move(task));
  }
  cv_.notify_one();
  return true;
}

void WorkerPool::Shutdown(Drain drain) {
  std::deque<Task> discarded;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    if (drain == Drain::kDiscard) {
      discard_ = true;
      discarded.swap(queue_);
    }
  }
  cv_.notify_all();
  discarded.clear();  // outside the lock: a task's captures may do real work when destroyed
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
  {
    std::lock_guard<std::mutex> lock(mu_);
    discarded.swap(queue_);  // tasks queued when no thread ever ran (Shutdown before Start)
  }
}

std::size_t WorkerPool::queue_depth() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

void WorkerPool::Run() {
  while (true) {
    Task task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() || discard_) return;  // stopping, and nothing (more) to run
      task = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    try {
      task();
    } catch (...) {
      // Tasks handle their own errors; never let one kill a worker thread.
    }
    task = nullptr;  // release captures before counting the task as done
    std::lock_guard<std::mutex> lock(mu_);
    --running_;
  }
}

}  // namespace portcullis::http
