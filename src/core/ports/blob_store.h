// BlobStore: the port for the bytes of stored files — streamed in and out with bounded memory
// (objects up to a few GiB), so the HTTP layer can pass a body through without holding it.
// Blocking calls. A BlobStore is thread-safe; a BlobWriter or BlobReader is used by one thread at
// a time (it may move between threads, e.g. from one worker to the next between chunks).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/status.h"

namespace portcullis::core {

// What a store knows of an object.
struct BlobInfo {
  uint64_t size = 0;
  std::chrono::system_clock::time_point modified;
};

// Bytes [offset, offset + length) of an object; no length: to the end. A range that starts past
// the end is refused (kInvalidRequest); one that runs past the end is cut at the end.
struct ByteRange {
  uint64_t offset = 0;
  std::optional<uint64_t> length;
};

// One object being written. Nothing is visible under the key until Commit succeeds; Commit
// replaces a previous object whole (readers see the old or the new bytes, never a mix). A writer
// destroyed without Commit aborts: nothing of it remains.
class BlobWriter {
 public:
  virtual ~BlobWriter() = default;
  // Adds bytes at the end. An error spoils the writer: only Abort (or destruction) follows.
  virtual Status Append(std::string_view bytes) = 0;
  // Makes the object visible under its key; when it returns Ok the object is durable (it
  // survives a crash of this process or the machine). Called at most once.
  virtual Result<BlobInfo> Commit() = 0;
  // Discards everything written. Safe to call more than once, and after a failed Commit.
  virtual void Abort() = 0;
  virtual uint64_t bytes_written() const = 0;
};

// One object (or a range of it) being read, in order.
class BlobReader {
 public:
  virtual ~BlobReader() = default;
  // Fills the start of `buffer` and returns how many bytes it wrote; 0 only at the end.
  virtual Result<std::size_t> Read(std::span<char> buffer) = 0;
  // The bytes this reader yields in all (the range's length) and the whole object's size.
  virtual uint64_t size() const = 0;
  virtual uint64_t object_size() const = 0;
};

// Keys are relative paths already normalised above (see CheckBlobKey); a store refuses any other
// with kInvalidRequest as defence in depth. Errors: kNotFound for an absent object, kUnavailable
// when the backend cannot answer (disk failure, S3 down or refusing: 503 upstream), kConflict when
// the key cannot exist beside another (file store: "a/b" when "a/b/c" exists, and the reverse).
class BlobStore {
 public:
  virtual ~BlobStore() = default;
  virtual Result<std::unique_ptr<BlobWriter>> OpenWriter(std::string_view key) = 0;
  virtual Result<std::unique_ptr<BlobReader>> OpenReader(std::string_view key,
                                                         std::optional<ByteRange> range = {}) = 0;
  virtual Result<BlobInfo> Stat(std::string_view key) = 0;
  // Ok whether or not the object existed; durable when it returns.
  virtual Status Delete(std::string_view key) = 0;
  Result<bool> Exists(std::string_view key);
  // For logs and diagnostics: "file:/srv/pc/storage", "s3://bucket" (never a credential).
  virtual std::string Describe() const = 0;
};

// Whether `key` is a key a store accepts: 1 to 1024 bytes of segments separated by single '/',
// none empty, "." or "..", no leading or trailing '/', no backslash, NUL or other control
// character. The paths users give are validated and normalised before this (the storage routes);
// this is the last line.
Status CheckBlobKey(std::string_view key);

inline constexpr std::size_t kMaxBlobKeyBytes = 1024;

}  // namespace portcullis::core
