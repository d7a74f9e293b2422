// ServiceClient: a company's machine identity for the OAuth 2.0 client_credentials grant, and the
// secrets it authenticates with. Plain value types.
#pragma once

#include <cstdint>
#include <string>

namespace portcullis::core {

struct ServiceClient {
  std::string id;  // 24 lower-case hex digits (an ObjectId: Hubler presents it as its `account`)
  std::string company_id;
  std::string name;
  bool allow_act_as_user = false;  // may ask for a token acting as a member (RFC 8693 `act`)
  bool disabled = false;
  std::string created_by;  // the user who made it; empty once that account is gone
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// One live secret of a client. Only a keyed hash of the secret is stored (the secrets are
// high-entropy: a keyed hash resists a stolen database without Argon2id's cost per request).
struct ClientSecret {
  std::string id;  // UUID v4
  std::string client_id;
  std::string secret_hash;  // lower-case hex HMAC-SHA-256 under the server's client-secret key
  int64_t created_at = 0;
};

// A client rotates without downtime by holding two secrets for a while, never more.
inline constexpr int kMaxLiveClientSecrets = 2;

// An access token of a client revoked before its expiry (RFC 7009), remembered until then.
struct TokenRevocation {
  std::string token_id;  // the token's `jti`
  int64_t revoked_at = 0;
  int64_t expires_at = 0;  // the token's `exp`: after it the row may be purged
};

}  // namespace portcullis::core
