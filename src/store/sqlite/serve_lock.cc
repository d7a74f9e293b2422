// ServeLock: flock(LOCK_EX | LOCK_NB) on "<database>.serve-lock", released by close or by the
// process's end. One owner; see serve_lock.h.
#include "store/sqlite/serve_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace portcullis::store::sqlite {

Result<ServeLock> ServeLock::Acquire(const std::string& database_path) {
  const std::string path = database_path + ".serve-lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return MakeError(ErrorCode::kUnavailable,
                     "cannot open " + path + ": " + std::string(std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) {
      return MakeError(ErrorCode::kConflict,
                       "another portcullis server is serving sqlite:" + database_path +
                           " (SQLite serves one node; run several on PostgreSQL)");
    }
    return MakeError(ErrorCode::kUnavailable,
                     "cannot lock " + path + ": " + std::string(std::strerror(error)));
  }
  return ServeLock(fd);
}

ServeLock::ServeLock(ServeLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

ServeLock::~ServeLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace portcullis::store::sqlite
