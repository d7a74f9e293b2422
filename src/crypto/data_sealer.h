// AeadDataSealer: core's DataSealer over the server's data keys (Aead: XChaCha20-Poly1305, key ids
// for rotation), the context bound as associated data. Immutable after construction; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/crypto_ports.h"
#include "crypto/aead.h"

namespace portcullis::crypto {

class AeadDataSealer final : public core::DataSealer {
 public:
  explicit AeadDataSealer(Aead aead) : aead_(std::move(aead)) {}

  std::string Seal(std::string_view plaintext, std::string_view context) override;
  Result<SecretBytes> Open(std::string_view sealed, std::string_view context) override;

 private:
  Aead aead_;
};

}  // namespace portcullis::crypto
