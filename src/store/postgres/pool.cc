// ConnectionPool: lazy opening, bounded waiting, and discarding after a broken connection.
// Thread-safe; connections are opened and closed outside the lock.
#include "store/postgres/pool.h"

#include <string>
#include <utility>

namespace portcullis::store::postgres {

ConnectionPool::ConnectionPool(Opener open, std::size_t max_connections,
                               std::chrono::milliseconds acquire_timeout)
    : open_(std::move(open)),
      max_connections_(max_connections == 0 ? 1 : max_connections),
      acquire_timeout_(acquire_timeout) {}

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  {
    MutexLock lock(mu_);
    const bool ready = lock.WaitFor(returned_, acquire_timeout_, [&] {
      mu_.AssertHeld();
      return !idle_.empty() || open_count_ < max_connections_;
    });
    if (!ready) {
      return MakeError(ErrorCode::kUnavailable, "postgres: no pooled connection free within " +
                                                    std::to_string(acquire_timeout_.count()) +
                                                    " ms");
    }
    while (!idle_.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle_.back());
      idle_.pop_back();
      if (conn->StillOpen()) return Lease(*this, std::move(conn));
      // The server closed it while idle (a restart): drop it and try the next.
      --open_count_;
      ++discarded_;
    }
    ++open_count_;  // reserved while opening
  }
  auto conn = open_();
  if (!conn) {
    MutexLock lock(mu_);
    --open_count_;
    returned_.notify_one();
    return conn.error();
  }
  return Lease(*this, std::move(conn).value());
}

void ConnectionPool::Return(std::unique_ptr<Connection> conn) {
  std::vector<std::unique_ptr<Connection>> dropped;
  {
    MutexLock lock(mu_);
    if (conn->usable() && conn->idle()) {
      idle_.push_back(std::move(conn));
      returned_.notify_one();
      return;
    }
    // Broken: the server probably restarted, and then the idle ones are dead too. (Usable but
    // still inside a transaction, after a failed ROLLBACK: only this one goes, or it would lend
    // its transaction to the next unit of work.)
    if (!conn->usable()) dropped.swap(idle_);
    open_count_ -= 1 + dropped.size();
    discarded_ += 1 + dropped.size();
    returned_.notify_all();
  }
  conn.reset();  // closed outside the lock
}

ConnectionPool::Stats ConnectionPool::stats() const {
  MutexLock lock(mu_);
  return Stats{open_count_, idle_.size(), discarded_};
}

}  // namespace portcullis::store::postgres
