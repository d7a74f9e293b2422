// ConnectionPool: up to N PostgreSQL connections, opened lazily, checked out for one unit of work
// at a time and kept open (with their prepared statements) between uses. A connection returned
// inside a transaction is discarded; one that broke is discarded together with every idle one (a
// broken connection usually means the server restarted, and then they are all dead); the next
// Acquire opens a fresh one, so the pool recovers by itself once the server is back. Callers that
// must wait are served first come, first served: a returned connection (or a freed slot) goes to
// the longest waiter, never to a caller that arrives later. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "common/mutex.h"
#include "common/status.h"
#include "store/postgres/connection.h"

namespace portcullis::store::postgres {

class ConnectionPool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;

  // Connections are opened with `open`; when `max_connections` are checked out, Acquire waits up
  // to `acquire_timeout` for one to come back (in arrival order).
  ConnectionPool(Opener open, std::size_t max_connections,
                 std::chrono::milliseconds acquire_timeout);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // A checked-out connection, returned to the pool on destruction. Must not outlive the pool.
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> conn)
        : pool_(&pool), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn_) pool_->Return(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  // An idle connection, or a new one while fewer than the maximum are open. kUnavailable when
  // none could be opened (the server is down) or none came back within the timeout.
  Result<Lease> Acquire() EXCLUDES(mu_);

  struct Stats {
    std::size_t open = 0;  // idle + checked out
    std::size_t idle = 0;
    uint64_t discarded = 0;  // connections dropped because one broke
  };
  Stats stats() const EXCLUDES(mu_);

 private:
  // A caller waiting in Acquire: handed a connection, or the right to open one.
  struct Waiter {
    std::condition_variable served;
    std::unique_ptr<Connection> conn;
    bool may_open = false;
  };

  void Return(std::unique_ptr<Connection> conn) EXCLUDES(mu_);
  // Gives the longest waiter the right to open a connection (a slot was freed); false when
  // nobody waits.
  bool GiveSlotToWaiter() REQUIRES(mu_);
  // Opens a connection for a slot already counted in open_count_; gives the slot back on failure.
  Result<Lease> OpenReserved() EXCLUDES(mu_);

  const Opener open_;
  const std::size_t max_connections_;
  const std::chrono::milliseconds acquire_timeout_;
  mutable Mutex mu_;
  std::deque<Waiter*> waiters_ GUARDED_BY(mu_);  // oldest first
  std::vector<std::unique_ptr<Connection>> idle_ GUARDED_BY(mu_);
  std::size_t open_count_ GUARDED_BY(mu_) = 0;
  uint64_t discarded_ GUARDED_BY(mu_) = 0;
};

}  // namespace portcullis::store::postgres
