// SodiumMfaCrypto over Aead, OpenSSL HMAC-SHA-1 and a prepared HMAC-SHA-256 key.
// Thread-safe: members are immutable; Aead and HmacKey are thread-safe.
#include "crypto/mfa_crypto.h"

#include "common/hex.h"

namespace portcullis::crypto {
namespace {

constexpr std::string_view kSecretContext = "portcullis totp secret\x1f";
constexpr std::string_view kRecoveryContext = "portcullis recovery code\x1f";

std::string Bound(std::string_view context, std::string_view user_id) {
  std::string ad(context);
  ad.append(user_id);
  return ad;
}

}  // namespace

SodiumMfaCrypto::SodiumMfaCrypto(Aead aead, const SecretBytes& recovery_key)
    : aead_(std::move(aead)), recovery_key_(HmacHash::kSha256, recovery_key.view()) {}

std::string SodiumMfaCrypto::HmacSha1(std::string_view key, std::string_view message) {
  return crypto::HmacSha1(key, message);
}

std::string SodiumMfaCrypto::SealSecret(std::string_view secret, std::string_view user_id) {
  return aead_.Seal(secret, Bound(kSecretContext, user_id));
}

Result<SecretBytes> SodiumMfaCrypto::OpenSecret(std::string_view sealed, std::string_view user_id) {
  auto opened = aead_.Open(sealed, Bound(kSecretContext, user_id));
  if (!opened) return MakeError(ErrorCode::kUnauthorized, "the sealed secret does not open");
  return opened;
}

std::string SodiumMfaCrypto::RecoveryCodeHash(std::string_view user_id, std::string_view code) {
  std::string message = Bound(kRecoveryContext, user_id);
  message.push_back('\x1f');
  message.append(code);
  return HexEncode(recovery_key_.Compute(message));
}

}  // namespace portcullis::crypto
