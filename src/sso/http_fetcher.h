// HttpFetcher: the port through which sso/ talks to a provider (one blocking HTTP request; no
// redirects followed), so the protocol code can be tested with a fake. Implementations are
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace portcullis::sso {

struct HttpRequest {
  enum class Method { kGet, kPost };
  Method method = Method::kGet;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // name, value
  std::string body;  // kPost: sent as given (form-encoded by the caller, with its Content-Type)
};

struct HttpResponse {
  long status = 0;           // the HTTP status, any value (the caller decides what it means)
  std::string content_type;  // as the server sent it; may be empty
  std::string body;
};

class HttpFetcher {
 public:
  virtual ~HttpFetcher() = default;
  // One request. kInvalidRequest when the URL may not be fetched (CheckFetchableUrl);
  // kUnavailable when the server cannot be reached, TLS fails, it times out or its answer is
  // larger than the fetcher's cap. A response of any status is a success here.
  virtual Result<HttpResponse> Fetch(const HttpRequest& request) = 0;
};

// Whether a URL may be fetched: https:// to any host, or plain http:// only to a loopback host
// (127.0.0.0/8, [::1], localhost) for tests and development. No user info in the authority.
// kInvalidRequest with the reason otherwise.
Status CheckFetchableUrl(std::string_view url);

}  // namespace portcullis::sso
