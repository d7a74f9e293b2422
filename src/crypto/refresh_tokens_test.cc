// Tests for SealedKeyRefreshTokens: token shape, keys sealed to their session, MACs of every
// generation, and refusal of anything not minted by the server.
#include "crypto/refresh_tokens.h"

#include <gtest/gtest.h>

#include "crypto/base64url.h"
#include "crypto/random.h"

namespace portcullis::crypto {
namespace {

constexpr char kSession[] = "0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b";
constexpr char kOther[] = "1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d";

SealedKeyRefreshTokens Make(char fill = 'a') {
  std::vector<AeadKey> keys;
  keys.push_back({"k1", SecretBytes(std::string(32, fill))});
  auto aead = Aead::Create(std::move(keys), "k1");
  EXPECT_TRUE(aead.ok());
  return SealedKeyRefreshTokens(std::move(aead).value(), std::make_shared<SodiumRandom>());
}

TEST(SealedKeyRefreshTokens, TokenIsSessionCounterAndMacInBase64Url) {
  auto codec = Make();
  auto key = codec.NewKey(kSession);
  ASSERT_TRUE(key.ok());
  EXPECT_TRUE(key->sealed_key.starts_with("v1.k1."));
  const std::string& token = key->first_token;
  EXPECT_EQ(token.size(), 75u);
  auto bytes = Base64UrlDecode(token);
  ASSERT_TRUE(bytes.has_value());
  ASSERT_EQ(bytes->size(), 56u);
  EXPECT_EQ(bytes->substr(16, 8), std::string(8, '\0'));
  auto claim = codec.Parse(token);
  ASSERT_TRUE(claim.has_value());
  EXPECT_EQ(claim->session_id, kSession);
  EXPECT_EQ(claim->counter, 0);
}

TEST(SealedKeyRefreshTokens, EveryGenerationVerifiesAndDiffers) {
  auto codec = Make();
  auto key = codec.NewKey(kSession);
  ASSERT_TRUE(key.ok());
  EXPECT_TRUE(*codec.Verify(key->first_token, key->sealed_key));
  auto zero = codec.Mint(kSession, 0, key->sealed_key);
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(*zero, key->first_token);
  auto seven = codec.Mint(kSession, 7, key->sealed_key);
  ASSERT_TRUE(seven.ok());
  EXPECT_NE(*seven, *zero);
  EXPECT_TRUE(*codec.Verify(*seven, key->sealed_key));
  EXPECT_EQ(codec.Parse(*seven)->counter, 7);
}

// `token` with byte `at` of its decoded form changed.
std::string Flipped(const std::string& token, std::size_t at) {
  std::string bytes = *Base64UrlDecode(token);
  bytes[at] = static_cast<char>(bytes[at] ^ 1);
  return Base64UrlEncode(bytes);
}

TEST(SealedKeyRefreshTokens, AnythingNotMintedIsRefused) {
  auto codec = Make();
  auto key = codec.NewKey(kSession);
  ASSERT_TRUE(key.ok());
  const std::string token = key->first_token;
  // Another counter under the same MAC, a flipped MAC.
  EXPECT_FALSE(*codec.Verify(Flipped(token, 23), key->sealed_key));
  EXPECT_EQ(codec.Parse(Flipped(token, 23))->counter, 1);
  EXPECT_FALSE(*codec.Verify(Flipped(token, 40), key->sealed_key));
  // Another session's key.
  auto other = codec.NewKey(kOther);
  ASSERT_TRUE(other.ok());
  auto with_other = codec.Verify(token, other->sealed_key);
  EXPECT_TRUE(!with_other.ok() || !*with_other);
  // A key moved to another session's row does not open there.
  EXPECT_FALSE(codec.Mint(kOther, 0, key->sealed_key).ok());
  // Without the server key, the row alone mints nothing.
  EXPECT_FALSE(Make('b').Mint(kSession, 1, key->sealed_key).ok());
}

TEST(SealedKeyRefreshTokens, ParseRefusesOtherShapes) {
  auto codec = Make();
  auto key = codec.NewKey(kSession);
  ASSERT_TRUE(key.ok());
  const std::string& token = key->first_token;
  std::string negative = *Base64UrlDecode(token);
  negative[16] = static_cast<char>(0x80);  // a counter of 2^63 and more
  for (const std::string& bad :
       {std::string(43, 'A'), std::string(""), token.substr(1), token + "A", token + "=",
        std::string("not base64url!"), Base64UrlEncode(negative)}) {
    EXPECT_FALSE(codec.Parse(bad).has_value()) << bad;
  }
  EXPECT_FALSE(codec.NewKey("not-a-uuid").ok());
}

}  // namespace
}  // namespace portcullis::crypto
