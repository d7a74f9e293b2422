// Refresh tokens of the form <sid>.<counter>.<mac> under sealed per-session keys.
// Thread-safe: no mutable state; the Aead and HMAC are pure.
#include "crypto/refresh_tokens.h"

#include <openssl/crypto.h>

#include <cstdint>
#include <utility>

#include "common/secret_bytes.h"
#include "common/status_macros.h"
#include "crypto/base64url.h"
#include "crypto/digest.h"
#include "common/hex.h"

namespace portcullis::crypto {
namespace {

constexpr std::size_t kUuidBytes = 16;
constexpr std::size_t kCounterBytes = 8;
constexpr std::size_t kMacBytes = 32;
constexpr std::size_t kTokenBytes = kUuidBytes + kCounterBytes + kMacBytes;

// What a sealed key is bound to: a key cannot be moved to another session's row.
std::string AssociatedData(std::string_view session_id) {
  return "refresh-key:" + std::string(session_id);
}

// "8-4-4-4-12" lower-case hex text <-> its 16 bytes; nullopt for anything else.
std::optional<std::string> UuidBytes(std::string_view text) {
  if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' ||
      text[23] != '-') {
    return std::nullopt;
  }
  std::string hex;
  hex.reserve(32);
  for (char c : text) {
    if (c == '-') continue;
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
    hex.push_back(c);
  }
  return HexDecode(hex);
}

std::string UuidText(std::string_view bytes) {
  const std::string hex = HexEncode(bytes);
  return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' +
         hex.substr(16, 4) + '-' + hex.substr(20);
}

std::string BigEndian(int64_t counter) {
  std::string out(kCounterBytes, '\0');
  for (std::size_t i = 0; i < kCounterBytes; ++i) {
    out[kCounterBytes - 1 - i] =
        static_cast<char>((static_cast<uint64_t>(counter) >> (8 * i)) & 0xff);
  }
  return out;
}

// The token's bytes: session id, counter, and the MAC of a version tag and both.
std::string TokenBytes(std::string_view sid_bytes, int64_t counter, std::string_view raw_key) {
  std::string body = std::string(sid_bytes) + BigEndian(counter);
  return body + HmacSha256(raw_key, "prt2" + body);
}

}  // namespace

SealedKeyRefreshTokens::SealedKeyRefreshTokens(Aead aead, std::shared_ptr<Random> random)
    : aead_(std::move(aead)), random_(std::move(random)) {}

Result<core::NewRefreshKey> SealedKeyRefreshTokens::NewKey(std::string_view session_id) {
  const auto sid = UuidBytes(session_id);
  if (!sid) return MakeError(ErrorCode::kInternal, "a session id that is not a UUID");
  SecretBytes key(random_->Bytes(kKeyBytes));
  core::NewRefreshKey out;
  out.sealed_key = aead_.Seal(key.view(), AssociatedData(session_id));
  out.first_token = Base64UrlEncode(TokenBytes(*sid, 0, key.view()));
  return out;
}

Result<std::string> SealedKeyRefreshTokens::Mint(std::string_view session_id, int64_t counter,
                                                 std::string_view sealed_key) {
  ASSIGN_OR_RETURN(SecretBytes key, aead_.Open(sealed_key, AssociatedData(session_id)));
  const auto sid = UuidBytes(session_id);
  if (!sid) return MakeError(ErrorCode::kInternal, "a session id that is not a UUID");
  return Base64UrlEncode(TokenBytes(*sid, counter, key.view()));
}

std::optional<core::RefreshTokenClaim> SealedKeyRefreshTokens::Parse(std::string_view token) {
  const auto bytes = Base64UrlDecode(token);
  if (!bytes || bytes->size() != kTokenBytes) return std::nullopt;
  uint64_t counter = 0;
  for (std::size_t i = 0; i < kCounterBytes; ++i) {
    counter = (counter << 8) | static_cast<unsigned char>((*bytes)[kUuidBytes + i]);
  }
  if (counter > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return core::RefreshTokenClaim{UuidText(bytes->substr(0, kUuidBytes)),
                                 static_cast<int64_t>(counter)};
}

Result<bool> SealedKeyRefreshTokens::Verify(std::string_view token, std::string_view sealed_key) {
  const auto claim = Parse(token);
  if (!claim) return false;
  ASSIGN_OR_RETURN(std::string expected, Mint(claim->session_id, claim->counter, sealed_key));
  const bool equal = expected.size() == token.size() &&
                     CRYPTO_memcmp(expected.data(), token.data(), token.size()) == 0;
  SecretBytes wipe(std::move(expected));  // a valid token of that generation: not kept around
  return equal;
}

}  // namespace portcullis::crypto
