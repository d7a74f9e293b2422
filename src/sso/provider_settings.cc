// Declaration of one provider's settings `[sso.<name>]`: names, checks and help. Pure functions;
// thread-safe.
#include "sso/provider_settings.h"

namespace portcullis::sso {

options::Section<ProviderOptions> ProviderSection(const std::string& name) {
  using std::chrono::seconds;
  using S = options::Section<ProviderOptions>;
  S s("sso." + name, "Single sign-on provider " + name);
  s.Add("kind", &ProviderOptions::kind,
        "google, microsoft, github or oidc (any OpenID Connect provider); empty: the table's "
        "name when it is google, microsoft or github")
      .Require(
          [](const std::string& v) {
            return v.empty() || v == kKindGoogle || v == kKindMicrosoft || v == kKindGithub ||
                   v == kKindOidc;
          },
          "must be google, microsoft, github or oidc");
  s.Add("client_id", &ProviderOptions::client_id, "the client id registered at the provider");
  s.Add("client_secret", &ProviderOptions::client_secret,
        "the client secret registered at the provider")
      .Secret();
  s.Add("scopes", &ProviderOptions::scopes,
        "scopes asked for (a list); empty: openid, email, profile (GitHub: read:user, "
        "user:email). OpenID Connect kinds always ask for openid");
  s.Add("issuer", &ProviderOptions::issuer,
        "the OpenID Connect issuer URL (discovery at <issuer>/.well-known/openid-configuration); "
        "empty: https://accounts.google.com for google, "
        "https://login.microsoftonline.com/<tenant>/v2.0 for microsoft; required for oidc");
  s.Add("tenant", &ProviderOptions::tenant,
        "Microsoft: common, organizations, consumers or a tenant id (then only that tenant's "
        "users get in)");
  s.Add("trust_mfa", &ProviderOptions::trust_mfa,
        "believe the provider's amr claim when it shows MFA: a user with TOTP on is not asked "
        "for it again");
  s.Add("github_authorize_url", &ProviderOptions::github_authorize_url,
        "GitHub: the authorization endpoint");
  s.Add("github_token_url", &ProviderOptions::github_token_url, "GitHub: the token endpoint");
  s.Add("github_api_url", &ProviderOptions::github_api_url,
        "GitHub: the API base (/user and /user/emails)");
  s.Add("connect_timeout", &ProviderOptions::connect_timeout, "seconds to connect to the provider")
      .Between(seconds(1), seconds(60));
  s.Add("timeout", &ProviderOptions::timeout, "seconds one request to the provider may take")
      .Between(seconds(1), seconds(120));
  s.Check([name](const ProviderOptions& options) -> Status {
    ProviderOptions named = options;
    if (named.name.empty()) named.name = name;
    auto resolved = ResolveProviderOptions(std::move(named));
    if (!resolved) return resolved.error();
    return Status::Ok();
  });
  return s;
}

}  // namespace portcullis::sso
