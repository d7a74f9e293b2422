// SodiumRandom: the Random port backed by libsodium's CSPRNG.
// Thread-safe and stateless. (UUIDs from any Random: common/uuid.h.)
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

}  // namespace portcullis::crypto
