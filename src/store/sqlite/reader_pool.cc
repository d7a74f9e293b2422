// ReaderPool: lazy opening, checkout and return of read connections.
// Thread-safe: mu_ guards the idle list and the count.
#include "store/sqlite/reader_pool.h"

#include <utility>

namespace portcullis::store::sqlite {

ReaderPool::ReaderPool(Opener open, std::size_t max_connections)
    : open_(std::move(open)), max_connections_(max_connections == 0 ? 1 : max_connections) {}

Result<ReaderPool::Lease> ReaderPool::Acquire() {
  {
    MutexLock lock(mu_);
    lock.Wait(returned_, [&] {
      mu_.AssertHeld();
      return !idle_.empty() || open_count_ < max_connections_;
    });
    if (!idle_.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(conn));
    }
    ++open_count_;  // reserve a slot, open outside the lock
  }
  auto conn = open_();
  if (!conn) {
    {
      MutexLock lock(mu_);
      --open_count_;
    }
    returned_.notify_one();
    return conn.error();
  }
  return Lease(*this, std::move(conn).value());
}

void ReaderPool::Return(std::unique_ptr<Connection> conn) {
  {
    MutexLock lock(mu_);
    idle_.push_back(std::move(conn));
  }
  returned_.notify_one();
}

}  // namespace portcullis::store::sqlite
