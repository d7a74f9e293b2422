// HmacClientSecretHasher: core's ClientSecretHasher as HMAC-SHA-256 under a server key,
// hex-encoded, compared in constant time. Immutable after construction; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/secret_bytes.h"
#include "core/crypto_ports.h"
#include "crypto/digest.h"

namespace portcullis::crypto {

class HmacClientSecretHasher final : public core::ClientSecretHasher {
 public:
  // `key`: at least 32 bytes of server key material (app/key_material derives it).
  explicit HmacClientSecretHasher(const SecretBytes& key);

  std::string Hash(std::string_view secret) override;
  bool Matches(std::string_view secret, std::string_view hash) override;

 private:
  HmacKey key_;
};

}  // namespace portcullis::crypto
