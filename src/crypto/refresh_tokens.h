// SealedKeyRefreshTokens: core's RefreshTokenCodec. A token is the base64url (no padding, 75
// characters) of 56 bytes: the session id's 16 bytes, the token's generation (8 bytes, big-endian)
// and HMAC-SHA-256 of a version tag and both under the session's own 32-byte key. The key is stored
// sealed with the Aead (XChaCha20- Poly1305 under the server's data keys, bound to the session id),
// so a database read alone cannot mint a token. Immutable after construction; thread-safe if its
// Random is.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/random.h"
#include "core/crypto_ports.h"
#include "crypto/aead.h"

namespace portcullis::crypto {

class SealedKeyRefreshTokens final : public core::RefreshTokenCodec {
 public:
  static constexpr std::size_t kKeyBytes = 32;

  SealedKeyRefreshTokens(Aead aead, std::shared_ptr<Random> random);

  Result<core::NewRefreshKey> NewKey(std::string_view session_id) override;
  Result<std::string> Mint(std::string_view session_id, int64_t counter,
                           std::string_view sealed_key) override;
  std::optional<core::RefreshTokenClaim> Parse(std::string_view token) override;
  Result<bool> Verify(std::string_view token, std::string_view sealed_key) override;

 private:
  Aead aead_;
  std::shared_ptr<Random> random_;
};

}  // namespace portcullis::crypto
