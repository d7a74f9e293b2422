// IdentityProvider: the port for one configured outside login (an OpenID Connect provider, or
// GitHub's OAuth 2.0) — the authorization URL a browser is sent to, and the redemption of the code
// it comes back with into a verified assertion of who the user is. Implemented by sso/; faked in
// core's unit tests. Thread-safe; both calls block (network), so callers run them on a worker.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace portcullis::core {

// What a provider vouched for after a completed, fully verified authorization-code flow.
struct ProviderAssertion {
  std::string subject;           // stable id at the provider (`sub`; GitHub's numeric user id)
  std::string email;             // may be empty
  bool email_verified = false;   // `email_verified` claim; GitHub: the primary address is verified
  std::string name;              // display name when given
  std::vector<std::string> amr;  // the ID token's `amr` (empty when absent or not OIDC)
  std::string tenant;            // Microsoft: the token's `tid`; empty elsewhere
};

// The parameters of one authorization request (RFC 6749 §4.1.1 with OIDC's nonce and PKCE).
struct AuthorizationRequest {
  std::string state;
  std::string nonce;           // ignored by non-OIDC providers (GitHub)
  std::string code_challenge;  // S256 of the verifier
  std::string redirect_uri;    // our callback URL, exactly as registered at the provider
};

// The code a callback brought, with what the start kept for it.
struct CodeRedemption {
  std::string code;
  std::string code_verifier;
  std::string nonce;
  std::string redirect_uri;  // the same callback URL the start used
};

class IdentityProvider {
 public:
  virtual ~IdentityProvider() = default;

  // The settings name ("google", "microsoft", "github", or a generic provider's name).
  virtual const std::string& name() const = 0;
  // The provider's authorization endpoint with the request's parameters, client_id, scopes and
  // response_type=code. May fetch (and cache) the discovery document: kUnavailable when the
  // provider cannot be reached or answers nonsense.
  virtual Result<std::string> AuthorizationUrl(const AuthorizationRequest& request) = 0;
  // Exchanges the code at the token endpoint (TLS verified, timeouts) and verifies the ID token
  // fully (signature by the provider's JWKS, allowlisted algorithm, iss, aud, azp, exp, iat,
  // nonce; Microsoft's tenant issuer against `tid`), fetching userinfo where the provider needs
  // it. kInvalidRequest when the provider refuses the code (invalid_grant); kTokenInvalid when
  // what it answered fails verification; kUnavailable when it cannot be reached or times out.
  virtual Result<ProviderAssertion> Redeem(const CodeRedemption& redemption) = 0;
};

// The configured providers by settings name. Built once at start; read-only afterwards.
using IdentityProviders = std::map<std::string, std::shared_ptr<IdentityProvider>, std::less<>>;

}  // namespace portcullis::core
