// Random port: cryptographically secure random bytes for tokens, ids and salts.
// Implementations must be thread-safe.
#pragma once

#include <cstddef>
#include <string>

namespace portcullis {

class Random {
 public:
  virtual ~Random() = default;
  virtual std::string Bytes(std::size_t count) = 0;
};

}  // namespace portcullis
