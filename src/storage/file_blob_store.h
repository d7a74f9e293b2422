// FileBlobStore: the BlobStore on a local directory (`storage = file:PATH`). Objects live at
// ROOT/objects/<key>; a writer fills ROOT/tmp/<random>.part (same file system), and Commit
// fsyncs it, renames it into place and fsyncs the directory, so an acknowledged object survives
// kill -9 or a power cut. Directories 0700, files 0600. Thread-safe (no shared mutable state:
// every call works on its own file descriptors); a writer or reader is used by one thread at a
// time.
#pragma once

#include <memory>
#include <string>

#include "core/ports/blob_store.h"

namespace portcullis::storage {

class FileBlobStore final : public core::BlobStore {
 public:
  // Creates ROOT, ROOT/objects and ROOT/tmp (0700) when missing, and removes temporary files a
  // killed process left in ROOT/tmp more than a day ago.
  static Result<std::unique_ptr<FileBlobStore>> Open(std::string root);

  Result<std::unique_ptr<core::BlobWriter>> OpenWriter(std::string_view key) override;
  Result<std::unique_ptr<core::BlobReader>> OpenReader(
      std::string_view key, std::optional<core::ByteRange> range = {}) override;
  Result<core::BlobInfo> Stat(std::string_view key) override;
  Status Delete(std::string_view key) override;
  std::string Describe() const override { return "file:" + root_; }

 private:
  explicit FileBlobStore(std::string root);

  std::string root_;
  std::string objects_;  // root_/objects
  std::string tmp_;      // root_/tmp
};

}  // namespace portcullis::storage
