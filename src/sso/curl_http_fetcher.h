// CurlHttpFetcher: HttpFetcher over libcurl — TLS with certificate and host verification always
// on, connect and total timeouts, a cap on the answer's size, no redirects followed, only the URLs
// CheckFetchableUrl allows. Thread-safe: one easy handle per request, nothing shared but
// immutable options.
#pragma once

#include <chrono>
#include <cstddef>

#include "sso/http_fetcher.h"

namespace portcullis::sso {

struct FetcherOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds timeout{10000};  // the whole request, answer included
  std::size_t max_response_bytes = 1024 * 1024;
};

class CurlHttpFetcher final : public HttpFetcher {
 public:
  explicit CurlHttpFetcher(FetcherOptions options);

  Result<HttpResponse> Fetch(const HttpRequest& request) override;

 private:
  FetcherOptions options_;
};

}  // namespace portcullis::sso
