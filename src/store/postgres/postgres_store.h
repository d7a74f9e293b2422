// PostgresStore: core::Store on a PostgreSQL database through libpq, used blocking. A Read runs on
// a pooled connection in one REPEATABLE READ READ ONLY snapshot; a Write in one READ COMMITTED
// transaction with bounded retries of serialization failures and deadlocks; WriteAsync runs that
// Write on the bounded `postgres` executor and completes there after COMMIT returned. BEGIN is
// sent together with a unit of work's first statement (one round trip fewer).
//
// Why READ COMMITTED for writes: every race the conformance suite pins down (Rotate, ClaimStep,
// Enable, ReserveTicketAttempt, UseTicket, UseRecoveryCode, RecordFailure, RehashPassword) is one
// conditional UPDATE, which PostgreSQL makes atomic under READ COMMITTED (a racing UPDATE waits
// for the row lock and re-checks its WHERE clause on the committed row), so the stricter levels
// would only add serialization failures to retry. Thread-safe: any method from any thread (a
// nested call is refused, see core::Store).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "common/executor_thread_pool.h"
#include "core/ports/store.h"
#include "store/postgres/connection.h"
#include "store/postgres/pool.h"

namespace portcullis::store::postgres {

struct Options {
  // Connections to the database, and threads of the `postgres` executor; 0 = two per core of
  // this node, at least 4 (EffectivePoolSize). Measured on 2 cores with PostgreSQL on the same
  // machine: 4 connections refresh as fast as 16 (6.3k/s, the CPU is the limit) with a p99 of
  // 7 ms instead of 11, and profile reads keep a p99 of 3 ms where 16 let the scheduler starve
  // some requests for over a second. A remote database hides more latency per transaction: raise
  // it to about the transactions per second wanted × the seconds one takes.
  std::size_t pool_size = 0;
  std::chrono::seconds statement_timeout{5};  // per statement, set on every connection
  std::chrono::seconds connect_timeout{5};    // per connection attempt
  std::size_t max_queued_writes = 4096;       // writes waiting for a thread; more -> kOverloaded
  int max_write_attempts = 3;                 // a Write that hit 40001/40P01 is run again
};

class PostgresStore;

// options.pool_size, or for 0 two per hardware thread of this machine (at least 4).
std::size_t EffectivePoolSize(const Options& options);

// Connects to `url` (postgres://user:password@host:port/dbname?...), applies pending migrations
// under the advisory lock and starts the executor. kUnavailable when the server cannot be
// reached or the schema is newer than this binary knows.
Result<std::unique_ptr<PostgresStore>> Open(const std::string& url, const Options& options = {});

class PostgresStore final : public core::Store {
 public:
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;
  // Runs every queued write, joins the executor and closes the connections. Callers must have
  // returned from every method first.
  ~PostgresStore() override;

  // On the caller's thread, with a pooled connection.
  Status Read(const std::function<Status(core::Repositories&)>& work) override;
  // On the caller's thread, with a pooled connection; returns after COMMIT returned. `work` may
  // run more than once (a retried serialization failure or deadlock): it must be re-runnable.
  // An exception from `work` becomes kInternal.
  Status Write(const std::function<Status(core::Repositories&)>& work) override;
  // Write as a job of the `postgres` executor; `done` runs there after COMMIT returned, or at once
  // on the caller's thread when the executor refuses it (kOverloaded) or inside a unit of work
  // (kInternal). A `done` may start another WriteAsync.
  void WriteAsync(Work work, WriteDone done) override;
  Status Ping() override;
  bool ReadsMayBlock() const override { return true; }

  // The executor's queue, running jobs and refusals ("postgres"), for metrics.
  ExecutorStats executor_stats() const { return executor_->stats(); }
  ConnectionPool::Stats pool_stats() const { return pool_->stats(); }

 private:
  friend Result<std::unique_ptr<PostgresStore>> Open(const std::string& url,
                                                     const Options& options);

  PostgresStore(const Options& options, std::unique_ptr<ConnectionPool> pool);
  // True while this thread runs a Read or Write of this store.
  bool InsideUnitOfWork() const;
  // One attempt of a Write on `conn`: BEGIN, work, COMMIT (ROLLBACK when anything failed).
  Status WriteOnce(Connection& conn, const std::function<Status(core::Repositories&)>& work);

  const Options options_;
  std::unique_ptr<ConnectionPool> pool_;
  std::unique_ptr<ThreadPoolExecutor> executor_;  // destroyed (drained) before the pool
};

}  // namespace portcullis::store::postgres
