// CurlHttpFetcher: one libcurl easy handle per request. Thread-safe: nothing shared but immutable
// options (curl_global_init runs once).
#include "sso/curl_http_fetcher.h"

#include <curl/curl.h>
#include <strings.h>

#include <memory>
#include <mutex>
#include <string>

#include "common/status_macros.h"

namespace portcullis::sso {
namespace {

struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct Sink {
  std::string body;
  std::size_t cap = 0;
  bool too_large = false;
};

std::size_t WriteBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const std::size_t n = size * count;
  if (sink->body.size() + n > sink->cap) {
    sink->too_large = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  sink->body.append(data, n);
  return n;
}

Error Unavailable(std::string detail) {
  return MakeError(ErrorCode::kUnavailable, "identity provider: " + std::move(detail));
}

}  // namespace

CurlHttpFetcher::CurlHttpFetcher(FetcherOptions options) : options_(options) {
  static std::once_flag curl_initialised;
  std::call_once(curl_initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<HttpResponse> CurlHttpFetcher::Fetch(const HttpRequest& request) {
  RETURN_IF_ERROR(CheckFetchableUrl(request.url));
  std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
  if (!easy) return Unavailable("cannot create a curl handle");
  CURL* h = easy.get();
  std::unique_ptr<curl_slist, ListDeleter> headers;
  for (const auto& [name, value] : request.headers) {
    const std::string line = name + ": " + value;
    curl_slist* appended = curl_slist_append(headers.get(), line.c_str());
    if (appended == nullptr) return Unavailable("out of memory");
    headers.release();
    headers.reset(appended);
  }
  Sink sink{.cap = options_.max_response_bytes};
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(options_.max_response_bytes));
  curl_easy_setopt(h, CURLOPT_USERAGENT, "Portcullis");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &WriteBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  // A loopback URL never goes through a proxy the environment names.
  // (CheckFetchableUrl admitted plain http:// only to a loopback host.)
  if (::strncasecmp(request.url.c_str(), "http://", 7) == 0) {
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
  }
  if (headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  if (request.method == HttpRequest::Method::kPost) {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  const CURLcode code = curl_easy_perform(h);
  if (sink.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    return Unavailable("answer larger than " + std::to_string(options_.max_response_bytes) +
                       " bytes");
  }
  if (code != CURLE_OK) return Unavailable(curl_easy_strerror(code));
  HttpResponse response;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  char* content_type = nullptr;
  curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &content_type);
  if (content_type != nullptr) response.content_type = content_type;
  response.body = std::move(sink.body);
  return response;
}

}  // namespace portcullis::sso
