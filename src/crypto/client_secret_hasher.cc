// HMAC-SHA-256 of a client secret under the server's client-secret key, in hex.
// Thread-safe: HmacKey is immutable and keeps its contexts per thread.
#include "crypto/client_secret_hasher.h"

#include <openssl/crypto.h>

#include "common/hex.h"

namespace portcullis::crypto {

HmacClientSecretHasher::HmacClientSecretHasher(const SecretBytes& key)
    : key_(HmacHash::kSha256, key.view()) {}

std::string HmacClientSecretHasher::Hash(std::string_view secret) {
  return HexEncode(key_.Compute(secret));
}

bool HmacClientSecretHasher::Matches(std::string_view secret, std::string_view hash) {
  const std::string expected = Hash(secret);
  // The length is public (always 64); only the content is compared in constant time.
  return hash.size() == expected.size() &&
         CRYPTO_memcmp(expected.data(), hash.data(), expected.size()) == 0;
}

}  // namespace portcullis::crypto
