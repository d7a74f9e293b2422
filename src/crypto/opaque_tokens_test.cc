// Tests for opaque_tokens.h.
// Single-threaded.
#include "crypto/opaque_tokens.h"

#include <gtest/gtest.h>

#include <set>

#include "crypto/base64url.h"

namespace portcullis::crypto {
namespace {

class CountingRandom final : public Random {
 public:
  std::string Bytes(std::size_t count) override {
    return std::string(count, static_cast<char>(n_++));
  }

 private:
  int n_ = 0;
};

TEST(SodiumOpaqueTokensTest, PlaintextIs32BytesOfBase64Url) {
  SodiumOpaqueTokens tokens;
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const core::OpaqueToken t = tokens.Generate();
    EXPECT_EQ(t.plaintext.size(), 43u);
    const auto raw = Base64UrlDecode(t.plaintext);
    ASSERT_TRUE(raw);
    EXPECT_EQ(raw->size(), 32u);
    EXPECT_EQ(t.hash, tokens.HashOf(t.plaintext));
    EXPECT_EQ(t.hash.size(), 64u);
    EXPECT_EQ(t.hash.find_first_not_of("0123456789abcdef"), std::string::npos);
    seen.insert(t.plaintext);
  }
  EXPECT_EQ(seen.size(), 50u);
}

TEST(SodiumOpaqueTokensTest, HashIsSha256HexOfTheText) {
  SodiumOpaqueTokens tokens(std::make_shared<CountingRandom>());
  EXPECT_EQ(tokens.HashOf("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const core::OpaqueToken t = tokens.Generate();
  EXPECT_EQ(t.plaintext, std::string(43, 'A'));
  EXPECT_NE(tokens.Generate().plaintext, t.plaintext);
}

}  // namespace
}  // namespace portcullis::crypto
