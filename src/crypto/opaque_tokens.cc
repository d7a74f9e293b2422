// SodiumOpaqueTokens: random bytes -> base64url plaintext; SHA-256 hex for storage.
// Thread-safe as long as the Random is (SodiumRandom is).
#include "crypto/opaque_tokens.h"

#include "common/secret_bytes.h"
#include "crypto/base64url.h"
#include "crypto/digest.h"
#include "crypto/random.h"

namespace portcullis::crypto {

SodiumOpaqueTokens::SodiumOpaqueTokens(std::shared_ptr<Random> random)
    : random_(random ? std::move(random) : std::make_shared<SodiumRandom>()) {}

core::OpaqueToken SodiumOpaqueTokens::Generate() {
  std::string bytes = random_->Bytes(kTokenBytes);
  core::OpaqueToken token;
  token.plaintext = Base64UrlEncode(bytes);
  SecureWipe(bytes.data(), bytes.size());
  token.hash = HashOf(token.plaintext);
  return token;
}

std::string SodiumOpaqueTokens::HashOf(std::string_view plaintext) { return Sha256Hex(plaintext); }

}  // namespace portcullis::crypto
