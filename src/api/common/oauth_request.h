// OAuthRequest: the parameters of a request to an OAuth 2.0 endpoint (token, introspection,
// revocation) — a form-encoded body (RFC 6749 §3.2, each parameter at most once) or a JSON object
// of strings — and the client's credentials, from HTTP Basic with URL-encoded id and secret
// (§2.3.1) or from the body, never both. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "core/client_token_service.h"
#include "http/message.h"

namespace portcullis::api {

// Largest body an OAuth endpoint reads (a token to introspect is well under this).
inline constexpr std::size_t kMaxOAuthBodyBytes = 16 * 1024;

struct OAuthRequest {
  std::map<std::string, std::string, std::less<>> params;
  // The credentials of an "Authorization: Basic" header, decoded; nullopt without one.
  std::optional<core::ClientCredentials> basic;

  std::optional<std::string> Param(std::string_view name) const;
};

// kInvalidRequest for a body over kMaxOAuthBodyBytes, a content type that is neither
// application/x-www-form-urlencoded nor JSON, a malformed body, a repeated parameter, a JSON member
// that is not a string, or a malformed Basic header.
Result<OAuthRequest> ParseOAuthRequest(const http::Request& request);

// The client's credentials: Basic, or client_id and client_secret in the body. kUnauthorized when
// there are none; kInvalidRequest when a body client_secret comes with Basic, or a body client_id
// differs from Basic's (RFC 6749 §2.3: one authentication method per request).
Result<core::ClientCredentials> ClientCredentialsOf(const OAuthRequest& request);

// "application/x-www-form-urlencoded" decoding of one component: %XX escapes, '+' as a space.
// nullopt for a malformed escape or a decoded NUL.
std::optional<std::string> FormDecode(std::string_view text);

}  // namespace portcullis::api
