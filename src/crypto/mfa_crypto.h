// SodiumMfaCrypto: core's MfaCrypto — HMAC-SHA-1 for TOTP, TOTP secrets sealed with the Aead
// (XChaCha20-Poly1305, key ids for rotation) and recovery codes hashed with HMAC-SHA-256 under a
// server key. Immutable after construction; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/secret_bytes.h"
#include "core/crypto_ports.h"
#include "crypto/aead.h"
#include "crypto/digest.h"

namespace portcullis::crypto {

class SodiumMfaCrypto final : public core::MfaCrypto {
 public:
  // `recovery_key`: at least 32 bytes of secret key material for the recovery-code HMAC.
  SodiumMfaCrypto(Aead aead, const SecretBytes& recovery_key);

  std::string HmacSha1(std::string_view key, std::string_view message) override;
  std::string SealSecret(std::string_view secret, std::string_view user_id) override;
  Result<SecretBytes> OpenSecret(std::string_view sealed, std::string_view user_id) override;
  std::string RecoveryCodeHash(std::string_view user_id, std::string_view code) override;

 private:
  Aead aead_;
  HmacKey recovery_key_;
};

}  // namespace portcullis::crypto
