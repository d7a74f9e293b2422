// Principal authentication across the three headers that may carry a credential.
// Pure functions; thread-safe.
#include "api/common/principal_auth.h"

#include <utility>

#include "common/status_macros.h"

namespace portcullis::api {
namespace {

// A key header's value, trimmed of spaces; nullopt when absent or empty.
std::optional<std::string_view> KeyHeader(const http::Request& request, std::string_view name) {
  auto header = request.Header(name);
  if (!header) return std::nullopt;
  std::string_view value = *header;
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  return value;
}

}  // namespace

Result<PresentedCredential> PresentedCredentialOf(const http::Request& request) {
  const bool has_authorization = request.Header("authorization").has_value();
  if (has_authorization) {
    auto bearer = BearerToken(request);
    if (bearer) return PresentedCredential{*bearer, true};
    // Another scheme: a key header may still carry the credential.
    for (std::string_view name : {"x-api-key", "x-machhub-api-key"}) {
      if (auto key = KeyHeader(request, name)) return PresentedCredential{*key, false};
    }
    return bearer.error();
  }
  for (std::string_view name : {"x-api-key", "x-machhub-api-key"}) {
    if (auto key = KeyHeader(request, name)) return PresentedCredential{*key, false};
  }
  return MakeError(ErrorCode::kUnauthorized,
                   "a Bearer token, an X-Api-Key or an X-Machhub-Api-Key is required");
}

PrincipalAuthenticator CredentialOrSessionAuthenticator(
    BearerAuthenticator sessions, const core::CredentialService& credentials) {
  return [sessions = std::move(sessions),
          &credentials](const http::Request& request) -> Result<core::Principal> {
    ASSIGN_OR_RETURN(const PresentedCredential presented, PresentedCredentialOf(request));
    if (credentials.IsCredentialShaped(presented.secret)) {
      return credentials.Authenticate(presented.secret);
    }
    if (presented.from_authorization) return sessions(presented.secret);
    return MakeError(ErrorCode::kTokenInvalid, "the API key is invalid, revoked or expired");
  };
}

}  // namespace portcullis::api
