// Tests for client_secret_hasher.h: a keyed, stable hash; matches only the right secret and key.
// Single-threaded.
#include "crypto/client_secret_hasher.h"

#include <gtest/gtest.h>

namespace portcullis::crypto {
namespace {

TEST(HmacClientSecretHasher, HashIsKeyedHexAndStable) {
  HmacClientSecretHasher a(SecretBytes(std::string(32, 'a')));
  HmacClientSecretHasher b(SecretBytes(std::string(32, 'b')));
  const std::string hash = a.Hash("secret");
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash, a.Hash("secret"));
  EXPECT_NE(hash, b.Hash("secret"));
  EXPECT_NE(hash, a.Hash("secret2"));
}

TEST(HmacClientSecretHasher, MatchesOnlyTheRightSecret) {
  HmacClientSecretHasher hasher(SecretBytes(std::string(32, 'k')));
  const std::string hash = hasher.Hash("s3cret");
  EXPECT_TRUE(hasher.Matches("s3cret", hash));
  EXPECT_FALSE(hasher.Matches("s3cret ", hash));
  EXPECT_FALSE(hasher.Matches("", hash));
  EXPECT_FALSE(hasher.Matches("s3cret", hash.substr(1)));
  EXPECT_FALSE(hasher.Matches("s3cret", ""));
}

}  // namespace
}  // namespace portcullis::crypto
