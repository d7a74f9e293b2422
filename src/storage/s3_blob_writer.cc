// S3BlobWriter: PUT or multipart upload of one object. Used by one thread at a time.
#include "storage/s3_blob_writer.h"

#include <algorithm>
#include <chrono>

#include "common/status_macros.h"
#include "common/url_encoding.h"

namespace portcullis::storage {
namespace {

Error Finished() {
  return MakeError(ErrorCode::kInternal, "storage: the writer was committed or aborted");
}

}  // namespace

S3BlobWriter::S3BlobWriter(const S3Http& http, std::string key, std::size_t part_size)
    : http_(http), key_(std::move(key)), part_size_(part_size) {}

Status S3BlobWriter::Append(std::string_view bytes) {
  if (finished_) return Finished();
  // Growing by doubling would overshoot a part: once an object is past 1 MiB, the buffer takes
  // exactly one part.
  if (buffer_.capacity() < part_size_ && buffer_.size() + bytes.size() > (1u << 20)) {
    buffer_.reserve(part_size_);
  }
  while (!bytes.empty()) {
    const std::size_t take = std::min(bytes.size(), part_size_ - buffer_.size());
    buffer_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    bytes_written_ += take;
    if (buffer_.size() == part_size_) {
      if (upload_id_.empty()) {
        if (Status started = StartMultipart(); !started.ok()) return Spoil(started.error());
      }
      if (Status sent = UploadPart(); !sent.ok()) return Spoil(sent.error());
    }
  }
  return Status::Ok();
}

Result<core::BlobInfo> S3BlobWriter::Commit() {
  if (finished_) return Finished();
  Status sent = upload_id_.empty() ? PutWhole() : CompleteMultipart();
  if (!sent.ok()) return Spoil(sent.error());
  finished_ = true;
  upload_id_.clear();
  std::string().swap(buffer_);
  return core::BlobInfo{.size = bytes_written_, .modified = std::chrono::system_clock::now()};
}

void S3BlobWriter::Abort() {
  if (finished_) return;
  finished_ = true;
  std::string().swap(buffer_);
  if (upload_id_.empty()) return;
  // Best effort: a bucket lifecycle rule for incomplete uploads is the backstop (docs/STORAGE.md).
  (void)http_.Perform(
      {.method = "DELETE",
       .url = http_.location().ObjectUrl(key_, "uploadId=" + PercentEncode(upload_id_))});
  upload_id_.clear();
}

Error S3BlobWriter::Spoil(Error error) {
  Abort();
  return error;
}

Status S3BlobWriter::StartMultipart() {
  ASSIGN_OR_RETURN(S3Answer answer,
                   http_.Perform({.method = "POST",
                                  .url = http_.location().ObjectUrl(key_, "uploads="),
                                  .body = std::string_view()}));
  if (answer.status != 200) return S3Error("CreateMultipartUpload", answer);
  upload_id_ = XmlElement(answer.body, "UploadId");
  if (upload_id_.empty()) return S3Error("CreateMultipartUpload without an UploadId", answer);
  return Status::Ok();
}

Status S3BlobWriter::UploadPart() {
  const std::size_t number = etags_.size() + 1;
  if (number > 10000) {
    return MakeError(ErrorCode::kPayloadTooLarge, "storage: more than 10000 S3 parts");
  }
  // Query parameters in canonical (sorted) order: the signature covers them as sent.
  const std::string query =
      "partNumber=" + std::to_string(number) + "&uploadId=" + PercentEncode(upload_id_);
  ASSIGN_OR_RETURN(S3Answer answer, http_.Perform({.method = "PUT",
                                                   .url = http_.location().ObjectUrl(key_, query),
                                                   .body = std::string_view(buffer_)}));
  if (answer.status != 200 || answer.etag.empty()) return S3Error("UploadPart", answer);
  etags_.push_back(answer.etag);
  buffer_.clear();
  return Status::Ok();
}

Status S3BlobWriter::CompleteMultipart() {
  if (!buffer_.empty()) RETURN_IF_ERROR(UploadPart());
  std::string xml = "<CompleteMultipartUpload>";
  for (std::size_t i = 0; i < etags_.size(); ++i) {
    xml += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" + etags_[i] +
           "</ETag></Part>";
  }
  xml += "</CompleteMultipartUpload>";
  ASSIGN_OR_RETURN(S3Answer answer,
                   http_.Perform({.method = "POST",
                                  .url = http_.location().ObjectUrl(
                                      key_, "uploadId=" + PercentEncode(upload_id_)),
                                  .body = std::string_view(xml)}));
  // S3 may answer 200 and still report an error in the body.
  if (answer.status != 200 || answer.body.find("<Error>") != std::string::npos) {
    return S3Error("CompleteMultipartUpload", answer);
  }
  return Status::Ok();
}

Status S3BlobWriter::PutWhole() {
  ASSIGN_OR_RETURN(S3Answer answer, http_.Perform({.method = "PUT",
                                                   .url = http_.location().ObjectUrl(key_),
                                                   .body = std::string_view(buffer_)}));
  if (answer.status != 200) return S3Error("PutObject", answer);
  return Status::Ok();
}

}  // namespace portcullis::storage
