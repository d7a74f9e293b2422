// Executor: a named, bounded place to run tasks, with the project's one overload rule — TryPost
// refuses at once when the queue is full or the executor has stopped. Implementations are
// thread-safe: TryPost and stats() from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/status.h"
#include "common/unique_function.h"

namespace portcullis {

struct ExecutorStats {
  std::size_t queued = 0;  // accepted, waiting for a thread
  std::size_t running = 0;
  uint64_t rejected = 0;  // TryPost calls refused since start (full or stopped)
  uint64_t accepted = 0;  // TryPost calls accepted since start (0 where not counted)
};

class Executor {
 public:
  using Task = UniqueFunction<void()>;

  virtual ~Executor() = default;

  // Stable, dotted, for metrics and errors: "http.worker", "argon2", "sqlite.writer".
  virtual std::string_view name() const = 0;
  // Queues `task` and returns true, or returns false and leaves `task` untouched (so the caller
  // can still answer with what it captured) when the executor is full or stopped. Never blocks.
  // A task must not throw; one that does is contained and the thread carries on.
  virtual bool TryPost(Task& task) = 0;
  virtual ExecutorStats stats() const = 0;
  // True on one of this executor's own threads: code that would post to it and wait must run
  // inline instead (waiting on your own queue deadlocks once every thread does it).
  virtual bool RunningInThisThread() const = 0;
};

// The one error for a refused task: kOverloaded, which every API surface answers with 503
// `overloaded` and Retry-After (http::OverloadedResponse).
Error OverloadedError(std::string_view executor_name);

}  // namespace portcullis
