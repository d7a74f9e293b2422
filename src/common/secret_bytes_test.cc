// Tests for constant-time comparison and SecretBytes.
#include "common/secret_bytes.h"

#include <gtest/gtest.h>

namespace portcullis {
namespace {

TEST(ConstantTimeEquals, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(SecretBytes, MoveLeavesSourceEmpty) {
  SecretBytes a(std::string("secret"));
  SecretBytes b(std::move(a));
  EXPECT_EQ(b.view(), "secret");
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_TRUE(b == SecretBytes(std::string("secret")));
}

}  // namespace
}  // namespace portcullis
