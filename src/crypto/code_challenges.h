// Sha256CodeChallenges: core's CodeChallenges port, the PKCE S256 check (RFC 7636 §4.6).
// Stateless; thread-safe.
#pragma once

#include <string_view>

#include "core/crypto_ports.h"

namespace portcullis::crypto {

class Sha256CodeChallenges final : public core::CodeChallenges {
 public:
  bool MatchesS256(std::string_view verifier, std::string_view challenge) override;
};

}  // namespace portcullis::crypto
