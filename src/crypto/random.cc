// SodiumRandom (randombytes_buf) and UUIDv4 formatting.
// Thread-safe: libsodium's generator is thread-safe after sodium_init, which runs once.
#include "crypto/random.h"

#include <sodium.h>

#include <stdexcept>

#include "crypto/hex.h"

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

std::string RandomUuidV4(Random& random) {
  std::string bytes = random.Bytes(16);
  bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);  // variant 10xx
  const std::string hex = HexEncode(bytes);
  return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' +
         hex.substr(16, 4) + '-' + hex.substr(20, 12);
}

}  // namespace portcullis::crypto
