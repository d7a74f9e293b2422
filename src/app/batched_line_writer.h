// BatchedLineWriter: lines from many threads gathered in per-thread-slot buffers and written to one
// file descriptor by its own thread every `interval`. Thread-safe: Append from any thread.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>

#include "common/mutex.h"

namespace portcullis::app {

// A request's log line costs an append under an uncontended mutex, never a wake-up of another
// thread: the writer thread is not signalled per line, it wakes every `interval` and writes what
// gathered in one write(2) per slot. A line appears at most `interval` late, and a kill -9 loses at
// most that much. When the descriptor cannot keep up and a slot holds `max_buffered_bytes`, further
// lines are dropped and counted; the next write reports the count in a line of its own.
class BatchedLineWriter {
 public:
  BatchedLineWriter(int fd, std::chrono::milliseconds interval,
                    std::size_t max_buffered_bytes = std::size_t{1} << 20);
  BatchedLineWriter(const BatchedLineWriter&) = delete;
  BatchedLineWriter& operator=(const BatchedLineWriter&) = delete;
  // Writes everything appended so far, then stops the thread.
  ~BatchedLineWriter();

  // Appends `line` and a newline; `line` must hold no newline of its own.
  void Append(std::string_view line);
  // Lines dropped since start because a slot was full.
  uint64_t dropped() const { return dropped_total_.load(std::memory_order_relaxed); }

 private:
  static constexpr std::size_t kSlots = 8;  // threads share a slot only beyond 8 appenders

  struct Slot {
    Mutex mu;
    std::string lines GUARDED_BY(mu);
  };

  void Run();
  // Swaps every slot's buffer out and writes it; reports drops first.
  void WriteGathered();
  void WriteAll(std::string_view bytes) const;

  const int fd_;
  const std::chrono::milliseconds interval_;
  const std::size_t max_buffered_bytes_;
  std::array<Slot, kSlots> slots_;
  std::atomic<uint64_t> dropped_since_report_{0};
  std::atomic<uint64_t> dropped_total_{0};

  Mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ GUARDED_BY(stop_mu_) = false;
  std::thread thread_;  // last: starts after every member above is ready
};

}  // namespace portcullis::app
