// Tests for SodiumMfaCrypto: HMAC-SHA-1 (RFC 2202), sealing bound to the user, keyed recovery
// hashes.
#include "crypto/mfa_crypto.h"

#include <gtest/gtest.h>

#include "common/hex.h"

namespace portcullis::crypto {
namespace {

SodiumMfaCrypto Make(std::string_view kid = "k1", char fill = 'a') {
  std::vector<AeadKey> keys;
  keys.push_back({std::string(kid), SecretBytes(std::string(32, fill))});
  auto aead = Aead::Create(std::move(keys), kid);
  EXPECT_TRUE(aead.ok());
  return SodiumMfaCrypto(std::move(aead).value(), SecretBytes(std::string(32, 'r')));
}

TEST(SodiumMfaCrypto, HmacSha1MatchesRfc2202) {
  auto crypto = Make();
  EXPECT_EQ(HexEncode(crypto.HmacSha1(std::string(20, '\x0b'), "Hi There")),
            "b617318655057264e28bc0b6fb378c8ef146be00");
  EXPECT_EQ(HexEncode(crypto.HmacSha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST(SodiumMfaCrypto, SealedSecretOpensOnlyForItsUser) {
  auto crypto = Make();
  const std::string sealed = crypto.SealSecret("twenty bytes secret!", "user-1");
  EXPECT_TRUE(sealed.starts_with("v1.k1."));
  EXPECT_EQ(sealed.find("twenty"), std::string::npos);
  auto opened = crypto.OpenSecret(sealed, "user-1");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->view(), "twenty bytes secret!");
  auto moved = crypto.OpenSecret(sealed, "user-2");
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().code, ErrorCode::kUnauthorized);
  auto other_key = Make("k1", 'b').OpenSecret(sealed, "user-1");
  EXPECT_FALSE(other_key.ok());
}

TEST(SodiumMfaCrypto, RecoveryHashIsKeyedAndPerUser) {
  auto crypto = Make();
  const std::string hash = crypto.RecoveryCodeHash("user-1", "abcde12345");
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash, crypto.RecoveryCodeHash("user-1", "abcde12345"));
  EXPECT_NE(hash, crypto.RecoveryCodeHash("user-2", "abcde12345"));
  EXPECT_NE(hash, crypto.RecoveryCodeHash("user-1", "abcde12346"));
  std::vector<AeadKey> keys;
  keys.push_back({"k1", SecretBytes(std::string(32, 'a'))});
  SodiumMfaCrypto other(Aead::Create(std::move(keys), "k1").value(),
                        SecretBytes(std::string(32, 's')));
  EXPECT_NE(hash, other.RecoveryCodeHash("user-1", "abcde12345"));
}

}  // namespace
}  // namespace portcullis::crypto
