// Deterministic fakes of core's crypto ports and of Random, for unit tests of core/.
// Thread-safe (atomic counters, a mutex where state is shared).
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "common/executor.h"
#include "common/random.h"
#include "core/crypto_ports.h"

namespace portcullis::core::testing {

// Distinct, deterministic bytes: each call's output starts with the call's number, so ids made
// from it (UUIDs of sessions and security events) never repeat within a test.
class CountingRandom final : public Random {
 public:
  std::string Bytes(std::size_t count) override {
    uint64_t call = next_.fetch_add(1);
    std::string out(count, '\0');
    for (std::size_t i = 0; i < count; ++i) {
      out[i] = static_cast<char>(i < 8 ? (call >> (8 * i)) & 0xff : i);
    }
    return out;
  }

 private:
  std::atomic<uint64_t> next_{1};
};

// "hash:" + password; counts how many times it worked, so tests can see equal work.
class FakeHasher final : public PasswordHasher {
 public:
  Result<std::string> Hash(std::string_view password) override {
    if (overloaded) return OverloadedError("fake.hasher");
    ++work;
    return "hash:" + std::string(password);
  }
  Result<bool> Verify(std::string_view password, std::string_view encoded) override {
    if (overloaded) return OverloadedError("fake.hasher");
    ++work;
    if (encoded == "decoy") ++decoy_verifications;
    return encoded == "hash:" + std::string(password) ||
           encoded == "old:hash:" + std::string(password);
  }
  std::string DecoyHash() override { return "decoy"; }
  bool NeedsRehash(std::string_view encoded) const override { return encoded.starts_with("old:"); }
  std::atomic<int> work{0};
  std::atomic<int> decoy_verifications{0};  // of those, how many verified the decoy hash
  std::atomic<bool> overloaded{false};  // while set, every call is refused as a full queue would
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

// Refresh tokens "<sid>.<counter>.<mac>" with a non-cryptographic MAC under a per-session key
// that is "sealed" as "sealed:<sid>:<key>": enough to tell an issued token of any generation from
// a forged one in service tests.
class FakeRefreshTokens final : public RefreshTokenCodec {
 public:
  Result<NewRefreshKey> NewKey(std::string_view session_id) override {
    NewRefreshKey out;
    out.sealed_key =
        "sealed:" + std::string(session_id) + ":k" + std::to_string(next_key_.fetch_add(1));
    auto first = Mint(session_id, 0, out.sealed_key);
    if (!first) return first.error();
    out.first_token = std::move(first).value();
    return out;
  }
  Result<std::string> Mint(std::string_view session_id, int64_t counter,
                           std::string_view sealed_key) override {
    const std::string prefix = "sealed:" + std::string(session_id) + ":";
    if (!sealed_key.starts_with(prefix)) return MakeError(ErrorCode::kUnauthorized, "no key");
    const std::string key(sealed_key.substr(prefix.size()));
    const std::string body = std::string(session_id) + "." + std::to_string(counter);
    uint64_t h = 1469598103934665603ull;
    for (char c : key + "|" + body) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return body + "." + std::to_string(h);
  }
  std::optional<RefreshTokenClaim> Parse(std::string_view token) override {
    const auto first = token.find('.');
    const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
    if (second == std::string_view::npos || second == first + 1) return std::nullopt;
    const std::string counter(token.substr(first + 1, second - first - 1));
    if (counter.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return RefreshTokenClaim{std::string(token.substr(0, first)), std::stoll(counter)};
  }
  Result<bool> Verify(std::string_view token, std::string_view sealed_key) override {
    const auto claim = Parse(token);
    if (!claim) return false;
    auto expected = Mint(claim->session_id, claim->counter, sealed_key);
    if (!expected) return expected.error();
    return *expected == token;
  }

 private:
  std::atomic<int> next_key_{1};
};

// "sub|sid|exp" tokens; not signed, but Decode enforces expiry like the real codec.
class FakeAccessTokenCodec final : public AccessTokenCodec {
 public:
  std::atomic<int> encoded{0};  // tokens signed so far
  std::string Encode(const AccessClaims& c) override {
    ++encoded;
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

// Not cryptography: a deterministic 20-byte "MAC", "sealing" that keeps the user in the clear,
// recovery "hashes" that show the code. Enough to exercise the service logic.
class FakeMfaCrypto final : public MfaCrypto {
 public:
  std::string HmacSha1(std::string_view key, std::string_view message) override {
    std::string out(20, '\0');
    uint64_t h = 1469598103934665603ull;
    for (std::size_t i = 0; i < out.size(); ++i) {
      for (char c : key) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
      for (char c : message) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
      h = (h ^ i) * 1099511628211ull;
      out[i] = static_cast<char>(h >> 24);
    }
    return out;
  }
  std::string SealSecret(std::string_view secret, std::string_view user_id) override {
    return "sealed|" + std::string(user_id) + "|" + std::string(secret);
  }
  Result<SecretBytes> OpenSecret(std::string_view sealed, std::string_view user_id) override {
    const std::string prefix = "sealed|" + std::string(user_id) + "|";
    if (!sealed.starts_with(prefix)) return MakeError(ErrorCode::kUnauthorized, "does not open");
    return SecretBytes(std::string(sealed.substr(prefix.size())));
  }
  std::string RecoveryCodeHash(std::string_view user_id, std::string_view code) override {
    return "rc|" + std::string(user_id) + "|" + std::string(code);
  }
};

}  // namespace portcullis::core::testing
