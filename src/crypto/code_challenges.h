// Sha256CodeChallenges: core's CodeChallenges port, the PKCE S256 challenge and check (RFC 7636
// §4.2, §4.6).
// Stateless; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/crypto_ports.h"

namespace portcullis::crypto {

class Sha256CodeChallenges final : public core::CodeChallenges {
 public:
  std::string S256(std::string_view verifier) override;
  bool MatchesS256(std::string_view verifier, std::string_view challenge) override;
};

}  // namespace portcullis::crypto
