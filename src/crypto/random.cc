// SodiumRandom (randombytes_buf) and UUIDv4 formatting.
// Thread-safe: libsodium's generator is thread-safe after sodium_init, which runs once.
#include "crypto/random.h"

#include <sodium.h>

#include <stdexcept>

#include "common/hex.h"

namespace portcullis::crypto {

void EnsureSodiumInitialized() {
  static const bool initialized = [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
    return true;
  }();
  (void)initialized;
}

SodiumRandom::SodiumRandom() { EnsureSodiumInitialized(); }

std::string SodiumRandom::Bytes(std::size_t count) {
  std::string out(count, '\0');
  randombytes_buf(out.data(), out.size());
  return out;
}

}  // namespace portcullis::crypto
