// ConnectionPool: lazy opening, first-come-first-served waiting, and discarding after a broken
// connection. Thread-safe; connections are opened and closed outside the lock.
#include "store/postgres/pool.h"

#include <algorithm>
#include <string>
#include <utility>

namespace portcullis::store::postgres {

ConnectionPool::ConnectionPool(Opener open, std::size_t max_connections,
                               std::chrono::milliseconds acquire_timeout)
    : open_(std::move(open)),
      max_connections_(max_connections == 0 ? 1 : max_connections),
      acquire_timeout_(acquire_timeout) {}

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::unique_ptr<Connection> handed;
  {
    MutexLock lock(mu_);
    // Nobody ahead: an idle connection that is still open, or a new one while there is room.
    if (waiters_.empty()) {
      while (!idle_.empty()) {
        std::unique_ptr<Connection> conn = std::move(idle_.back());
        idle_.pop_back();
        if (conn->StillOpen()) return Lease(*this, std::move(conn));
        // The server closed it while idle (a restart): drop it and try the next.
        --open_count_;
        ++discarded_;
      }
    }
    if (waiters_.empty() && open_count_ < max_connections_) {
      ++open_count_;  // reserved while opening
    } else {
      Waiter me;
      waiters_.push_back(&me);
      const bool served = lock.WaitFor(me.served, acquire_timeout_, [&] {
        mu_.AssertHeld();
        return me.conn != nullptr || me.may_open;
      });
      if (!served) {
        waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &me));
        return MakeError(ErrorCode::kUnavailable, "postgres: no pooled connection free within " +
                                                      std::to_string(acquire_timeout_.count()) +
                                                      " ms");
      }
      handed = std::move(me.conn);  // or, with may_open, a slot counted in open_count_
    }
  }
  if (handed) {
    if (handed->StillOpen()) return Lease(*this, std::move(handed));
    // Died between its return and now: its slot is ours to open a fresh one.
    handed.reset();
    MutexLock lock(mu_);
    ++discarded_;
  }
  return OpenReserved();
}

Result<ConnectionPool::Lease> ConnectionPool::OpenReserved() {
  auto conn = open_();
  if (!conn) {
    MutexLock lock(mu_);
    --open_count_;
    if (GiveSlotToWaiter()) ++open_count_;
    return conn.error();
  }
  return Lease(*this, std::move(conn).value());
}

bool ConnectionPool::GiveSlotToWaiter() {
  if (waiters_.empty()) return false;
  Waiter* next = waiters_.front();
  waiters_.pop_front();
  next->may_open = true;
  next->served.notify_one();
  return true;
}

void ConnectionPool::Return(std::unique_ptr<Connection> conn) {
  std::vector<std::unique_ptr<Connection>> dropped;
  {
    MutexLock lock(mu_);
    if (conn->usable() && conn->idle()) {
      if (waiters_.empty()) {
        idle_.push_back(std::move(conn));
      } else {
        Waiter* next = waiters_.front();
        waiters_.pop_front();
        next->conn = std::move(conn);
        next->served.notify_one();
      }
      return;
    }
    // Broken: the server probably restarted, and then the idle ones are dead too. (Usable but
    // still inside a transaction, after a failed ROLLBACK: only this one goes, or it would lend
    // its transaction to the next unit of work.)
    if (!conn->usable()) dropped.swap(idle_);
    const std::size_t freed = 1 + dropped.size();
    open_count_ -= freed;
    discarded_ += freed;
    for (std::size_t i = 0; i < freed && GiveSlotToWaiter(); ++i) ++open_count_;
  }
  conn.reset();  // closed outside the lock
}

ConnectionPool::Stats ConnectionPool::stats() const {
  MutexLock lock(mu_);
  return Stats{open_count_, idle_.size(), discarded_};
}

}  // namespace portcullis::store::postgres
