// BatchedLineWriter: per-slot buffers swapped out and written by one thread on a timer.
// Thread-safe as documented in batched_line_writer.h.
#include "app/batched_line_writer.h"

#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <utility>

namespace portcullis::app {
namespace {

std::atomic<std::size_t> next_slot{0};

// The process log's time format, "2026-12-01T17:44:56Z", for the writer's own report.
std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace

BatchedLineWriter::BatchedLineWriter(int fd, std::chrono::milliseconds interval,
                                     std::size_t max_buffered_bytes)
    : fd_(fd),
      interval_(interval),
      max_buffered_bytes_(max_buffered_bytes),
      thread_([this] { Run(); }) {}

BatchedLineWriter::~BatchedLineWriter() {
  {
    MutexLock lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_one();
  thread_.join();
  WriteGathered();  // what was appended while the thread stopped
}

void BatchedLineWriter::Append(std::string_view line) {
  // Each thread keeps the slot it was given first (by every writer): appends from one thread stay
  // in order, and threads rarely share a mutex.
  thread_local const std::size_t slot_index =
      next_slot.fetch_add(1, std::memory_order_relaxed) % kSlots;
  Slot& slot = slots_[slot_index];
  MutexLock lock(slot.mu);
  if (slot.lines.size() + line.size() + 1 > max_buffered_bytes_) {
    dropped_since_report_.fetch_add(1, std::memory_order_relaxed);
    dropped_total_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  slot.lines.append(line);
  slot.lines.push_back('\n');
}

void BatchedLineWriter::Run() {
  MutexLock lock(stop_mu_);
  for (;;) {
    const bool stopping = lock.WaitFor(stop_cv_, interval_, [this] {
      stop_mu_.AssertHeld();
      return stopping_;
    });
    if (stopping) return;
    WriteGathered();
  }
}

void BatchedLineWriter::WriteGathered() {
  if (const uint64_t dropped = dropped_since_report_.exchange(0, std::memory_order_relaxed)) {
    WriteAll(R"({"ts":")" + UtcNow() + R"(","level":"warn","msg":")" + std::to_string(dropped) +
             " log lines dropped: the log output could not keep up\"}\n");
  }
  std::string gathered;
  for (Slot& slot : slots_) {
    {
      MutexLock lock(slot.mu);
      if (slot.lines.empty()) continue;
      gathered.swap(slot.lines);
    }
    WriteAll(gathered);
    gathered.clear();
  }
}

void BatchedLineWriter::WriteAll(std::string_view bytes) const {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to write: the lines are lost, the server carries on
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace portcullis::app
