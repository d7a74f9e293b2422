// ProviderOptions: one `[sso.<name>]` table — which provider, the client registered there, the
// scopes asked for, its issuer and timeouts. Declared as settings in sso/provider_settings.cc.
// Plain value type.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace portcullis::sso {

// The protocols a provider table can name.
inline constexpr std::string_view kKindGoogle = "google";
inline constexpr std::string_view kKindMicrosoft = "microsoft";
inline constexpr std::string_view kKindGithub = "github";
inline constexpr std::string_view kKindOidc = "oidc";

struct ProviderOptions {
  // The table's name ("google", "microsoft", "github", "corp-okta"): the provider's name in URLs
  // and linked identities. Not a setting: whoever reads `[sso.<name>]` sets it.
  std::string name;
  // google | microsoft | github | oidc; empty: the name when it is one of the first three
  // (ResolveProviderOptions), else the table must say.
  std::string kind;
  std::string client_id;
  std::string client_secret;  // never shown or logged
  // Empty: the kind's default (DefaultScopes). OpenID Connect kinds always ask for `openid`.
  std::vector<std::string> scopes;
  // The OpenID Connect issuer (discovery at <issuer>/.well-known/openid-configuration). Empty:
  // https://accounts.google.com for google, https://login.microsoftonline.com/<tenant>/v2.0 for
  // microsoft; required for oidc; unused for github.
  std::string issuer;
  // Microsoft: common | organizations | consumers | a tenant's id (GUID). A tenant id also
  // requires every token's `tid` to be that tenant.
  std::string tenant = "common";
  // Believe the provider's `amr` when it shows MFA (core's SsoPolicy reads it).
  bool trust_mfa = false;
  // GitHub's endpoints, overridable so tests can point them at a local stand-in.
  std::string github_authorize_url = "https://github.com/login/oauth/authorize";
  std::string github_token_url = "https://github.com/login/oauth/access_token";
  std::string github_api_url = "https://api.github.com";
  std::chrono::seconds connect_timeout{5};  // to connect to the provider
  std::chrono::seconds timeout{10};         // one whole request to the provider
};

// The options with the defaults that depend on the name and kind filled in (kind, issuer,
// scopes); kInvalidRequest, naming the setting at fault (`member` = "sso.<name>.<key>"), when the
// table is incomplete or inconsistent: an unknown kind, no client_id or client_secret, oidc
// without an issuer, an issuer or GitHub URL that is not https:// (plain http:// only to a
// loopback host), a tenant that is not a single path segment.
Result<ProviderOptions> ResolveProviderOptions(ProviderOptions options);

// The kind's default scopes: google "openid email profile", microsoft "openid email profile",
// github "read:user user:email", oidc "openid email profile".
std::vector<std::string> DefaultScopes(std::string_view kind);

}  // namespace portcullis::sso
