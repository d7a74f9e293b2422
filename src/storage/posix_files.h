// Small POSIX file helpers for the file store: errors as Status (kUnavailable for I/O failures,
// kNotFound for absent files, kConflict for a file where a directory must be), full writes,
// directory fsyncs and owner-only directory creation. Pure functions over the file system;
// thread-safe.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "common/status.h"

namespace portcullis::storage {

// An fd closed on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.Release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { Reset(); }
  int get() const { return fd_; }
  int Release();
  void Reset();

 private:
  int fd_ = -1;
};

// "storage: <what> <path>: <strerror(err)>" as kUnavailable (or kNotFound for ENOENT/ENOTDIR
// when `absent_is_not_found`).
Error FileError(std::string_view what, std::string_view path, int err,
                bool absent_is_not_found = false);

Status WriteAll(int fd, std::string_view bytes, std::string_view path);
Status SyncDirectory(const std::string& path);
// mkdir -p of `dir` below the existing `base` (0700), fsyncing each parent that gained an entry.
// kConflict when a component is a file.
Status MakeDirectories(const std::string& base, std::string_view relative_dir);
// A hex name of 16 random bytes (getrandom), for temporary files.
Result<std::string> RandomName();

}  // namespace portcullis::storage
