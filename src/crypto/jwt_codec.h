// JwtAccessTokenCodec: core's AccessTokenCodec as a JWS-signed JWT (claims iss, sub, sid, jti,
// role, iat, exp, auth_time, amr, plus extras). Immutable after construction; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/crypto_ports.h"
#include "crypto/jws.h"

namespace portcullis::crypto {

class JwtAccessTokenCodec final : public core::AccessTokenCodec {
 public:
  static constexpr int64_t kDefaultLeewaySeconds = 30;
  static constexpr int64_t kMaxLeewaySeconds = 300;

  // Throws std::invalid_argument for an empty issuer or a leeway outside [0, kMaxLeewaySeconds].
  JwtAccessTokenCodec(JwsSigner signer, JwsVerifier verifier, std::string issuer,
                      int64_t leeway_seconds = kDefaultLeewaySeconds);

  // Writes the configured issuer (claims.iss is ignored). Each `extra` must be valid JSON text and
  // must not reuse a registered claim name; otherwise throws std::invalid_argument (a bug).
  std::string Encode(const core::AccessClaims& claims) override;

  // kTokenInvalid unless the signature verifies, the payload is a JSON object with iss equal to the
  // issuer, string sub/sid/jti, integer iat/exp (and nbf if present), optional string role, integer
  // auth_time and string-array amr, and neither nbf nor iat is later than now + leeway. Then
  // kTokenExpired if exp <= now - leeway. Claims it does not know are returned in `extra`.
  Result<core::AccessClaims> Decode(std::string_view token, int64_t now) override;

  const std::string& issuer() const { return issuer_; }
  int64_t leeway_seconds() const { return leeway_; }

 private:
  JwsSigner signer_;
  JwsVerifier verifier_;
  std::string issuer_;
  int64_t leeway_;
};

}  // namespace portcullis::crypto
