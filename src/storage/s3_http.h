// S3Http: signed requests to an S3-compatible service over libcurl — AWS Signature Version 4 by
// libcurl itself (CURLOPT_AWS_SIGV4, "aws:amz:REGION:s3"; payloads sent as UNSIGNED-PAYLOAD),
// TLS verification always on, no redirects, no proxy for a loopback endpoint, connect and
// stall timeouts. Perform runs one whole request; Prepare sets up a handle for the streaming
// reader. Thread-safe: immutable after construction; one easy handle per request.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/s3_location.h"

namespace portcullis::storage {

struct S3Credentials {
  std::string access_key_id;
  std::string secret_access_key;  // never logged
  std::string session_token;      // temporary credentials only; never logged
};

struct S3Request {
  std::string method;                      // GET, HEAD, PUT, POST, DELETE
  std::string url;                         // from S3Location::ObjectUrl
  std::optional<std::string_view> body;    // PUT and POST: sent (and signed) as is
  std::vector<std::string> headers;        // extra "Name: value" lines
  std::size_t max_answer_bytes = 1 << 20;  // a longer answer body fails the request
};

struct S3Answer {
  long status = 0;
  std::string body;
  std::string etag;           // the ETag header, quotes kept
  std::string content_range;  // the Content-Range header
  std::optional<uint64_t> content_length;
  std::string last_modified;  // the Last-Modified header (RFC 7231 date)
};

struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct HeaderListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using HeaderList = std::unique_ptr<curl_slist, HeaderListDeleter>;

// Collects the answer's head (header callback target of a prepared handle).
void CaptureHeader(S3Answer& answer, std::string_view line);

class S3Http {
 public:
  struct Timeouts {
    std::chrono::seconds connect{5};
    std::chrono::seconds io{30};  // no byte for this long: the request fails
  };
  S3Http(S3Location location, S3Credentials credentials, Timeouts timeouts);

  // Runs `request` to its end; transport failures are kUnavailable. Any HTTP status is returned.
  Result<S3Answer> Perform(const S3Request& request) const;

  // An easy handle set up for `request` (signing, TLS, timeouts) with `headers` holding its header
  // list; the caller sets the write and header callbacks. No total timeout: the caller watches
  // stalls itself.
  Result<EasyHandle> Prepare(const S3Request& request, HeaderList& headers) const;

  const S3Location& location() const { return location_; }
  std::chrono::seconds io_timeout() const { return timeouts_.io; }

 private:
  const S3Location location_;
  const S3Credentials credentials_;
  const Timeouts timeouts_;
  const std::string sigv4_;    // "aws:amz:REGION:s3"
  const std::string userpwd_;  // "KEY:SECRET", never logged
};

// kUnavailable "storage: S3 <what>: <status> <S3 error code>" for an unexpected answer (the
// XML error's <Code>, when there is one).
Error S3Error(std::string_view what, const S3Answer& answer);
// The text of the first <name>...</name> element of an S3 XML answer ("" when absent).
std::string XmlElement(std::string_view xml, std::string_view name);

}  // namespace portcullis::storage
