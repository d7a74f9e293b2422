// ProviderMetadata: what an OpenID Connect provider's discovery document says (endpoints, JWKS,
// client authentication methods), and DiscoveryCache, which fetches it from the issuer and keeps
// it. ParseProviderMetadata is pure; DiscoveryCache is thread-safe (fetches are serialised; a
// stale copy is kept when a refresh fails).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/mutex.h"
#include "common/status.h"
#include "common/thread_annotations.h"
#include "sso/http_fetcher.h"

namespace portcullis::sso {

// Microsoft's multi-tenant discovery documents name their issuer with this placeholder.
inline constexpr std::string_view kTenantPlaceholder = "{tenantid}";

struct ProviderMetadata {
  // The document's issuer: the configured one, or (Microsoft) a template with {tenantid} that
  // gives the configured one for the configured tenant and a token's `tid` for its tokens.
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
  std::string userinfo_endpoint;  // may be empty
  // token_endpoint_auth_methods_supported; absent means client_secret_basic (OIDC Discovery §3).
  std::vector<std::string> token_auth_methods;

  // client_secret_post only when the document lists it and not client_secret_basic.
  bool UsesClientSecretPost() const;
};

// The discovery document `json` for `configured_issuer`. kUnavailable (the provider answers
// nonsense) unless it is a JSON object whose issuer equals the configured one — or, when
// `tenant` is given (Microsoft), whose {tenantid} template gives it with that tenant — and whose
// endpoints are fetchable URLs (CheckFetchableUrl).
Result<ProviderMetadata> ParseProviderMetadata(std::string_view json,
                                               std::string_view configured_issuer,
                                               std::optional<std::string_view> tenant);

// <issuer>/.well-known/openid-configuration (a trailing '/' of the issuer is not doubled).
std::string DiscoveryUrl(std::string_view issuer);

class DiscoveryCache {
 public:
  static constexpr std::chrono::seconds kDefaultTtl{3600};

  DiscoveryCache(std::shared_ptr<HttpFetcher> fetcher, const Clock& clock, std::string issuer,
                 std::optional<std::string> tenant, std::chrono::seconds ttl = kDefaultTtl);

  // After a failed fetch, no other is tried for this long: callers get the stale copy or the
  // failure at once.
  static constexpr std::chrono::seconds kRetryAfterFailure{30};

  // The cached document while younger than the TTL; else fetched again. When that fails, the
  // stale copy if there is one, else the failure (kUnavailable); either for kRetryAfterFailure.
  Result<ProviderMetadata> Get();

 private:
  Result<ProviderMetadata> Fetch();
  // What Get answers without fetching (a fresh copy, or what a recent failure left), if anything.
  std::optional<Result<ProviderMetadata>> Remembered() REQUIRES(mu_);

  const std::shared_ptr<HttpFetcher> fetcher_;
  const Clock& clock_;
  const std::string issuer_;
  const std::optional<std::string> tenant_;
  const std::chrono::seconds ttl_;
  Mutex fetch_mu_;  // one fetch at a time; taken before mu_
  Mutex mu_;
  std::optional<ProviderMetadata> cached_ GUARDED_BY(mu_);
  int64_t fetched_at_ GUARDED_BY(mu_) = 0;
  std::optional<Error> failure_ GUARDED_BY(mu_);  // the last fetch's failure, until one succeeds
  int64_t failed_at_ GUARDED_BY(mu_) = 0;
};

}  // namespace portcullis::sso
