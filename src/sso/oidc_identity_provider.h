// OidcIdentityProvider: core's IdentityProvider for an OpenID Connect provider (google,
// microsoft, oidc): endpoints from discovery, the code redeemed with PKCE and the client secret,
// the ID token verified fully against the JWKS, userinfo fetched when the token has no email.
// Thread-safe: immutable options, and caches that guard themselves.
#pragma once

#include <memory>
#include <string>

#include "common/clock.h"
#include "core/ports/identity_provider.h"
#include "sso/http_fetcher.h"
#include "sso/jwks_cache.h"
#include "sso/provider_metadata.h"
#include "sso/provider_options.h"

namespace portcullis::sso {

class OidcIdentityProvider final : public core::IdentityProvider {
 public:
  static constexpr int64_t kLeewaySeconds = 60;  // for the ID token's exp and iat

  // `options` resolved (ResolveProviderOptions) and of an OpenID Connect kind.
  OidcIdentityProvider(ProviderOptions options, const Clock& clock,
                       std::shared_ptr<HttpFetcher> fetcher, JwksCachePolicy jwks_policy = {});

  const std::string& name() const override { return options_.name; }
  Result<std::string> AuthorizationUrl(const core::AuthorizationRequest& request) override;
  Result<core::ProviderAssertion> Redeem(const core::CodeRedemption& redemption) override;

 private:
  Result<HttpResponse> PostToTokenEndpoint(const ProviderMetadata& metadata,
                                           const core::CodeRedemption& redemption);
  Status AddUserinfo(const ProviderMetadata& metadata, const std::string& access_token,
                     core::ProviderAssertion& assertion);

  const ProviderOptions options_;
  const Clock& clock_;
  const std::shared_ptr<HttpFetcher> fetcher_;
  DiscoveryCache discovery_;
  JwksCache jwks_;
};

}  // namespace portcullis::sso
