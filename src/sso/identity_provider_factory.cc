// BuildIdentityProvider: resolves a provider table and builds its client. Pure function;
// thread-safe.
#include "sso/identity_provider_factory.h"

#include "common/status_macros.h"
#include "sso/curl_http_fetcher.h"
#include "sso/github_identity_provider.h"
#include "sso/oidc_identity_provider.h"

namespace portcullis::sso {

Result<std::shared_ptr<core::IdentityProvider>> BuildIdentityProvider(
    const ProviderOptions& options, const Clock& clock, std::shared_ptr<HttpFetcher> fetcher) {
  ASSIGN_OR_RETURN(ProviderOptions resolved, ResolveProviderOptions(options));
  if (resolved.kind == kKindGithub) {
    return std::shared_ptr<core::IdentityProvider>(
        std::make_shared<GithubIdentityProvider>(std::move(resolved), std::move(fetcher)));
  }
  return std::shared_ptr<core::IdentityProvider>(
      std::make_shared<OidcIdentityProvider>(std::move(resolved), clock, std::move(fetcher)));
}

Result<std::shared_ptr<core::IdentityProvider>> BuildIdentityProvider(
    const ProviderOptions& options, const Clock& clock) {
  auto fetcher = std::make_shared<CurlHttpFetcher>(
      FetcherOptions{.connect_timeout = options.connect_timeout, .timeout = options.timeout});
  return BuildIdentityProvider(options, clock, std::move(fetcher));
}

}  // namespace portcullis::sso
