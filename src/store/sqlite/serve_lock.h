// ServeLock: at most one serving process per SQLite database — an exclusive flock on the file
// "<database>.serve-lock", held while the lock lives. Not shared across threads (one owner).
#pragma once

#include <string>

#include "common/status.h"

namespace portcullis::store::sqlite {

// SQLite is the one-node backend: a server keeps state the database alone does not carry (the
// user cache, the revocation list), so a second server on the same file would serve stale users.
// Commands that only insert (user create, migrate) take no lock. The kernel drops the lock when
// the process dies, kill -9 included.
class ServeLock {
 public:
  // kConflict when another process holds it; kUnavailable when the lock file cannot be opened.
  static Result<ServeLock> Acquire(const std::string& database_path);

  ServeLock(ServeLock&& other) noexcept;
  ServeLock& operator=(ServeLock&&) = delete;
  ServeLock(const ServeLock&) = delete;
  ServeLock& operator=(const ServeLock&) = delete;
  ~ServeLock();

 private:
  explicit ServeLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace portcullis::store::sqlite
