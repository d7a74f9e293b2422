// ReaderPool: up to N read-only connections to one database, checked out for one read at a time and
// kept open (with their cached statements) between reads. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "common/mutex.h"
#include "common/status.h"
#include "store/sqlite/connection.h"

namespace portcullis::store::sqlite {

class ReaderPool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;

  // Connections are opened lazily with `open`; when `max_connections` are checked out, Acquire
  // waits for one to come back.
  ReaderPool(Opener open, std::size_t max_connections);
  ReaderPool(const ReaderPool&) = delete;
  ReaderPool& operator=(const ReaderPool&) = delete;

  // A checked-out connection, returned to the pool on destruction. Must not outlive the pool.
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<Connection> conn)
        : pool_(&pool), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn_) pool_->Return(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  Result<Lease> Acquire() EXCLUDES(mu_);

 private:
  void Return(std::unique_ptr<Connection> conn) EXCLUDES(mu_);

  const Opener open_;
  const std::size_t max_connections_;
  Mutex mu_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_ GUARDED_BY(mu_);
  std::size_t open_count_ GUARDED_BY(mu_) = 0;  // idle + checked out
};

}  // namespace portcullis::store::sqlite
