// Writer: the thread owning the write connection; group-commits queued jobs (one SAVEPOINT each).
// Thread-safe: Submit/Run from any thread; the queue is bounded by the executors' overload rule.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <string_view>
#include <thread>
#include <vector>

#include "common/executor.h"
#include "common/mutex.h"
#include "common/status.h"
#include "common/unique_function.h"
#include "store/sqlite/connection.h"

namespace portcullis::store::sqlite {

// Group commit: the thread takes everything queued, runs BEGIN IMMEDIATE, each job inside its own
// SAVEPOINT (a failing job rolls back to it without touching the others), one COMMIT, and then
// completes every job. One fsync is shared by the whole group. Its queue follows the executors'
// overload rule: a job is refused at once (kOverloaded, OverloadedError("sqlite.writer")) when
// `max_queue` jobs already wait, and counted in queue_stats().rejected.
class Writer {
 public:
  static constexpr std::string_view kName = "sqlite.writer";

  // Runs on the writer thread inside a transaction. A non-ok status rolls back the job's own
  // writes only; other jobs in the same commit are unaffected.
  using Job = std::function<Status(Connection&)>;
  // Receives a job's final status on the writer thread, after its group committed (or failed).
  // Must be quick and must not wait for the writer: post the continuation elsewhere.
  using Done = UniqueFunction<void(Status)>;

  struct Stats {
    uint64_t jobs = 0;            // jobs run (ok or not)
    uint64_t commits = 0;         // transactions committed: jobs / commits is the mean group size
    uint64_t failed_commits = 0;  // BEGIN/COMMIT failures and transactions SQLite rolled back
  };

  // Runs on the writer thread after each group, outside any transaction (WAL maintenance).
  using Maintenance = std::function<void(Connection&)>;

  // Starts the thread. `max_queue` bounds jobs waiting for the next group (kOverloaded beyond).
  Writer(std::unique_ptr<Connection> conn, std::size_t max_queue, Maintenance maintenance = {});
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  ~Writer();

  // Queues a job; `done` runs exactly once: on the writer thread with the job's status once its
  // group has committed (durably) or failed, or at once on the calling thread with kOverloaded
  // (queue full) or kUnavailable (after Stop()).
  void Submit(Job job, Done done);
  // The same, reporting through a future.
  std::future<Status> Submit(Job job);
  // Submit and wait (not on the writer thread).
  Status Run(Job job) { return Submit(std::move(job)).get(); }

  // True on the writer thread itself (a job must not wait for another job: it would deadlock).
  bool OnWriterThread() const { return std::this_thread::get_id() == thread_id_.load(); }

  // Runs every job already queued, then joins the thread. Idempotent.
  void Stop();
  // The write connection; for use only after Stop() (final checkpoint, close).
  Connection& connection() { return *conn_; }

  Stats stats() const;
  // Jobs waiting for the next group, jobs in the group being run, jobs refused so far.
  ExecutorStats queue_stats() const;

 private:
  struct Pending {
    Job job;
    Done done;
  };

  void Loop();
  void RunGroup(std::vector<Pending>& group);
  Status RunJob(const Job& job);

  const std::unique_ptr<Connection> conn_;  // used only by the writer thread until Stop() returns
  const std::size_t max_queue_;
  const Maintenance maintenance_;

  mutable Mutex mu_;
  std::condition_variable wake_;
  std::vector<Pending> queue_ GUARDED_BY(mu_);
  bool stopping_ GUARDED_BY(mu_) = false;
  uint64_t rejected_ GUARDED_BY(mu_) = 0;
  std::atomic<std::size_t> running_{0};  // size of the group being run

  std::atomic<uint64_t> jobs_{0};
  std::atomic<uint64_t> commits_{0};
  std::atomic<uint64_t> failed_commits_{0};
  std::atomic<std::thread::id> thread_id_{};
  std::thread thread_;
};

}  // namespace portcullis::store::sqlite
