// Writer: the thread owning the write connection; group-commits queued jobs (one SAVEPOINT each).
// Thread-safe: Submit/Run from any thread; the queue is bounded.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "common/status.h"
#include "store/sqlite/connection.h"

namespace portcullis::store::sqlite {

// Group commit: the thread takes everything queued, runs BEGIN IMMEDIATE, each job inside its own
// SAVEPOINT (a failing job rolls back to it without touching the others), one COMMIT, and then
// completes every job's future. One fsync is shared by the whole group.
class Writer {
 public:
  // Runs on the writer thread inside a transaction. A non-ok status rolls back the job's own
  // writes only; other jobs in the same commit are unaffected.
  using Job = std::function<Status(Connection&)>;

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

  // Queues a job. The future reports its status once its group has committed (durably), or the
  // error that stopped it. kOverloaded when the queue is full; kUnavailable after Stop().
  std::future<Status> Submit(Job job);
  // Submit and wait.
  Status Run(Job job) { return Submit(std::move(job)).get(); }

  // True on the writer thread itself (a job must not wait for another job: it would deadlock).
  bool OnWriterThread() const { return std::this_thread::get_id() == thread_id_.load(); }

  // Runs every job already queued, then joins the thread. Idempotent.
  void Stop();
  // The write connection; for use only after Stop() (final checkpoint, close).
  Connection& connection() { return *conn_; }

  Stats stats() const;

 private:
  struct Pending {
    Job job;
    std::promise<Status> done;
  };

  void Loop();
  void RunGroup(std::vector<Pending>& group);
  Status RunJob(const Job& job);

  const std::unique_ptr<Connection> conn_;  // used only by the writer thread until Stop() returns
  const std::size_t max_queue_;
  const Maintenance maintenance_;

  std::mutex mu_;
  std::condition_variable wake_;
  std::vector<Pending> queue_;  // guarded by mu_
  bool stopping_ = false;       // guarded by mu_

  std::atomic<uint64_t> jobs_{0};
  std::atomic<uint64_t> commits_{0};
  std::atomic<uint64_t> failed_commits_{0};
  std::atomic<std::thread::id> thread_id_{};
  std::thread thread_;
};

}  // namespace portcullis::store::sqlite
