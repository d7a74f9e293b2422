// S3BlobWriter: one object on its way to S3 — bytes gather in a buffer of at most one part; the
// first full part starts a multipart upload (CreateMultipartUpload, then UploadPart per part),
// Commit sends the rest (one PUT when no part went yet, else the last part and
// CompleteMultipartUpload). A failure or an Abort aborts the multipart upload, so no parts are
// left to pay for. Used by one thread at a time.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/ports/blob_store.h"
#include "storage/s3_http.h"

namespace portcullis::storage {

class S3BlobWriter final : public core::BlobWriter {
 public:
  S3BlobWriter(const S3Http& http, std::string key, std::size_t part_size);
  ~S3BlobWriter() override { Abort(); }

  Status Append(std::string_view bytes) override;
  Result<core::BlobInfo> Commit() override;
  void Abort() override;
  uint64_t bytes_written() const override { return bytes_written_; }
  // Parts already sent by UploadPart (0 while the object still fits one PUT).
  std::size_t parts_uploaded() const { return etags_.size(); }

 private:
  Status StartMultipart();
  Status UploadPart();
  Status CompleteMultipart();
  Status PutWhole();
  Error Spoil(Error error);  // aborts and hands the error back

  const S3Http& http_;
  const std::string key_;
  const std::size_t part_size_;
  std::string buffer_;              // at most part_size_ bytes
  std::string upload_id_;           // "" until a multipart upload starts
  std::vector<std::string> etags_;  // one per uploaded part, in order
  uint64_t bytes_written_ = 0;
  bool finished_ = false;  // committed, aborted or spoiled
};

}  // namespace portcullis::storage
