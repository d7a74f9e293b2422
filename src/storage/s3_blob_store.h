// S3BlobStore: the BlobStore on an S3-compatible bucket (`storage = s3://...`). Small objects go
// up in one PUT; an object larger than one part goes up as a multipart upload (parts of
// part_size bytes, the only bytes an upload holds in memory; aborted on failure). Reads stream a
// GET (with Range) through a bounded buffer. A successful PUT or CompleteMultipartUpload is
// durable by S3's contract. Errors: kNotFound for an absent object, kUnavailable for everything
// the service refuses or cannot answer. Thread-safe (S3Http is immutable); a writer or reader is
// used by one thread at a time.
#pragma once

#include <cstddef>
#include <memory>

#include "core/ports/blob_store.h"
#include "storage/s3_http.h"

namespace portcullis::storage {

class S3BlobStore final : public core::BlobStore {
 public:
  static constexpr std::size_t kMinPartSize = 5 * 1024 * 1024;  // S3's minimum (but the last)

  S3BlobStore(S3Location location, S3Credentials credentials, S3Http::Timeouts timeouts,
              std::size_t part_size);

  Result<std::unique_ptr<core::BlobWriter>> OpenWriter(std::string_view key) override;
  Result<std::unique_ptr<core::BlobReader>> OpenReader(
      std::string_view key, std::optional<core::ByteRange> range = {}) override;
  Result<core::BlobInfo> Stat(std::string_view key) override;
  Status Delete(std::string_view key) override;
  std::string Describe() const override;

 private:
  const S3Http http_;
  const std::size_t part_size_;
};

}  // namespace portcullis::storage
