// Tests for AeadDataSealer: a value opens only for its context and keys, and is kept apart from
// the other uses of the same keys.
#include "crypto/data_sealer.h"

#include <gtest/gtest.h>

#include "crypto/mfa_crypto.h"

namespace portcullis::crypto {
namespace {

Aead Keys(char fill = 'a') {
  std::vector<AeadKey> keys;
  keys.push_back({"k1", SecretBytes(std::string(32, fill))});
  auto aead = Aead::Create(std::move(keys), "k1");
  EXPECT_TRUE(aead.ok());
  return std::move(aead).value();
}

TEST(AeadDataSealer, OpensOnlyForItsContext) {
  AeadDataSealer sealer(Keys());
  const std::string sealed = sealer.Seal("the link https://x/?t=secret", "row-1");
  EXPECT_EQ(sealed.find("secret"), std::string::npos);
  auto opened = sealer.Open(sealed, "row-1");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->view(), "the link https://x/?t=secret");
  auto moved = sealer.Open(sealed, "row-2");
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(AeadDataSealer(Keys('b')).Open(sealed, "row-1").ok());
}

TEST(AeadDataSealer, IsKeptApartFromTotpSecretsUnderTheSameKeys) {
  SodiumMfaCrypto mfa(Keys(), SecretBytes(std::string(32, 'r')));
  AeadDataSealer sealer(Keys());
  EXPECT_FALSE(sealer.Open(mfa.SealSecret("secret", "id-1"), "id-1").ok());
  EXPECT_FALSE(mfa.OpenSecret(sealer.Seal("secret", "id-1"), "id-1").ok());
}

}  // namespace
}  // namespace portcullis::crypto
