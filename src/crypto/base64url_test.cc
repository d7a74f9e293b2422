// Tests for base64url.h: RFC 4648 vectors, round trips, and rejection of non-canonical input.
// Single-threaded.
#include "crypto/base64url.h"

#include <gtest/gtest.h>

namespace portcullis::crypto {
namespace {

TEST(Base64UrlTest, Rfc4648Vectors) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foob"), "Zm9vYg");
  EXPECT_EQ(Base64UrlEncode("fooba"), "Zm9vYmE");
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64UrlDecode("Zm9vYmE"), "fooba");
  EXPECT_EQ(Base64UrlDecode(""), "");
}

TEST(Base64UrlTest, UsesUrlAlphabet) {
  const std::string bytes("\xfb\xff\xbf", 3);
  EXPECT_EQ(Base64UrlEncode(bytes), "-_-_");
  EXPECT_EQ(Base64UrlDecode("-_-_"), bytes);
  EXPECT_EQ(Base64NoPadEncode(bytes), "+/+/");
  EXPECT_EQ(Base64NoPadDecode("+/+/"), bytes);
}

TEST(Base64UrlTest, RoundTripsAllLengths) {
  std::string bytes;
  for (int n = 0; n < 70; ++n) {
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(bytes)), bytes);
    EXPECT_EQ(Base64NoPadDecode(Base64NoPadEncode(bytes)), bytes);
    bytes.push_back(static_cast<char>(n * 37 + 11));
  }
}

TEST(Base64UrlTest, RejectsNonCanonical) {
  EXPECT_FALSE(Base64UrlDecode("Zg=="));    // padding
  EXPECT_FALSE(Base64UrlDecode("Zm8="));    // padding
  EXPECT_FALSE(Base64UrlDecode("Zm9v+g"));  // standard alphabet character
  EXPECT_FALSE(Base64UrlDecode("Zm9v/g"));  // standard alphabet character
  EXPECT_FALSE(Base64UrlDecode("Zm 9v"));   // whitespace
  EXPECT_FALSE(Base64UrlDecode("Zm9v\n"));  // newline
  EXPECT_FALSE(Base64UrlDecode("Z"));       // length 1 mod 4
  EXPECT_FALSE(Base64UrlDecode("Zm9vY"));   // length 1 mod 4
  EXPECT_FALSE(Base64UrlDecode("Zh"));      // "f" with unused low bits set (canonical: Zg)
  EXPECT_FALSE(Base64UrlDecode("Zm9"));     // "fo" with unused low bits set (canonical: Zm8)
  EXPECT_FALSE(Base64UrlDecode(std::string_view("Zm\0v", 4)));  // NUL
  EXPECT_FALSE(Base64NoPadDecode("Zm9v-g"));  // URL alphabet in the standard decoder
  EXPECT_FALSE(Base64NoPadDecode("Zh"));
}

TEST(Base64UrlTest, EveryLastCharacterVariantDecodesAtMostOnce) {
  // For a 1-byte tail only 4 of 64 final characters are canonical; for a 2-byte tail 16 of 64.
  int accepted_one = 0;
  int accepted_two = 0;
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (char c : alphabet) {
    accepted_one += Base64UrlDecode(std::string("Z") + c).has_value();
    accepted_two += Base64UrlDecode(std::string("Zm") + c).has_value();
  }
  EXPECT_EQ(accepted_one, 4);
  EXPECT_EQ(accepted_two, 16);
}

}  // namespace
}  // namespace portcullis::crypto
