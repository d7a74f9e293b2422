// Crypto ports: what core needs from cryptography, implemented in crypto/ (Argon2id, JWS, SHA-256).
// Every implementation is thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/secret_bytes.h"
#include "common/status.h"
#include "common/unique_function.h"

namespace portcullis::core {

class PasswordHasher {
 public:
  using HashCallback = UniqueFunction<void(Result<std::string>)>;
  using VerifyCallback = UniqueFunction<void(Result<bool>)>;

  virtual ~PasswordHasher() = default;
  // The asynchronous forms of Hash and Verify: `done` runs exactly once with what the blocking
  // form would return — on a hashing thread, or at once on the calling thread when the hashing
  // queue refuses the job (kOverloaded). It must be quick (post the continuation). An
  // implementation without a queue may answer inline, as these defaults do.
  virtual void HashAsync(std::string password, HashCallback done) { done(Hash(password)); }
  virtual void VerifyAsync(std::string password, std::string encoded, VerifyCallback done) {
    done(Verify(password, encoded));
  }
  // A PHC string. kOverloaded when the hashing queue is full.
  virtual Result<std::string> Hash(std::string_view password) = 0;
  // true when `password` matches `encoded`; kOverloaded when the hashing queue is full.
  virtual Result<bool> Verify(std::string_view password, std::string_view encoded) = 0;
  // A well-formed hash at the current cost that no password matches (random salt and digest, no
  // hashing work to make it). Verifying against it costs what verifying a real one costs, so an
  // unknown account is answered in the same time as a wrong password.
  virtual std::string DecoyHash() = 0;
  // True when `encoded` was not made with the current parameters (an older cost): the next
  // successful login stores a new hash of the same password. Cheap: no hashing.
  virtual bool NeedsRehash(std::string_view encoded) const = 0;
};

// High-entropy opaque tokens (MFA tickets): 32 random bytes as base64url, and the lower-case hex
// SHA-256 that is all the database ever sees (HashOf also digests refresh tokens).
struct OpaqueToken {
  std::string plaintext;
  std::string hash;
};

class OpaqueTokens {
 public:
  virtual ~OpaqueTokens() = default;
  virtual OpaqueToken Generate() = 0;
  virtual std::string HashOf(std::string_view plaintext) = 0;
};

// What a presented refresh token claims, before anything is checked.
struct RefreshTokenClaim {
  std::string session_id;
  int64_t counter = 0;
};

// A session's new refresh key: its sealed form (the only one stored) and the token of counter 0.
struct NewRefreshKey {
  std::string sealed_key;
  std::string first_token;
};

// Refresh tokens "<session>.<counter>.<mac>": a MAC of the session id and the token's generation
// under the session's own key. The key is stored sealed with a server key, so a database read
// alone cannot mint a token; a token of any generation can be checked, which tells a spent token
// (reuse) from one that was never issued.
class RefreshTokenCodec {
 public:
  virtual ~RefreshTokenCodec() = default;
  // A fresh key for `session_id` (a UUID). kInternal for an id that is not one.
  virtual Result<NewRefreshKey> NewKey(std::string_view session_id) = 0;
  // The token of generation `counter`. kUnauthorized when `sealed_key` does not open for the
  // session (tampered, or sealed with a key the server no longer has).
  virtual Result<std::string> Mint(std::string_view session_id, int64_t counter,
                                   std::string_view sealed_key) = 0;
  // What `token` claims; nullopt when it is not of this form (a token of an older version, junk).
  virtual std::optional<RefreshTokenClaim> Parse(std::string_view token) = 0;
  // True when `token` is exactly what Mint makes for its claim (compared in constant time).
  // kUnauthorized as in Mint.
  virtual Result<bool> Verify(std::string_view token, std::string_view sealed_key) = 0;
};

// The claims of a Portcullis access token. `extra` holds further claims as raw JSON values
// (name, JSON text) so later features (cid, Hasura claims) add claims without touching the codec.
struct AccessClaims {
  std::string iss;
  std::string sub;
  std::string sid;
  std::string jti;
  std::string role;  // the role in company `cid`
  std::string cid;   // the active company; empty (and absent from the token) when none
  int64_t iat = 0;
  int64_t exp = 0;
  int64_t auth_time = 0;
  std::vector<std::string> amr;
  std::vector<std::pair<std::string, std::string>> extra;
};

class AccessTokenCodec {
 public:
  virtual ~AccessTokenCodec() = default;
  virtual std::string Encode(const AccessClaims& claims) = 0;
  // Verifies signature, algorithm, issuer and time claims at `now`. kTokenExpired when only the
  // expiry failed; kTokenInvalid for everything else.
  virtual Result<AccessClaims> Decode(std::string_view token, int64_t now) = 0;
};

// Service-client secrets: high-entropy, so a keyed hash (HMAC-SHA-256 under a server key) is all
// the database holds — a stolen database alone cannot check a guess, and checking costs a few
// microseconds, so a flood of token requests cannot be turned into a CPU flood.
class ClientSecretHasher {
 public:
  virtual ~ClientSecretHasher() = default;
  // Lower-case hex keyed hash of `secret`.
  virtual std::string Hash(std::string_view secret) = 0;
  // True when `secret` hashes to `hash` (compared in constant time; false for a malformed hash).
  virtual bool Matches(std::string_view secret, std::string_view hash) = 0;
};

// The claims of a service client's access token (the client_credentials grant). `sub` is the
// client id, or the user it acts as (then `act_sub` is the client id: RFC 8693's act claim).
struct ClientTokenClaims {
  std::string iss;
  std::string sub;
  std::string client_id;
  std::string cid;    // the client's company
  std::string scope;  // space-separated "feature:scope:action"
  std::string jti;
  std::string act_sub;  // empty: the client acts as itself
  int64_t iat = 0;
  int64_t exp = 0;
};

// Client tokens as signed JWTs, under the same key as the session access tokens. They carry no
// `sid`, so the session codec refuses them; Decode here refuses a token without `client_id`.
class ClientTokenCodec {
 public:
  virtual ~ClientTokenCodec() = default;
  virtual std::string Encode(const ClientTokenClaims& claims) = 0;
  // Verifies signature, algorithm, issuer and time claims at `now`. kTokenExpired when only the
  // expiry failed; kTokenInvalid for everything else (a session's token among them).
  virtual Result<ClientTokenClaims> Decode(std::string_view token, int64_t now) = 0;
};

// The cryptography of multi-factor authentication: the HMAC-SHA-1 of TOTP, the AEAD that keeps
// TOTP secrets at rest, and the server-keyed hash of recovery codes.
class MfaCrypto {
 public:
  virtual ~MfaCrypto() = default;
  // Raw 20-byte HMAC-SHA-1 (RFC 2104) of `message` under `key`.
  virtual std::string HmacSha1(std::string_view key, std::string_view message) = 0;
  // Seals a TOTP secret; `user_id` is bound as associated data so a sealed value cannot be moved
  // to another account.
  virtual std::string SealSecret(std::string_view secret, std::string_view user_id) = 0;
  // kUnauthorized when the value does not open for `user_id` (tampered, wrong key).
  virtual Result<SecretBytes> OpenSecret(std::string_view sealed, std::string_view user_id) = 0;
  // Lower-case hex keyed hash of a normalised recovery code of `user_id`.
  virtual std::string RecoveryCodeHash(std::string_view user_id, std::string_view code) = 0;
};

// PKCE (RFC 7636): whether a code_verifier answers an S256 code_challenge, and the challenge of a
// verifier (for the flows where Portcullis is the client, as in single sign-on).
class CodeChallenges {
 public:
  virtual ~CodeChallenges() = default;
  // base64url(SHA-256(verifier)), unpadded: the S256 code_challenge of `verifier`.
  virtual std::string S256(std::string_view verifier) = 0;
  // True when base64url(SHA-256(verifier)), unpadded, equals `challenge` (constant time).
  virtual bool MatchesS256(std::string_view verifier, std::string_view challenge) = 0;
};

// Seals data at rest with the server's data keys (AEAD). `context` (a row's id) is bound to the
// sealed value, so it cannot be moved to another row.
class DataSealer {
 public:
  virtual ~DataSealer() = default;
  virtual std::string Seal(std::string_view plaintext, std::string_view context) = 0;
  // kInternal when `sealed` was not sealed by these keys for `context`.
  virtual Result<SecretBytes> Open(std::string_view sealed, std::string_view context) = 0;
};

}  // namespace portcullis::core
