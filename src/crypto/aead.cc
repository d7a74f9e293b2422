// Aead over libsodium's crypto_aead_xchacha20poly1305_ietf with random 24-byte nonces.
// Thread-safe: keys are immutable after Create; libsodium calls are reentrant.
#include "crypto/aead.h"

#include <sodium.h>

#include "crypto/base64url.h"
#include "crypto/random.h"

namespace portcullis::crypto {
namespace {

constexpr std::string_view kVersion = "v1";
constexpr std::size_t kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == Aead::kKeySize);

bool ValidKid(std::string_view kid) {
  if (kid.empty() || kid.size() > 64) return false;
  for (char c : kid) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// "v1.<kid>." followed by the caller's data: binds the envelope to the ciphertext.
std::string FullAd(std::string_view kid, std::string_view associated_data) {
  std::string ad;
  ad.reserve(kVersion.size() + kid.size() + 2 + associated_data.size());
  ad.append(kVersion).append(".").append(kid).append(".").append(associated_data);
  return ad;
}

const unsigned char* U(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

Result<Aead> Aead::Create(std::vector<AeadKey> keys, std::string_view seal_kid) {
  EnsureSodiumInitialized();
  if (keys.empty()) return MakeError(ErrorCode::kInvalidRequest, "no AEAD keys");
  std::map<std::string, SecretBytes, std::less<>> by_kid;
  for (AeadKey& key : keys) {
    if (!ValidKid(key.kid)) return MakeError(ErrorCode::kInvalidRequest, "malformed AEAD key id");
    if (key.key.size() != kKeySize) {
      return MakeError(ErrorCode::kInvalidRequest, "AEAD keys must be 32 bytes");
    }
    if (!by_kid.emplace(key.kid, std::move(key.key)).second) {
      return MakeError(ErrorCode::kInvalidRequest, "duplicate AEAD key id");
    }
  }
  if (!by_kid.contains(seal_kid)) {
    return MakeError(ErrorCode::kInvalidRequest, "AEAD sealing key id is not among the keys");
  }
  return Aead(std::move(by_kid), std::string(seal_kid));
}

SecretBytes Aead::GenerateKey() {
  EnsureSodiumInitialized();
  std::string key(kKeySize, '\0');
  crypto_aead_xchacha20poly1305_ietf_keygen(reinterpret_cast<unsigned char*>(key.data()));
  return SecretBytes(std::move(key));
}

std::string Aead::Seal(std::string_view plaintext, std::string_view associated_data) const {
  const SecretBytes& key = keys_.find(seal_kid_)->second;
  const std::string ad = FullAd(seal_kid_, associated_data);
  std::string body(kNonceSize + plaintext.size() + kTagSize, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(body.data());
  randombytes_buf(nonce, kNonceSize);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonceSize, &written, U(plaintext),
                                             plaintext.size(), U(ad), ad.size(), nullptr, nonce,
                                             U(key.view()));
  body.resize(kNonceSize + written);
  return std::string(kVersion) + "." + seal_kid_ + "." + Base64UrlEncode(body);
}

Result<SecretBytes> Aead::Open(std::string_view sealed, std::string_view associated_data) const {
  const auto malformed = [] {
    return MakeError(ErrorCode::kInvalidRequest, "malformed sealed value");
  };
  if (sealed.substr(0, kVersion.size() + 1) != "v1.") return malformed();
  sealed.remove_prefix(kVersion.size() + 1);
  const std::size_t dot = sealed.find('.');
  if (dot == std::string_view::npos) return malformed();
  const std::string_view kid = sealed.substr(0, dot);
  const auto key = keys_.find(kid);
  if (key == keys_.end()) return MakeError(ErrorCode::kInvalidRequest, "unknown AEAD key id");
  const std::optional<std::string> body = Base64UrlDecode(sealed.substr(dot + 1));
  if (!body || body->size() < kNonceSize + kTagSize) return malformed();
  const std::string ad = FullAd(kid, associated_data);
  const std::string_view nonce = std::string_view(*body).substr(0, kNonceSize);
  const std::string_view ciphertext = std::string_view(*body).substr(kNonceSize);
  std::string plaintext(ciphertext.size() - kTagSize, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plaintext.data()), &written, nullptr, U(ciphertext),
          ciphertext.size(), U(ad), ad.size(), U(nonce), U(key->second.view())) != 0) {
    return MakeError(ErrorCode::kUnauthorized, "sealed value failed authentication");
  }
  plaintext.resize(written);
  return SecretBytes(std::move(plaintext));
}

}  // namespace portcullis::crypto
