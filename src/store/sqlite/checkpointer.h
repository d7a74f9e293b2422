// Checkpointer: PASSIVE WAL checkpoints on their own thread and connection, off the COMMIT path.
// Thread-safe; the WAL hook and RestartIfWanted run on the writer thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <thread>

#include "common/mutex.h"
#include "store/sqlite/connection.h"

struct sqlite3;

namespace portcullis::store::sqlite {

class Checkpointer {
 public:
  // Checkpoints are at least interval/8 apart.
  Checkpointer(std::unique_ptr<Connection> conn, std::chrono::milliseconds interval,
               int wal_pages_threshold);
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;
  ~Checkpointer();

  // Installs this checkpointer as `writer`'s WAL hook (which also disables autocheckpoint on it).
  // Call before the writer thread starts; Detach() after it stopped and before this is destroyed.
  void Attach(Connection& writer);
  void Detach(Connection& writer);

  // Under sustained writes PASSIVE never catches up with the writer, and SQLite only rewinds the
  // WAL once it is fully checkpointed. When PASSIVE leaves more than the threshold behind, the
  // writer thread calls this between groups: a RESTART checkpoint on the write connection copies
  // the few frames left (no other writer can interfere) so the next commit rewinds the WAL.
  void RestartIfWanted(Connection& writer);

  // Joins the thread. Idempotent.
  void Stop() EXCLUDES(mu_);

  uint64_t checkpoints() const { return checkpoints_.load(); }
  uint64_t restarts() const { return restarts_.load(); }

 private:
  static int OnCommit(void* self, ::sqlite3* db, const char* schema, int wal_pages);
  void Loop() EXCLUDES(mu_);
  // Waits until a checkpoint is due (at most interval_, at least interval_/8 after `last`);
  // false when stopping.
  bool WaitForTurn(std::chrono::steady_clock::time_point last) EXCLUDES(mu_);

  const std::unique_ptr<Connection> conn_;  // used only by the checkpointer thread
  const std::chrono::milliseconds interval_;
  const int wal_pages_threshold_;

  std::atomic<bool> dirty_{false};           // a commit happened since the last checkpoint
  std::atomic<bool> restart_wanted_{false};  // PASSIVE left the WAL past the threshold
  Mutex mu_;
  std::condition_variable wake_;
  bool urgent_ GUARDED_BY(mu_) = false;  // the WAL passed the threshold
  bool stopping_ GUARDED_BY(mu_) = false;
  std::atomic<uint64_t> checkpoints_{0};
  std::atomic<uint64_t> restarts_{0};
  std::thread thread_;
};

}  // namespace portcullis::store::sqlite
