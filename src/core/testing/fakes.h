// Deterministic fakes of core's crypto ports and of Random, for unit tests of core/.
// Thread-safe (atomic counters, a mutex where state is shared).
#pragma once

#include <atomic>
#include <string>

#include "common/random.h"
#include "core/crypto_ports.h"

namespace portcullis::core::testing {

class CountingRandom final : public Random {
 public:
  std::string Bytes(std::size_t count) override {
    std::string out(count, '\0');
    for (auto& c : out) c = static_cast<char>(next_.fetch_add(1));
    return out;
  }

 private:
  std::atomic<unsigned> next_{1};
};

// "hash:" + password; counts how many times it worked, so tests can see equal work.
class FakeHasher final : public PasswordHasher {
 public:
  Result<std::string> Hash(std::string_view password) override {
    ++work;
    return "hash:" + std::string(password);
  }
  Result<bool> Verify(std::string_view password, std::string_view encoded) override {
    ++work;
    return encoded == "hash:" + std::string(password);
  }
  std::atomic<int> work{0};
};

class FakeOpaqueTokens final : public OpaqueTokens {
 public:
  OpaqueToken Generate() override {
    std::string plaintext = "token-" + std::to_string(next_.fetch_add(1));
    return {plaintext, HashOf(plaintext)};
  }
  std::string HashOf(std::string_view plaintext) override {
    return "h(" + std::string(plaintext) + ")";
  }

 private:
  std::atomic<int> next_{1};
};

// "sub|sid|exp" tokens; not signed, but Decode enforces expiry like the real codec.
class FakeAccessTokenCodec final : public AccessTokenCodec {
 public:
  std::string Encode(const AccessClaims& c) override {
    return c.sub + "|" + c.sid + "|" + std::to_string(c.exp) + "|" + std::to_string(c.auth_time);
  }
  Result<AccessClaims> Decode(std::string_view token, int64_t now) override {
    const std::string t(token);
    const auto a = t.find('|');
    const auto b = t.find('|', a + 1);
    const auto c = t.find('|', b + 1);
    if (a == std::string::npos || b == std::string::npos || c == std::string::npos) {
      return MakeError(ErrorCode::kTokenInvalid, "malformed");
    }
    AccessClaims claims;
    claims.sub = t.substr(0, a);
    claims.sid = t.substr(a + 1, b - a - 1);
    claims.exp = std::stoll(t.substr(b + 1, c - b - 1));
    claims.auth_time = std::stoll(t.substr(c + 1));
    if (claims.exp <= now) return MakeError(ErrorCode::kTokenExpired, "expired");
    return claims;
  }
};

}  // namespace portcullis::core::testing
