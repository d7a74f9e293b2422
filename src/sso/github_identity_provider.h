// GithubIdentityProvider: core's IdentityProvider for GitHub's OAuth 2.0 (no OpenID Connect):
// the code redeemed at the token endpoint with PKCE, then the user from /user (subject: the
// numeric id) and the primary address from /user/emails, counted only when verified.
// Thread-safe: immutable options; the fetcher is thread-safe.
#pragma once

#include <memory>
#include <string>

#include "core/ports/identity_provider.h"
#include "sso/http_fetcher.h"
#include "sso/provider_options.h"

namespace portcullis::sso {

class GithubIdentityProvider final : public core::IdentityProvider {
 public:
  // `options` resolved (ResolveProviderOptions) and of kind github.
  GithubIdentityProvider(ProviderOptions options, std::shared_ptr<HttpFetcher> fetcher);

  const std::string& name() const override { return options_.name; }
  Result<std::string> AuthorizationUrl(const core::AuthorizationRequest& request) override;
  Result<core::ProviderAssertion> Redeem(const core::CodeRedemption& redemption) override;

 private:
  Result<std::string> AccessToken(const core::CodeRedemption& redemption);
  Result<HttpResponse> GetApi(std::string_view path, const std::string& access_token);
  Status AddUser(const std::string& access_token, core::ProviderAssertion& assertion);
  Status AddPrimaryEmail(const std::string& access_token, core::ProviderAssertion& assertion);

  const ProviderOptions options_;
  const std::shared_ptr<HttpFetcher> fetcher_;
};

}  // namespace portcullis::sso
