// Tests for TOTP against RFC 6238 appendix B (SHA-1), base32 (RFC 4648) and otpauth URIs. Uses
// the real HMAC-SHA-1 of crypto/ through the MfaCrypto port.
#include "core/totp.h"

#include <gtest/gtest.h>

#include "crypto/mfa_crypto.h"

namespace portcullis::core {
namespace {

crypto::SodiumMfaCrypto RealCrypto() {
  std::vector<crypto::AeadKey> keys;
  keys.push_back({"k1", SecretBytes(std::string(32, 'k'))});
  return crypto::SodiumMfaCrypto(crypto::Aead::Create(std::move(keys), "k1").value(),
                                 SecretBytes(std::string(32, 'r')));
}

constexpr std::string_view kRfcSecret = "12345678901234567890";

TEST(Totp, Rfc6238AppendixBSha1Vectors) {
  auto crypto = RealCrypto();
  const struct {
    int64_t time;
    const char* code;
  } vectors[] = {{59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
                 {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& v : vectors) {
    EXPECT_EQ(HotpCode(crypto, kRfcSecret, TotpStep(v.time), 8), v.code) << v.time;
    // The 6-digit code is the same value modulo 10^6.
    EXPECT_EQ(TotpCode(crypto, kRfcSecret, TotpStep(v.time)), std::string(v.code).substr(2))
        << v.time;
  }
}

TEST(Totp, MatchAcceptsOneStepEitherSideAndReportsTheStep) {
  auto crypto = RealCrypto();
  const int64_t now = 1111111111;
  const int64_t step = TotpStep(now);
  EXPECT_EQ(MatchTotp(crypto, kRfcSecret, TotpCode(crypto, kRfcSecret, step), now), step);
  EXPECT_EQ(MatchTotp(crypto, kRfcSecret, TotpCode(crypto, kRfcSecret, step - 1), now), step - 1);
  EXPECT_EQ(MatchTotp(crypto, kRfcSecret, TotpCode(crypto, kRfcSecret, step + 1), now), step + 1);
  EXPECT_FALSE(MatchTotp(crypto, kRfcSecret, TotpCode(crypto, kRfcSecret, step - 2), now));
  EXPECT_FALSE(MatchTotp(crypto, kRfcSecret, TotpCode(crypto, kRfcSecret, step + 2), now));
  EXPECT_FALSE(MatchTotp(crypto, kRfcSecret, "12345", now));
  EXPECT_FALSE(MatchTotp(crypto, kRfcSecret, "12345a", now));
}

TEST(Totp, Base32FollowsRfc4648) {
  EXPECT_EQ(Base32Encode(""), "");
  EXPECT_EQ(Base32Encode("f"), "MY");
  EXPECT_EQ(Base32Encode("fo"), "MZXQ");
  EXPECT_EQ(Base32Encode("foo"), "MZXW6");
  EXPECT_EQ(Base32Encode("foob"), "MZXW6YQ");
  EXPECT_EQ(Base32Encode("fooba"), "MZXW6YTB");
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(Base32Decode("mzxw6ytboi======").value_or(""), "foobar");
  EXPECT_EQ(Base32Encode(kRfcSecret), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_FALSE(Base32Decode("MZ1W").has_value());
}

TEST(Totp, OtpauthUriEscapesLabelAndIssuer) {
  EXPECT_EQ(OtpauthUri("My App", "a+b@example.com", "ABC"),
            "otpauth://totp/My%20App:a%2Bb%40example.com?secret=ABC&issuer=My%20App"
            "&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace portcullis::core
