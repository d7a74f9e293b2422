// SecretBytes: owned secret material that is wiped on destruction and compared in constant time.
// Not thread-safe for mutation; const use from many threads is fine.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace portcullis {

// Compares two byte strings without early exit on the first difference (length is not secret).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Overwrites memory in a way the optimizer may not remove.
void SecureWipe(void* data, std::size_t size);

class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::string bytes) : bytes_(std::move(bytes)) {}
  SecretBytes(const SecretBytes&) = default;
  SecretBytes& operator=(const SecretBytes& other) {
    if (this != &other) {
      Wipe();
      bytes_ = other.bytes_;
    }
    return *this;
  }
  SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) { other.Wipe(); }
  SecretBytes& operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
      Wipe();
      bytes_ = std::move(other.bytes_);
      other.Wipe();
    }
    return *this;
  }
  ~SecretBytes() { Wipe(); }

  std::string_view view() const { return bytes_; }
  std::size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  bool operator==(const SecretBytes& other) const {
    return ConstantTimeEquals(view(), other.view());
  }

 private:
  void Wipe() {
    SecureWipe(bytes_.data(), bytes_.size());
    bytes_.clear();
  }
  std::string bytes_;
};

}  // namespace portcullis
