// SHA-256 digests and HMAC-SHA-256/512 (and -SHA-1 for TOTP), one-shot or with a pre-keyed
// HmacKey for hot paths.
// Thread-safe: free functions are pure; an HmacKey is immutable and may be used from many threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/secret_bytes.h"

namespace portcullis::crypto {

// 32 raw bytes.
std::string Sha256(std::string_view data);
// 64 lower-case hex characters.
std::string Sha256Hex(std::string_view data);

// One-shot HMACs (raw bytes). Each call keys a fresh context (~2 µs); use HmacKey when one key
// signs many messages.
std::string HmacSha256(std::string_view key, std::string_view data);
std::string HmacSha512(std::string_view key, std::string_view data);
// HMAC-SHA-1, for TOTP (RFC 6238) only: its use as a MAC keyed with a secret is still sound.
std::string HmacSha1(std::string_view key, std::string_view data);

enum class HmacHash { kSha256, kSha512 };

// A key prepared once. Each thread keeps a small cache of keyed contexts duplicated from the
// prepared one, so a MAC costs one re-init + update + final. Copies share the prepared context.
// Throws std::runtime_error when OpenSSL fails to set up or duplicate a context (out of memory).
class HmacKey {
 public:
  static constexpr std::size_t kMaxMacSize = 64;

  HmacKey(HmacHash hash, std::string_view key);

  HmacHash hash() const;
  std::size_t mac_size() const;
  // The raw MAC of `data`.
  std::string Compute(std::string_view data) const;
  // Writes mac_size() bytes to `out` (at least kMaxMacSize long); returns mac_size().
  std::size_t ComputeInto(std::string_view data, unsigned char* out) const;
  // Constant-time comparison of `mac` with the MAC of `data`; false for a wrong length.
  bool Verify(std::string_view data, std::string_view mac) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace portcullis::crypto
