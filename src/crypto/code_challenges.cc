// The PKCE S256 challenge and check: base64url(SHA-256(ASCII(code_verifier))) compared in constant
// time. Stateless; thread-safe.
#include "crypto/code_challenges.h"

#include <openssl/crypto.h>

#include <string>

#include "crypto/base64url.h"
#include "crypto/digest.h"

namespace portcullis::crypto {

std::string Sha256CodeChallenges::S256(std::string_view verifier) {
  return Base64UrlEncode(Sha256(verifier));
}

bool Sha256CodeChallenges::MatchesS256(std::string_view verifier, std::string_view challenge) {
  const std::string expected = S256(verifier);
  return challenge.size() == expected.size() &&
         CRYPTO_memcmp(expected.data(), challenge.data(), expected.size()) == 0;
}

}  // namespace portcullis::crypto
