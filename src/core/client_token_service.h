// ClientTokenService: the OAuth 2.0 side of service clients — authenticating a client by its id and
// secret, issuing its access token (client_credentials, optionally acting as a member of its
// company), introspecting (RFC 7662) and revoking (RFC 7009) such tokens. Issuing is one store Read
// and a signature: no durable write. Thread-safe (its collaborators are).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/random.h"
#include "common/status.h"
#include "core/audit_trail.h"
#include "core/client_token_settings.h"
#include "core/crypto_ports.h"
#include "core/ports/store.h"
#include "core/service_client.h"

namespace portcullis::core {

// How a client proved itself on a request.
struct ClientCredentials {
  std::string client_id;
  std::string client_secret;
};

// The grant's parameters beyond the client's credentials.
struct ClientTokenRequest {
  std::optional<std::string> scope;    // absent: every permission of the client
  std::optional<std::string> user_id;  // act as this member (needs allow_act_as_user)
};

struct IssuedClientToken {
  std::string access_token;
  int64_t expires_in = 0;
  std::string scope;
};

// What introspection answers: inactive, or the token's claims.
struct Introspection {
  bool active = false;
  ClientTokenClaims claims;
};

// The errors, as core codes the OAuth endpoints translate (RFC 6749 §5.2):
//   kUnauthorized → invalid_client (unknown client, wrong secret, disabled client: all alike)
//   kInvalidRequest with Reason::kPermissionNotHeld → invalid_scope
//   kInvalidRequest → invalid_request (e.g. user_id of no active member of the company)
//   kForbidden → unauthorized_client (user_id for a client without allow_act_as_user)
class ClientTokenService {
 public:
  // Every reference must outlive the service.
  ClientTokenService(ClientTokenOptions options, Store& store, ClientSecretHasher& hasher,
                     ClientTokenCodec& codec, Random& random, const Clock& clock,
                     AuditTrail& audit);

  Result<IssuedClientToken> Issue(const ClientCredentials& credentials,
                                  const ClientTokenRequest& request, const ClientInfo& info) const;
  // The caller is authenticated first (kUnauthorized as above). A token that is malformed,
  // expired, revoked, of another company or of a client that is gone or disabled is inactive.
  Result<Introspection> Introspect(const ClientCredentials& credentials, std::string_view token,
                                   const ClientInfo& info) const;
  // Revokes a token the caller itself was issued, until its expiry. Ok for an unknown, malformed,
  // expired or foreign token (RFC 7009 §2.2: the client cannot act on it, nothing is said).
  Status Revoke(const ClientCredentials& credentials, std::string_view token,
                const ClientInfo& info) const;

 private:
  // The live client with these credentials, inside the caller's Read. The same work (one lookup,
  // kMaxLiveClientSecrets keyed hashes) whatever is wrong; a failure is audited later.
  Result<ServiceClient> Authenticate(Repositories& repos, const ClientCredentials& credentials,
                                     const ClientInfo& info) const;
  Result<ServiceClient> AuthenticateOutside(const ClientCredentials& credentials,
                                            const ClientInfo& info) const;

  const ClientTokenOptions options_;
  Store& store_;
  ClientSecretHasher& hasher_;
  ClientTokenCodec& codec_;
  Random& random_;
  const Clock& clock_;
  AuditTrail& audit_;
  const std::string decoy_hash_;  // compared against when the client is unknown
};

}  // namespace portcullis::core
