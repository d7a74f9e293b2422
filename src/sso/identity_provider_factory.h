// BuildIdentityProvider: the relying-party client of one `[sso.<name>]` table — OpenID Connect
// (google, microsoft, oidc) or GitHub's OAuth 2.0 — as core's IdentityProvider port. The factory
// is a pure function; what it returns is thread-safe.
#pragma once

#include <memory>

#include "common/clock.h"
#include "common/status.h"
#include "core/ports/identity_provider.h"
#include "sso/http_fetcher.h"
#include "sso/provider_options.h"

namespace portcullis::sso {

// Resolves `options` (ResolveProviderOptions) and builds the provider over libcurl (a
// CurlHttpFetcher with the table's timeouts). Nothing is fetched yet: discovery and the JWKS are
// fetched on first use and cached. `clock` must outlive the provider.
Result<std::shared_ptr<core::IdentityProvider>> BuildIdentityProvider(
    const ProviderOptions& options, const Clock& clock);

// The same over another fetcher (tests).
Result<std::shared_ptr<core::IdentityProvider>> BuildIdentityProvider(
    const ProviderOptions& options, const Clock& clock, std::shared_ptr<HttpFetcher> fetcher);

}  // namespace portcullis::sso
