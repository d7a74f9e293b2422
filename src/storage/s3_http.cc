// S3Http over libcurl easy handles. Thread-safe: immutable; one handle per request
// (curl_global_init runs once).
#include "storage/s3_http.h"

#include <strings.h>

#include <cstring>
#include <mutex>

#include "common/status_macros.h"

namespace portcullis::storage {
namespace {

struct Collected {
  S3Answer* answer;
  std::size_t cap;
  bool too_large = false;
};

std::size_t CollectBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* collected = static_cast<Collected*>(user);
  const std::size_t n = size * count;
  if (collected->answer->body.size() + n > collected->cap) {
    collected->too_large = true;
    return 0;  // aborts the transfer
  }
  collected->answer->body.append(data, n);
  return n;
}

std::size_t CollectHeader(char* data, std::size_t size, std::size_t count, void* user) {
  CaptureHeader(*static_cast<S3Answer*>(user), std::string_view(data, size * count));
  return size * count;
}

Error Unavailable(std::string detail) {
  return MakeError(ErrorCode::kUnavailable, "storage: S3 " + std::move(detail));
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

bool HeaderIs(std::string_view name, const char* wanted) {
  return name.size() == std::strlen(wanted) && ::strncasecmp(name.data(), wanted, name.size()) == 0;
}

}  // namespace

void CaptureHeader(S3Answer& answer, std::string_view line) {
  if (line.starts_with("HTTP/")) {  // a new answer (after 100 Continue): forget the last head
    answer = S3Answer{};
    return;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return;
  const std::string_view name = line.substr(0, colon);
  const std::string_view value = Trim(line.substr(colon + 1));
  if (HeaderIs(name, "etag")) {
    answer.etag = std::string(value);
  } else if (HeaderIs(name, "content-range")) {
    answer.content_range = std::string(value);
  } else if (HeaderIs(name, "last-modified")) {
    answer.last_modified = std::string(value);
  } else if (HeaderIs(name, "content-length")) {
    uint64_t length = 0;
    bool digits = !value.empty();
    for (char c : value) {
      if (c < '0' || c > '9' || length > (UINT64_MAX - 9) / 10) {
        digits = false;
        break;
      }
      length = length * 10 + static_cast<uint64_t>(c - '0');
    }
    if (digits) answer.content_length = length;
  }
}

S3Http::S3Http(S3Location location, S3Credentials credentials, Timeouts timeouts)
    : location_(std::move(location)),
      credentials_(std::move(credentials)),
      timeouts_(timeouts),
      sigv4_("aws:amz:" + location_.region + ":s3"),
      userpwd_(credentials_.access_key_id + ":" + credentials_.secret_access_key) {
  static std::once_flag curl_initialised;
  std::call_once(curl_initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<EasyHandle> S3Http::Prepare(const S3Request& request, HeaderList& headers) const {
  EasyHandle easy(curl_easy_init());
  if (!easy) return Unavailable("cannot create a curl handle");
  CURL* h = easy.get();
  std::vector<std::string> lines = request.headers;
  lines.emplace_back("Expect:");  // no 100-continue round trip before a part
  // S3 requires this header; libcurl (7.88) signs with the value it is given. The body is not
  // hashed into the signature (storage/ has no hash function; TLS protects it in transit).
  lines.emplace_back("x-amz-content-sha256: UNSIGNED-PAYLOAD");
  if (request.body) lines.emplace_back("Content-Type: application/octet-stream");
  if (!credentials_.session_token.empty()) {
    lines.push_back("x-amz-security-token: " + credentials_.session_token);
  }
  headers.reset();
  for (const std::string& line : lines) {
    curl_slist* appended = curl_slist_append(headers.get(), line.c_str());
    if (appended == nullptr) return Unavailable("out of memory");
    headers.release();
    headers.reset(appended);
  }
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::chrono::milliseconds(timeouts_.connect).count()));
  curl_easy_setopt(h, CURLOPT_USERAGENT, "Portcullis");
  curl_easy_setopt(h, CURLOPT_AWS_SIGV4, sigv4_.c_str());
  curl_easy_setopt(h, CURLOPT_USERPWD, userpwd_.c_str());
  // The endpoint was checked at load: plain http:// only to loopback, which never goes through
  // a proxy the environment names.
  if (location_.plain_http()) curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  if (request.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (request.method != "GET") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  if (request.body) {
    // Never a null pointer: that would make curl read the body from stdin.
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body->empty() ? "" : request.body->data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body->size()));
  }
  return easy;
}

Result<S3Answer> S3Http::Perform(const S3Request& request) const {
  HeaderList headers;
  ASSIGN_OR_RETURN(EasyHandle easy, Prepare(request, headers));
  S3Answer answer;
  Collected collected{.answer = &answer, .cap = request.max_answer_bytes};
  CURL* h = easy.get();
  // A transfer slower than 1 byte/s for io seconds has stalled. (Not in Prepare: a streaming
  // reader is paused while its consumer is busy, which is not a stall; it watches by itself.)
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(timeouts_.io.count()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &CollectBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &collected);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &CollectHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &answer);
  const CURLcode code = curl_easy_perform(h);
  if (collected.too_large) return Unavailable(request.method + ": answer too large");
  if (code != CURLE_OK) return Unavailable(request.method + ": " + curl_easy_strerror(code));
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

Error S3Error(std::string_view what, const S3Answer& answer) {
  std::string detail =
      "storage: S3 " + std::string(what) + ": HTTP " + std::to_string(answer.status);
  if (const std::string code = XmlElement(answer.body, "Code"); !code.empty()) {
    detail += " " + code;
  }
  return MakeError(ErrorCode::kUnavailable, std::move(detail));
}

std::string XmlElement(std::string_view xml, std::string_view name) {
  const std::string open = "<" + std::string(name) + ">";
  const std::string close = "</" + std::string(name) + ">";
  const auto begin = xml.find(open);
  if (begin == std::string_view::npos) return {};
  const auto start = begin + open.size();
  const auto end = xml.find(close, start);
  if (end == std::string_view::npos) return {};
  return std::string(xml.substr(start, end - start));
}

}  // namespace portcullis::storage
