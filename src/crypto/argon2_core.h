// Argon2id hashing core (libargon2's argon2_ctx) with a reusable per-thread buffer, and the PHC
// string format. Functions are thread-safe; an Argon2Buffer belongs to one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace portcullis::crypto {

// Memory that Argon2idRaw uses on the current thread while a ScopedArgon2Buffer binds it, instead
// of allocating (and page-faulting) m KiB per hash. Grows to the largest size needed, then is kept.
class Argon2Buffer {
 public:
  Argon2Buffer() = default;
  Argon2Buffer(const Argon2Buffer&) = delete;
  Argon2Buffer& operator=(const Argon2Buffer&) = delete;
  ~Argon2Buffer();

  std::size_t capacity() const { return capacity_; }
  // Hands out the buffer for `bytes` (growing it if needed); nullptr if allocation fails.
  uint8_t* Acquire(std::size_t bytes);

 private:
  uint8_t* data_ = nullptr;
  std::size_t capacity_ = 0;
};

// Binds `buffer` to the calling thread for its lifetime (not nestable).
class ScopedArgon2Buffer {
 public:
  explicit ScopedArgon2Buffer(Argon2Buffer& buffer);
  ScopedArgon2Buffer(const ScopedArgon2Buffer&) = delete;
  ScopedArgon2Buffer& operator=(const ScopedArgon2Buffer&) = delete;
  ~ScopedArgon2Buffer();
};

struct Argon2idInput {
  std::string_view password;
  std::string_view salt;             // at least 8 bytes
  std::string_view secret;           // optional key (RFC 9106 K)
  std::string_view associated_data;  // optional (RFC 9106 X)
  uint32_t m_cost_kib = 19456;
  uint32_t t_cost = 2;
  uint32_t parallelism = 1;  // lanes; always computed on the calling thread
  uint32_t hash_len = 32;
};

// The raw Argon2id (v1.3) tag. kInvalidRequest for parameters libargon2 rejects; kInternal if
// memory cannot be had.
Result<std::string> Argon2idRaw(const Argon2idInput& input);

// $argon2id$v=19$m=<m>,t=<t>,p=<p>$<salt>$<hash>, standard base64 without padding (as libargon2).
struct Argon2idPhc {
  uint32_t m_cost_kib = 0;
  uint32_t t_cost = 0;
  uint32_t parallelism = 0;
  std::string salt;
  std::string hash;
};

std::string EncodeArgon2idPhc(const Argon2idPhc& phc);
// Strict: exactly the layout above, v=19, decimal numbers without sign or leading zeros that fit
// 32 bits, canonical base64, salt >= 8 and hash >= 4 bytes. nullopt otherwise.
std::optional<Argon2idPhc> ParseArgon2idPhc(std::string_view encoded);

}  // namespace portcullis::crypto
