// SodiumOpaqueTokens: core's OpaqueTokens (refresh tokens, tickets): 32 random bytes as base64url,
// stored only as the lower-case hex SHA-256 of that text. Thread-safe if its Random is.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/random.h"
#include "core/crypto_ports.h"

namespace portcullis::crypto {

class SodiumOpaqueTokens final : public core::OpaqueTokens {
 public:
  static constexpr std::size_t kTokenBytes = 32;

  // nullptr: libsodium's generator (SodiumRandom). Tests may pass a deterministic Random.
  explicit SodiumOpaqueTokens(std::shared_ptr<Random> random = nullptr);

  core::OpaqueToken Generate() override;
  // Lower-case hex SHA-256 of the plaintext string as given.
  std::string HashOf(std::string_view plaintext) override;

 private:
  std::shared_ptr<Random> random_;
};

}  // namespace portcullis::crypto
