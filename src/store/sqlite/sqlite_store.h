// SqliteStore: core::Store on one SQLite WAL file; group-committed writes, snapshot reads on pooled
// connections. Thread-safe: any method from any thread (a nested call is refused, see core::Store).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/ports/store.h"
#include "store/sqlite/checkpointer.h"
#include "store/sqlite/reader_pool.h"
#include "store/sqlite/user_cache.h"
#include "store/sqlite/writer.h"

namespace portcullis::store::sqlite {

struct Options {
  std::size_t max_queued_writes = 4096;  // writes waiting for the writer; more -> kOverloaded
  std::size_t max_readers = 8;           // read connections (a read waits when all are busy)
  std::chrono::milliseconds busy_timeout{5000};
  std::chrono::milliseconds checkpoint_interval{1000};
  int checkpoint_wal_pages = 4000;                // WAL size that triggers an early checkpoint
                                                  // and, if still exceeded, a RESTART
  int64_t journal_size_limit_bytes = 64ll << 20;  // WAL file size kept after a reset
  std::size_t user_cache_entries = 10000;         // users kept by id between reads; 0: none
  // How long a cached user may be served: the bound on how late this server sees a change to a
  // user made by another process (the `user disable|enable|delete|reset-mfa` commands).
  std::chrono::milliseconds user_cache_max_age{1000};
};

class SqliteStore;

// Opens (creating when missing) the database at `path` (a plain file path; the app strips any
// "sqlite:" scheme), applies pending migrations and starts the writer and checkpointer threads.
// kUnavailable when the file cannot be opened or migrated.
Result<std::unique_ptr<SqliteStore>> Open(const std::string& path, const Options& options = {});

class SqliteStore final : public core::Store {
 public:
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;
  // Runs every queued write, stops the threads, checkpoints (TRUNCATE) and closes. Callers must
  // have returned from every method first.
  ~SqliteStore() override;

  // On a pooled read-only connection, inside BEGIN ... ROLLBACK: one WAL snapshot, taken at the
  // first read. Writes inside fail (the connection is query_only).
  Status Read(const std::function<Status(core::Repositories&)>& work) override;
  // `work` runs on the writer thread inside its own SAVEPOINT of a group transaction, and the
  // call returns once that transaction committed (or failed). An exception from `work` becomes
  // kInternal.
  Status Write(const std::function<Status(core::Repositories&)>& work) override;
  // One job of the writer: `done` runs on the writer thread after the group's commit, or at once
  // on the caller's thread when the queue refuses it (kOverloaded) or the store is stopping
  // (kUnavailable). Unlike Write, it may be called from a `done` (the writer thread outside a job).
  void WriteAsync(Work work, WriteDone done) override;
  Status Ping() override;
  bool ReadsMayBlock() const override { return false; }

  Writer::Stats writer_stats() const { return writer_->stats(); }
  // The write queue's depth, group in progress and refusals ("sqlite.writer"), for metrics.
  ExecutorStats write_queue_stats() const { return writer_->queue_stats(); }
  UserCache::Stats user_cache_stats() const { return user_cache_->stats(); }
  // Reads run a second time because a cached user may have been older than their snapshot.
  uint64_t read_retries() const { return read_retries_.load(); }
  uint64_t checkpoints() const { return checkpointer_->checkpoints(); }
  uint64_t checkpoint_restarts() const { return checkpointer_->restarts(); }

 private:
  friend Result<std::unique_ptr<SqliteStore>> Open(const std::string& path, const Options& options);

  SqliteStore(std::unique_ptr<UserCache> user_cache, std::unique_ptr<Checkpointer> checkpointer,
              std::unique_ptr<Writer> writer, std::unique_ptr<ReaderPool> readers);
  // True when this thread is inside a Read or Write of this store, or is the writer thread (a
  // blocking call there would wait for itself).
  bool Reentrant() const;
  // True when this thread is running a Read, or a write job, of this store.
  bool InsideUnitOfWork() const;
  // The writer job that runs `work` over repositories bound to the writer's connection.
  Writer::Job JobFor(Work work);

  // Destroyed in reverse: readers, then writer (drained), then checkpointer, then the cache the
  // writer's triggers call; see ~SqliteStore.
  std::unique_ptr<UserCache> user_cache_;
  std::unique_ptr<Checkpointer> checkpointer_;
  std::unique_ptr<Writer> writer_;
  std::unique_ptr<ReaderPool> readers_;
  std::atomic<uint64_t> read_retries_{0};
};

}  // namespace portcullis::store::sqlite
