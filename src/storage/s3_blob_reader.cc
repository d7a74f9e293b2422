// S3BlobReader: a GET pulled through libcurl's multi interface. Used by one thread at a time.
#include "storage/s3_blob_reader.h"

#include <algorithm>

#include "common/status_macros.h"

namespace portcullis::storage {
namespace {

Error Unavailable(std::string detail) {
  return MakeError(ErrorCode::kUnavailable, "storage: S3 GetObject: " + std::move(detail));
}

// "bytes FIRST-LAST/TOTAL" → TOTAL.
std::optional<uint64_t> TotalOfContentRange(std::string_view value) {
  const auto slash = value.rfind('/');
  if (slash == std::string_view::npos || slash + 1 >= value.size()) return std::nullopt;
  uint64_t total = 0;
  for (char c : value.substr(slash + 1)) {
    if (c < '0' || c > '9' || total > (UINT64_MAX - 9) / 10) return std::nullopt;
    total = total * 10 + static_cast<uint64_t>(c - '0');
  }
  return total;
}

}  // namespace

Result<std::unique_ptr<S3BlobReader>> S3BlobReader::Open(const S3Http& http, std::string url,
                                                         std::string range_header) {
  std::unique_ptr<S3BlobReader> reader(new S3BlobReader(http.io_timeout()));
  S3Request request{.method = "GET", .url = std::move(url)};
  if (!range_header.empty()) request.headers.push_back(std::move(range_header));
  ASSIGN_OR_RETURN(reader->easy_, http.Prepare(request, reader->headers_));
  CURL* h = reader->easy_.get();
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &S3BlobReader::OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, reader.get());
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &S3BlobReader::OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, reader.get());
  reader->multi_ = curl_multi_init();
  if (reader->multi_ == nullptr) return Unavailable("cannot create a curl multi handle");
  if (curl_multi_add_handle(reader->multi_, h) != CURLM_OK) {
    return Unavailable("cannot start the transfer");
  }
  RETURN_IF_ERROR(reader->Pump(/*until_head=*/true));
  RETURN_IF_ERROR(reader->SizesFromHead());
  return reader;
}

S3BlobReader::~S3BlobReader() {
  if (multi_ != nullptr) {
    if (easy_) curl_multi_remove_handle(multi_, easy_.get());
    curl_multi_cleanup(multi_);
  }
}

std::size_t S3BlobReader::OnHeader(char* data, std::size_t size, std::size_t count, void* self) {
  auto* reader = static_cast<S3BlobReader*>(self);
  const std::string_view line(data, size * count);
  if (line == "\r\n" || line == "\n") {
    long status = 0;
    curl_easy_getinfo(reader->easy_.get(), CURLINFO_RESPONSE_CODE, &status);
    if (status >= 200) {  // not a 1xx interim answer
      reader->head_.status = status;
      reader->head_done_ = true;
    }
    return size * count;
  }
  const long status = reader->head_.status;
  CaptureHeader(reader->head_, line);
  if (!line.starts_with("HTTP/")) reader->head_.status = status;
  return size * count;
}

std::size_t S3BlobReader::OnBody(char* data, std::size_t size, std::size_t count, void* self) {
  auto* reader = static_cast<S3BlobReader*>(self);
  const std::size_t n = size * count;
  if (reader->head_.status != 200 && reader->head_.status != 206) {
    // An error's XML body: keep a little of it for the message.
    if (reader->head_.body.size() < 4096) {
      reader->head_.body.append(data, std::min<std::size_t>(n, 4096));
    }
    return n;
  }
  if (reader->pending_.size() - reader->pending_at_ >= kMaxPending) {
    reader->paused_ = true;
    return CURL_WRITEFUNC_PAUSE;  // curl keeps these bytes and offers them again on resume
  }
  reader->pending_.erase(0, reader->pending_at_);  // what Read took already
  reader->pending_at_ = 0;
  reader->pending_.append(data, n);
  return n;
}

Status S3BlobReader::Pump(bool until_head) {
  auto last_progress = std::chrono::steady_clock::now();
  while (true) {
    if (until_head ? head_done_ : pending_at_ < pending_.size()) return Status::Ok();
    if (transfer_done_) return Status::Ok();
    if (paused_) {
      paused_ = false;
      curl_easy_pause(easy_.get(), CURLPAUSE_CONT);
      continue;
    }
    int running = 0;
    if (curl_multi_perform(multi_, &running) != CURLM_OK) return Unavailable("transfer failed");
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
      if (message->msg == CURLMSG_DONE) {
        transfer_done_ = true;
        transfer_result_ = message->data.result;
      }
    }
    if (transfer_done_ || running == 0) {
      transfer_done_ = true;
      continue;
    }
    if (until_head ? head_done_ : pending_at_ < pending_.size()) return Status::Ok();
    int events = 0;
    if (curl_multi_poll(multi_, nullptr, 0, 1000, &events) != CURLM_OK) {
      return Unavailable("poll failed");
    }
    if (events > 0) {
      last_progress = std::chrono::steady_clock::now();
    } else if (std::chrono::steady_clock::now() - last_progress > io_timeout_) {
      return Unavailable("no data for " + std::to_string(io_timeout_.count()) + " s");
    }
  }
}

Status S3BlobReader::SizesFromHead() {
  if (!head_done_) {
    if (transfer_result_ != CURLE_OK) return Unavailable(curl_easy_strerror(transfer_result_));
    return Unavailable("the answer ended before its head");
  }
  if (head_.status == 404) {
    (void)Pump(/*until_head=*/false);  // the XML error: NoSuchKey, or a missing bucket
    if (XmlElement(head_.body, "Code") != "NoSuchBucket") {
      return MakeError(ErrorCode::kNotFound, "storage: no such object");
    }
    return S3Error("GetObject", head_);
  }
  if (head_.status == 416) {
    return MakeError(ErrorCode::kInvalidRequest, "storage: range starts past the end");
  }
  if (head_.status != 200 && head_.status != 206) {
    // The body (the XML error) may still be on its way: let it arrive for the message.
    (void)Pump(/*until_head=*/false);
    return S3Error("GetObject", head_);
  }
  if (!head_.content_length) return Unavailable("the answer has no Content-Length");
  size_ = *head_.content_length;
  object_size_ = size_;
  if (head_.status == 206) {
    const auto total = TotalOfContentRange(head_.content_range);
    if (!total) return Unavailable("a partial answer without a usable Content-Range");
    object_size_ = *total;
  }
  return Status::Ok();
}

Result<std::size_t> S3BlobReader::Read(std::span<char> buffer) {
  if (buffer.empty()) return std::size_t{0};
  if (pending_at_ == pending_.size()) {
    if (delivered_ == size_) return std::size_t{0};
    RETURN_IF_ERROR(Pump(/*until_head=*/false));
    if (pending_at_ == pending_.size()) {
      if (transfer_result_ != CURLE_OK) return Unavailable(curl_easy_strerror(transfer_result_));
      return Unavailable("the answer ended after " + std::to_string(delivered_) + " of " +
                         std::to_string(size_) + " bytes");
    }
  }
  const std::size_t n = std::min(buffer.size(), pending_.size() - pending_at_);
  std::copy_n(pending_.data() + pending_at_, n, buffer.data());
  pending_at_ += n;
  delivered_ += n;
  if (delivered_ > size_) return Unavailable("the answer is longer than its Content-Length");
  return n;
}

}  // namespace portcullis::storage
