// libFuzzer entry point: bytes as a compact JWS/JWT (JwsVerifier::Verify, JwtAccessTokenCodec
// ::Decode), as base64url text, and as a header or payload we sign. Thread-safe: const statics.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/base64url.h"
#include "crypto/jws.h"
#include "crypto/jws_key.h"
#include "crypto/jwt_codec.h"

namespace {

using portcullis::ErrorCode;
using portcullis::crypto::Base64NoPadDecode;
using portcullis::crypto::Base64NoPadEncode;
using portcullis::crypto::Base64UrlDecode;
using portcullis::crypto::Base64UrlEncode;
using portcullis::crypto::JwsAlgorithm;
using portcullis::crypto::JwsKey;
using portcullis::crypto::JwsSigner;
using portcullis::crypto::JwsVerifier;
using portcullis::crypto::JwtAccessTokenCodec;

// The valid seeds in jws_fuzz_corpus/ are HS256 tokens signed with kSecret (kid fuzz-hs256).
constexpr std::string_view kSecret = "portcullis-fuzz-only-hs256-key!!";  // 32 bytes
constexpr std::string_view kSecret512 = "portcullis-fuzz-only-hs512-key-of-48-bytes.....!";
constexpr std::string_view kIssuer = "https://fuzz.example";
constexpr int64_t kNow = 1700000000;

struct Fixture {
  JwsKey key = JwsKey::FromHmacSecret("fuzz-hs256", JwsAlgorithm::kHs256, kSecret).value();
  // A second key of another algorithm, so kid/alg selection has something to choose between.
  JwsKey key512 = JwsKey::FromHmacSecret("fuzz-hs512", JwsAlgorithm::kHs512, kSecret512).value();
  JwsSigner signer = JwsSigner::Create(key).value();
  JwsVerifier verifier = JwsVerifier::Create({key, key512}).value();
  JwtAccessTokenCodec codec{JwsSigner::Create(key).value(),
                            JwsVerifier::Create({key, key512}).value(), std::string(kIssuer)};
  std::string payload_b64 = Base64UrlEncode(
      R"({"iss":"https://fuzz.example","sub":"u","sid":"s","jti":"j","iat":1700000000,)"
      R"("exp":1700000900})");
};

Fixture& Fix() {
  static Fixture fixture;  // the codec is logically const: Decode keeps no state
  return fixture;
}

void Check(bool condition) {
  if (!condition) std::abort();
}

void Base64RoundTrips(std::string_view bytes) {
  if (const auto decoded = Base64UrlDecode(bytes)) Check(Base64UrlEncode(*decoded) == bytes);
  if (const auto decoded = Base64NoPadDecode(bytes)) Check(Base64NoPadEncode(*decoded) == bytes);
  const auto again = Base64UrlDecode(Base64UrlEncode(bytes));
  Check(again.has_value() && *again == bytes);
}

// Decode never throws, and its error codes are the two documented ones.
void DecodeAt(std::string_view token, int64_t now) {
  const auto claims = Fix().codec.Decode(token, now);
  if (claims.ok()) {
    Check(claims->iss == kIssuer);
  } else {
    Check(claims.error().code == ErrorCode::kTokenInvalid ||
          claims.error().code == ErrorCode::kTokenExpired);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Fixture& fix = Fix();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  const int64_t now = size == 0 ? kNow : std::array<int64_t, 4>{kNow, kMin, kMax, 0}[data[0] % 4];

  // 1. The bytes as a compact token.
  if (const auto verified = fix.verifier.Verify(bytes); !verified.ok()) {
    Check(verified.error().code == ErrorCode::kTokenInvalid);
  }
  DecodeAt(bytes, kNow);
  DecodeAt(bytes, now);

  // 2. The bytes as base64url / base64 text, and as bytes to encode.
  Base64RoundTrips(bytes);

  // 3. The bytes as a payload we sign: the claim checks behind the signature.
  const std::string signed_payload = fix.signer.Sign(bytes);
  if (!bytes.empty() && signed_payload.size() <= JwsVerifier::kMaxTokenSize) {
    const auto verified = fix.verifier.Verify(signed_payload);
    Check(verified.ok() && *verified == bytes);
  }
  DecodeAt(signed_payload, kNow);
  DecodeAt(signed_payload, now);

  // 4. The bytes as a protected header with a correct HS256 signature: alg/kid/crit handling.
  std::string input = Base64UrlEncode(bytes);
  input += '.';
  input += fix.payload_b64;
  const std::string token = input + '.' + Base64UrlEncode(fix.key.Sign(input));
  (void)fix.verifier.Verify(token);
  DecodeAt(token, kNow);
  return 0;
}
