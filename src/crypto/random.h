// SodiumRandom: the Random port backed by libsodium's CSPRNG, and helpers built on any Random.
// SodiumRandom is thread-safe and stateless; RandomUuidV4 is as thread-safe as the Random passed.
#pragma once

#include <cstddef>
#include <string>

#include "common/random.h"

namespace portcullis::crypto {

// Initializes libsodium once per process. Throws std::runtime_error if it cannot (no entropy
// source): the process cannot run safely without one.
void EnsureSodiumInitialized();

class SodiumRandom final : public Random {
 public:
  // Throws std::runtime_error if libsodium cannot initialize (see EnsureSodiumInitialized).
  SodiumRandom();
  std::string Bytes(std::size_t count) override;
};

// A random (version 4, RFC 9562) UUID in lower-case 8-4-4-4-12 form.
std::string RandomUuidV4(Random& random);

}  // namespace portcullis::crypto
