// BuildIdentityProvider: resolves a provider table and builds its client. Pure function;
// thread-safe.
#include "sso/identity_provider_factory.h"

#include "common/status_macros.h"

namespace portcullis::sso {

Result<std::shared_ptr<core::IdentityProvider>> BuildIdentityProvider(
    const ProviderOptions& options, const Clock& clock, std::shared_ptr<HttpFetcher> fetcher) {
  ASSIGN_OR_RETURN(ProviderOptions resolved, ResolveProviderOptions(options));
  (void)resolved;
  (void)clock;
  (void)fetcher;
  return MakeError(ErrorCode::kInternal, "sso: provider clients are not built yet");
}

Result<std::shared_ptr<core::IdentityProvider>> BuildIdentityProvider(
    const ProviderOptions& options, const Clock& clock) {
  return BuildIdentityProvider(options, clock, nullptr);
}

}  // namespace portcullis::sso
