// JwtClientTokenCodec: core's ClientTokenCodec as a JWS-signed JWT (claims iss, sub, client_id,
// cid, scope, jti, iat, exp, and act for a token acting as a user). Immutable; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/crypto_ports.h"
#include "crypto/jws.h"

namespace portcullis::crypto {

class JwtClientTokenCodec final : public core::ClientTokenCodec {
 public:
  // Throws std::invalid_argument for an empty issuer or a negative leeway.
  JwtClientTokenCodec(JwsSigner signer, JwsVerifier verifier, std::string issuer,
                      int64_t leeway_seconds);

  // Writes the configured issuer (claims.iss is ignored).
  std::string Encode(const core::ClientTokenClaims& claims) override;
  // kTokenInvalid unless the signature verifies and the payload has iss equal to the issuer, string
  // sub/client_id/jti, optional string cid/scope, integer iat/exp, an optional act object with a
  // string sub, and no `sid` (a session's token is not a client's); then kTokenExpired when
  // exp <= now - leeway.
  Result<core::ClientTokenClaims> Decode(std::string_view token, int64_t now) override;

 private:
  JwsSigner signer_;
  JwsVerifier verifier_;
  std::string issuer_;
  int64_t leeway_;
};

}  // namespace portcullis::crypto
