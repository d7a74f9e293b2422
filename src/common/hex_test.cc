// Tests for hex.h.
// Single-threaded.
#include "common/hex.h"

#include <gtest/gtest.h>

namespace portcullis {
namespace {

TEST(HexTest, EncodesLowerCase) {
  EXPECT_EQ(HexEncode(std::string("\x00\x01\xab\xff", 4)), "0001abff");
  EXPECT_EQ(HexEncode(""), "");
}

TEST(HexTest, DecodesEitherCaseAndRejectsGarbage) {
  EXPECT_EQ(HexDecode("0001ABff"), std::string("\x00\x01\xab\xff", 4));
  EXPECT_FALSE(HexDecode("abc"));
  EXPECT_FALSE(HexDecode("zz"));
  EXPECT_FALSE(HexDecode("0x"));
}

}  // namespace
}  // namespace portcullis
