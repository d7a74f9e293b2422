// Aead: secrets at rest as "v1.<kid>.<base64url(nonce||ciphertext)>", XChaCha20-Poly1305
// (libsodium), several keys by kid for rotation. Immutable after creation; thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/secret_bytes.h"
#include "common/status.h"

namespace portcullis::crypto {

struct AeadKey {
  std::string kid;  // 1-64 characters of [A-Za-z0-9_-]
  SecretBytes key;  // exactly Aead::kKeySize bytes
};

class Aead {
 public:
  static constexpr std::size_t kKeySize = 32;

  // kInvalidRequest for no keys, a malformed kid or key, a duplicate kid, or a `seal_kid` that is
  // not among `keys`. New values are sealed with `seal_kid`; any listed key opens.
  static Result<Aead> Create(std::vector<AeadKey> keys, std::string_view seal_kid);
  // kKeySize fresh random bytes.
  static SecretBytes GenerateKey();

  // The version, kid and `associated_data` are all authenticated.
  std::string Seal(std::string_view plaintext, std::string_view associated_data) const;
  // kInvalidRequest for a malformed value or an unknown kid; kUnauthorized when authentication
  // fails (wrong key, tampering, or different associated data).
  Result<SecretBytes> Open(std::string_view sealed, std::string_view associated_data) const;

  const std::string& seal_kid() const { return seal_kid_; }

 private:
  Aead(std::map<std::string, SecretBytes, std::less<>> keys, std::string seal_kid)
      : keys_(std::move(keys)), seal_kid_(std::move(seal_kid)) {}
  std::map<std::string, SecretBytes, std::less<>> keys_;
  std::string seal_kid_;
};

}  // namespace portcullis::crypto
