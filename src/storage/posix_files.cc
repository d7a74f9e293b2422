// POSIX file helpers of the file store. Pure functions over the file system; thread-safe.
#include "storage/posix_files.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "common/hex.h"
#include "common/status_macros.h"

namespace portcullis::storage {

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    Reset();
    fd_ = other.Release();
  }
  return *this;
}

int UniqueFd::Release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

void UniqueFd::Reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Error FileError(std::string_view what, std::string_view path, int err, bool absent_is_not_found) {
  const ErrorCode code = absent_is_not_found && (err == ENOENT || err == ENOTDIR)
                             ? ErrorCode::kNotFound
                             : ErrorCode::kUnavailable;
  return MakeError(
      code, "storage: " + std::string(what) + " " + std::string(path) + ": " + std::strerror(err));
}

Status WriteAll(int fd, std::string_view bytes, std::string_view path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return FileError("write", path, errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status::Ok();
}

Status SyncDirectory(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return FileError("open directory", path, errno);
  if (::fsync(fd.get()) != 0) return FileError("fsync directory", path, errno);
  return Status::Ok();
}

Status MakeDirectories(const std::string& base, std::string_view relative_dir) {
  std::string parent = base;
  std::size_t at = 0;
  while (at < relative_dir.size()) {
    const std::size_t end = std::min(relative_dir.find('/', at), relative_dir.size());
    const std::string dir = parent + "/" + std::string(relative_dir.substr(at, end - at));
    if (::mkdir(dir.c_str(), 0700) == 0) {
      RETURN_IF_ERROR(SyncDirectory(parent));
    } else if (errno == EEXIST) {
      struct stat st {};
      if (::lstat(dir.c_str(), &st) != 0) return FileError("stat", dir, errno);
      if (!S_ISDIR(st.st_mode)) {
        return MakeError(ErrorCode::kConflict,
                         "storage: " + dir + " is an object, so it cannot hold others");
      }
    } else if (errno == ENOTDIR) {
      return MakeError(ErrorCode::kConflict,
                       "storage: a parent of " + dir + " is an object, so it cannot hold others");
    } else {
      return FileError("mkdir", dir, errno);
    }
    parent = dir;
    at = end + 1;
  }
  return Status::Ok();
}

Result<std::string> RandomName() {
  unsigned char bytes[16];
  std::size_t got = 0;
  while (got < sizeof bytes) {
    const ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return FileError("getrandom", "", errno);
    }
    got += static_cast<std::size_t>(n);
  }
  return HexEncode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

}  // namespace portcullis::storage
