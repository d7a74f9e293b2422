// The defaults of a provider table that depend on its name and kind, and its consistency checks.
// Pure functions; thread-safe.
#include "sso/provider_options.h"

#include "sso/http_fetcher.h"

namespace portcullis::sso {
namespace {

Error Invalid(const ProviderOptions& options, std::string_view key, std::string why) {
  return MakeError(ErrorCode::kInvalidRequest, std::move(why),
                   "sso." + options.name + "." + std::string(key));
}

Status CheckUrl(const ProviderOptions& options, std::string_view key, const std::string& url) {
  if (Status ok = CheckFetchableUrl(url); !ok) {
    return Invalid(
        options, key,
        "must be an https:// URL (plain http:// only to a loopback host): " + ok.error().detail);
  }
  return Status::Ok();
}

bool IsPathSegment(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> DefaultScopes(std::string_view kind) {
  if (kind == kKindGithub) return {"read:user", "user:email"};
  return {"openid", "email", "profile"};
}

Result<ProviderOptions> ResolveProviderOptions(ProviderOptions options) {
  if (options.kind.empty()) {
    if (options.name != kKindGoogle && options.name != kKindMicrosoft &&
        options.name != kKindGithub) {
      return Invalid(options, "kind",
                     "must be given (google, microsoft, github or oidc) for a provider not named "
                     "google, microsoft or github");
    }
    options.kind = options.name;
  }
  if (options.kind != kKindGoogle && options.kind != kKindMicrosoft &&
      options.kind != kKindGithub && options.kind != kKindOidc) {
    return Invalid(options, "kind", "must be one of google, microsoft, github, oidc");
  }
  if (options.client_id.empty()) return Invalid(options, "client_id", "must be given");
  if (options.client_secret.empty()) return Invalid(options, "client_secret", "must be given");
  if (options.scopes.empty()) options.scopes = DefaultScopes(options.kind);
  if (options.kind == kKindMicrosoft && !IsPathSegment(options.tenant)) {
    return Invalid(options, "tenant",
                   "must be common, organizations, consumers or a tenant id (letters, digits, "
                   "'-', '.', '_')");
  }
  if (options.kind == kKindGithub) {
    if (Status ok = CheckUrl(options, "github_authorize_url", options.github_authorize_url); !ok) {
      return ok.error();
    }
    if (Status ok = CheckUrl(options, "github_token_url", options.github_token_url); !ok) {
      return ok.error();
    }
    if (Status ok = CheckUrl(options, "github_api_url", options.github_api_url); !ok) {
      return ok.error();
    }
    return options;
  }
  if (options.issuer.empty()) {
    if (options.kind == kKindGoogle) options.issuer = "https://accounts.google.com";
    if (options.kind == kKindMicrosoft) {
      options.issuer = "https://login.microsoftonline.com/" + options.tenant + "/v2.0";
    }
    if (options.kind == kKindOidc) return Invalid(options, "issuer", "must be given for oidc");
  }
  if (Status ok = CheckUrl(options, "issuer", options.issuer); !ok) return ok.error();
  bool asks_openid = false;
  for (const auto& scope : options.scopes) asks_openid = asks_openid || scope == "openid";
  if (!asks_openid) options.scopes.insert(options.scopes.begin(), "openid");
  return options;
}

}  // namespace portcullis::sso
