// S3BlobStore: keys checked, then one S3 request per call (the writer and reader carry the
// longer conversations). Thread-safe: S3Http is immutable.
#include "storage/s3_blob_store.h"

#include <algorithm>

#include "common/status_macros.h"
#include "storage/s3_blob_reader.h"
#include "storage/s3_blob_writer.h"

namespace portcullis::storage {
namespace {

std::chrono::system_clock::time_point ParseHttpDate(const std::string& text) {
  const time_t seconds = text.empty() ? -1 : curl_getdate(text.c_str(), nullptr);
  if (seconds < 0) return std::chrono::system_clock::time_point();
  return std::chrono::system_clock::from_time_t(seconds);
}

// The zero bytes of a range that is empty or starts at the very end.
class EmptyRangeReader final : public core::BlobReader {
 public:
  explicit EmptyRangeReader(uint64_t object_size) : object_size_(object_size) {}
  Result<std::size_t> Read(std::span<char>) override { return std::size_t{0}; }
  uint64_t size() const override { return 0; }
  uint64_t object_size() const override { return object_size_; }

 private:
  const uint64_t object_size_;
};

}  // namespace

S3BlobStore::S3BlobStore(S3Location location, S3Credentials credentials, S3Http::Timeouts timeouts,
                         std::size_t part_size)
    : http_(std::move(location), std::move(credentials), timeouts),
      part_size_(std::max(part_size, kMinPartSize)) {}

Result<std::unique_ptr<core::BlobWriter>> S3BlobStore::OpenWriter(std::string_view key) {
  RETURN_IF_ERROR(core::CheckBlobKey(key));
  return std::unique_ptr<core::BlobWriter>(new S3BlobWriter(http_, std::string(key), part_size_));
}

Result<std::unique_ptr<core::BlobReader>> S3BlobStore::OpenReader(
    std::string_view key, std::optional<core::ByteRange> range) {
  RETURN_IF_ERROR(core::CheckBlobKey(key));
  std::string range_header;
  if (range) {
    // S3 refuses any range of an empty object and one that starts at the end (416), where the
    // port promises an empty reader: a zero-length range, or one at the very end, asks Stat.
    ASSIGN_OR_RETURN(core::BlobInfo info, Stat(key));
    if (range->offset > info.size) {
      return MakeError(ErrorCode::kInvalidRequest, "storage: range starts past the end");
    }
    if (range->offset == info.size || range->length == 0) {
      return std::unique_ptr<core::BlobReader>(new EmptyRangeReader(info.size));
    }
    range_header = "Range: bytes=" + std::to_string(range->offset) + "-";
    if (range->length) {
      range_header += std::to_string(std::min(range->offset + *range->length, info.size) - 1);
    }
  }
  ASSIGN_OR_RETURN(auto reader,
                   S3BlobReader::Open(http_, http_.location().ObjectUrl(key), range_header));
  return std::unique_ptr<core::BlobReader>(std::move(reader));
}

Result<core::BlobInfo> S3BlobStore::Stat(std::string_view key) {
  RETURN_IF_ERROR(core::CheckBlobKey(key));
  ASSIGN_OR_RETURN(S3Answer answer,
                   http_.Perform({.method = "HEAD", .url = http_.location().ObjectUrl(key)}));
  if (answer.status == 404) return MakeError(ErrorCode::kNotFound, "storage: no such object");
  if (answer.status != 200 || !answer.content_length) return S3Error("HeadObject", answer);
  return core::BlobInfo{.size = *answer.content_length,
                        .modified = ParseHttpDate(answer.last_modified)};
}

Status S3BlobStore::Delete(std::string_view key) {
  RETURN_IF_ERROR(core::CheckBlobKey(key));
  ASSIGN_OR_RETURN(S3Answer answer,
                   http_.Perform({.method = "DELETE", .url = http_.location().ObjectUrl(key)}));
  if (answer.status != 204 && answer.status != 200 && answer.status != 404) {
    return S3Error("DeleteObject", answer);
  }
  return Status::Ok();
}

std::string S3BlobStore::Describe() const { return DescribeS3Location(http_.location()); }

}  // namespace portcullis::storage
