// S3BlobReader: a streaming GET of one object (or a range) pulled by Read — libcurl's multi
// interface runs the transfer only while Read waits for bytes, and pauses it when more than
// kMaxPending bytes are waiting, so a reader holds a bounded buffer whatever the object's size.
// Read fails with kUnavailable when no byte comes for the io timeout. Used by one thread at a
// time.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "core/ports/blob_store.h"
#include "storage/s3_http.h"

namespace portcullis::storage {

class S3BlobReader final : public core::BlobReader {
 public:
  static constexpr std::size_t kMaxPending = 256 * 1024;

  // Starts the GET and waits for the answer's head: kNotFound for 404, kInvalidRequest for a
  // range past the end (416), kUnavailable otherwise; `range_header` is "" or "Range: bytes=...".
  static Result<std::unique_ptr<S3BlobReader>> Open(const S3Http& http, std::string url,
                                                    std::string range_header);
  ~S3BlobReader() override;

  Result<std::size_t> Read(std::span<char> buffer) override;
  uint64_t size() const override { return size_; }
  uint64_t object_size() const override { return object_size_; }

 private:
  explicit S3BlobReader(std::chrono::seconds io_timeout) : io_timeout_(io_timeout) {}
  static std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* self);
  // Drives the transfer until bytes are pending, the head is in (when `until_head`), or it ends.
  Status Pump(bool until_head);
  Status SizesFromHead();

  const std::chrono::seconds io_timeout_;
  CURLM* multi_ = nullptr;
  EasyHandle easy_;
  HeaderList headers_;
  S3Answer head_;
  bool head_done_ = false;
  bool transfer_done_ = false;
  CURLcode transfer_result_ = CURLE_OK;
  bool paused_ = false;
  std::string pending_;
  std::size_t pending_at_ = 0;
  uint64_t size_ = 0;
  uint64_t object_size_ = 0;
  uint64_t delivered_ = 0;
};

}  // namespace portcullis::storage
