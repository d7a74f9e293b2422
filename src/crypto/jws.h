// JWS compact serialization (RFC 7515): JwsSigner signs JWT payloads with one key; JwsVerifier
// checks tokens strictly against a set of keys selected by kid (rotation). Immutable; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "crypto/jws_key.h"

namespace portcullis::crypto {

class JwsSigner {
 public:
  // kInvalidRequest when `key` has no private part.
  static Result<JwsSigner> Create(JwsKey key);

  // header.payload.signature with protected header {"alg":...,"typ":"JWT","kid":...} (kid omitted
  // when empty). Throws std::runtime_error only if the crypto library fails (out of memory).
  std::string Sign(std::string_view payload_json) const;
  const JwsKey& key() const { return key_; }

 private:
  JwsSigner(JwsKey key, std::string header_b64)
      : key_(std::move(key)), header_b64_(std::move(header_b64)) {}
  JwsKey key_;
  std::string header_b64_;  // base64url of the protected header, followed by '.'
};

class JwsVerifier {
 public:
  static constexpr std::size_t kMaxTokenSize = 16 * 1024;

  // kInvalidRequest when `keys` is empty or two keys share a kid. `ecdsa`: kLowSOnly for
  // Portcullis's own tokens; kEither for tokens another issuer signed.
  static Result<JwsVerifier> Create(std::vector<JwsKey> keys,
                                    EcdsaSignatures ecdsa = EcdsaSignatures::kLowSOnly);

  // The decoded payload (JSON text, not parsed here) of a valid token; kTokenInvalid otherwise.
  // Strict: at most kMaxTokenSize bytes, exactly three non-empty parts, canonical base64url, the
  // header a JSON object with a supported "alg" equal to the chosen key's algorithm, no "crit";
  // with a "kid" only the key with that kid is tried, without one every key of that algorithm.
  Result<std::string> Verify(std::string_view compact) const;

  // {"keys":[...]} with the public JWK of every asymmetric key; HMAC keys never appear.
  std::string JwksJson() const;
  const std::vector<JwsKey>& keys() const { return keys_; }

 private:
  JwsVerifier(std::vector<JwsKey> keys, EcdsaSignatures ecdsa);
  std::vector<JwsKey> keys_;
  EcdsaSignatures ecdsa_;
  // The header JwsSigner would write for keys_[i]; a token carrying exactly it skips JSON parsing.
  std::vector<std::string> canonical_headers_;
};

}  // namespace portcullis::crypto
