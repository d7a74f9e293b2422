// Principal authentication: an access token of a session, a company API key or a personal access
// token, from "Authorization: Bearer", "X-Api-Key" or "X-Machhub-Api-Key" (Auth::kPrincipal).
// Pure functions; the authenticators are thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "api/common/bearer_auth.h"
#include "common/status.h"
#include "core/auth_types.h"
#include "core/credential_service.h"
#include "http/message.h"

namespace portcullis::api {

// The principal of a request, or kUnauthorized / kTokenInvalid / kTokenExpired / kUnavailable.
using PrincipalAuthenticator = std::function<Result<core::Principal>(const http::Request&)>;

// The credential a request presents: the Bearer token, else X-Api-Key, else X-Machhub-Api-Key.
// `from_authorization` says whether it came from the Authorization header (only there may it be an
// access token). kUnauthorized when there is none.
struct PresentedCredential {
  std::string_view secret;
  bool from_authorization = false;
};
Result<PresentedCredential> PresentedCredentialOf(const http::Request& request);

// Authenticates a key-shaped credential (core::CredentialService::IsCredentialShaped) with
// `credentials`, an access token in Authorization with `sessions`; anything else in the key
// headers is kTokenInvalid. Both must outlive the authenticator.
PrincipalAuthenticator CredentialOrSessionAuthenticator(BearerAuthenticator sessions,
                                                        const core::CredentialService& credentials);

}  // namespace portcullis::api
