// JwsKey: one JWS key (HS256/HS512 secret, RS256, ES256, Ed25519) with its kid; loading from
// secrets, PEM and JWK, PEM generation, public JWK. Immutable; copies share the key; thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/secret_bytes.h"
#include "common/status.h"

namespace portcullis::crypto {

enum class JwsAlgorithm { kHs256, kHs512, kRs256, kEs256, kEdDsa };

// The JOSE name ("HS256", "HS512", "RS256", "ES256", "EdDSA").
std::string_view JwsAlgorithmName(JwsAlgorithm alg);
// Exact, case-sensitive match of a supported name; nullopt otherwise ("none" included).
std::optional<JwsAlgorithm> JwsAlgorithmFromName(std::string_view name);
bool IsHmacAlgorithm(JwsAlgorithm alg);

// Which ES256 signatures verify. ECDSA accepts (r, s) and (r, n − s) alike: Portcullis signs and
// accepts only the low form (s ≤ n/2), so its tokens have one valid string each; another issuer's
// tokens (an identity provider's ID tokens) may carry either form.
enum class EcdsaSignatures { kLowSOnly, kEither };

class JwsKey {
 public:
  static constexpr std::size_t kMinHmacSecretSize = 32;
  static constexpr int kMinRsaBits = 2048;

  // HS256/HS512 from secret bytes. kInvalidRequest for an asymmetric `alg` or a secret shorter
  // than kMinHmacSecretSize (callers wanting more for HS512 check before calling).
  static Result<JwsKey> FromHmacSecret(std::string kid, JwsAlgorithm alg, std::string_view secret);
  // A private key (PKCS#8 or traditional PEM, unencrypted) whose type fits `alg`: RSA >= 2048 bits
  // for RS256, P-256 for ES256, Ed25519 for EdDSA. kInvalidRequest otherwise.
  static Result<JwsKey> FromPrivatePem(std::string kid, JwsAlgorithm alg, std::string_view pem);
  // A public key (SubjectPublicKeyInfo PEM) for verification only; same type rules.
  static Result<JwsKey> FromPublicPem(std::string kid, JwsAlgorithm alg, std::string_view pem);
  // A JWK (RFC 7517/7518/8037): kty oct, RSA (n, e; private: d, p, q, dp, dq, qi), EC P-256 (x, y;
  // private: d) or OKP Ed25519 (x; private: d). The algorithm comes from `alg` or the JWK's "alg"
  // (they must agree when both are given; oct needs one), else RSA->RS256, EC->ES256, OKP->EdDSA.
  // The kid comes from the JWK's "kid" (empty if absent).
  static Result<JwsKey> FromJwk(std::string_view jwk_json,
                                std::optional<JwsAlgorithm> alg = std::nullopt);
  // A fresh unencrypted PKCS#8 PEM private key for an asymmetric `alg` (RSA 2048, P-256, Ed25519),
  // for a first start. kInvalidRequest for HS*; kInternal if key generation fails.
  static Result<SecretBytes> GeneratePrivatePem(JwsAlgorithm alg);

  const std::string& kid() const;
  JwsAlgorithm algorithm() const;
  bool can_sign() const;

  // The public JWK (kty, kid, use "sig", alg, and n/e, crv/x/y or crv/x) as JSON object text;
  // nullopt for HMAC keys, which have no public part.
  std::optional<std::string> PublicJwk() const;

  // The raw JWS signature of `signing_input` (ES256: r||s, 64 bytes). Precondition: can_sign()
  // (std::logic_error otherwise). Throws std::runtime_error if the library fails (out of memory).
  std::string Sign(std::string_view signing_input) const;
  // Verifies a raw JWS signature; false for any mismatch, wrong length or malformed signature.
  // HMAC comparison is constant-time.
  bool Verify(std::string_view signing_input, std::string_view signature,
              EcdsaSignatures accepted = EcdsaSignatures::kLowSOnly) const;

  struct Impl;  // defined in jws_key.cc

 private:
  explicit JwsKey(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace portcullis::crypto
