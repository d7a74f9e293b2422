// Checkpointer: the WAL hook on the writer connection and the PASSIVE checkpoint loop.
// Thread-safe: the hook runs on the writer thread and only flags work for the checkpointer thread.
#include "store/sqlite/checkpointer.h"

#include <sqlite3.h>

#include <utility>

namespace portcullis::store::sqlite {

Checkpointer::Checkpointer(std::unique_ptr<Connection> conn, std::chrono::milliseconds interval,
                           int wal_pages_threshold)
    : conn_(std::move(conn)), interval_(interval), wal_pages_threshold_(wal_pages_threshold) {
  thread_ = std::thread([this] { Loop(); });
}

Checkpointer::~Checkpointer() { Stop(); }

void Checkpointer::Attach(Connection& writer) {
  sqlite3_wal_hook(writer.handle(), &Checkpointer::OnCommit, this);
}

void Checkpointer::Detach(Connection& writer) {
  sqlite3_wal_hook(writer.handle(), nullptr, nullptr);
}

void Checkpointer::Stop() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

int Checkpointer::OnCommit(void* self, sqlite3* /*db*/, const char* /*schema*/, int wal_pages) {
  auto* checkpointer = static_cast<Checkpointer*>(self);
  checkpointer->dirty_.store(true, std::memory_order_relaxed);
  if (wal_pages >= checkpointer->wal_pages_threshold_) {
    {
      MutexLock lock(checkpointer->mu_);
      checkpointer->urgent_ = true;
    }
    checkpointer->wake_.notify_one();
  }
  return SQLITE_OK;
}

void Checkpointer::RestartIfWanted(Connection& writer) {
  if (!restart_wanted_.load(std::memory_order_relaxed)) return;
  restart_wanted_.store(false, std::memory_order_relaxed);
  int wal_frames = 0;
  int copied = 0;
  // Waits (busy timeout) only for readers still on old WAL frames; on failure the next PASSIVE
  // round asks again.
  if (sqlite3_wal_checkpoint_v2(writer.handle(), nullptr, SQLITE_CHECKPOINT_RESTART, &wal_frames,
                                &copied) == SQLITE_OK) {
    ++restarts_;
  }
}

bool Checkpointer::WaitForTurn(std::chrono::steady_clock::time_point last) {
  MutexLock lock(mu_);
  lock.WaitFor(wake_, interval_, [&] {
    mu_.AssertHeld();
    return stopping_ || urgent_;
  });
  if (stopping_) return false;
  const auto min_gap = interval_ / 8;
  const auto since_last = std::chrono::steady_clock::now() - last;
  if (since_last < min_gap) {
    lock.WaitFor(wake_, min_gap - since_last, [&] {
      mu_.AssertHeld();
      return stopping_;
    });
    if (stopping_) return false;
  }
  urgent_ = false;
  return true;
}

void Checkpointer::Loop() {
  auto last = std::chrono::steady_clock::now();
  while (WaitForTurn(last)) {
    if (!dirty_.exchange(false, std::memory_order_relaxed)) continue;
    // PASSIVE waits for nobody; what it cannot copy now waits for the next round.
    int wal_frames = 0;
    int copied = 0;
    int rc = sqlite3_wal_checkpoint_v2(conn_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                       &wal_frames, &copied);
    if (rc == SQLITE_OK && wal_frames >= wal_pages_threshold_) {
      restart_wanted_.store(true, std::memory_order_relaxed);
    }
    if (rc == SQLITE_OK) {
      ++checkpoints_;
    } else {
      dirty_.store(true, std::memory_order_relaxed);
    }
    last = std::chrono::steady_clock::now();
  }
}

}  // namespace portcullis::store::sqlite
