// UTF-8 hygiene: invalid bytes replaced, cuts on character boundaries.
#include "common/utf8.h"

#include <gtest/gtest.h>

namespace portcullis {
namespace {

TEST(Utf8, ValidTextIsReturnedAsIs) {
  std::string scratch;
  EXPECT_EQ(ValidUtf8("curl/8 \xC3\xA9", scratch), "curl/8 \xC3\xA9");
  EXPECT_TRUE(scratch.empty());
}

TEST(Utf8, InvalidBytesBecomeReplacementCharacters) {
  std::string scratch;
  EXPECT_EQ(ValidUtf8("a\xFF"
                      "b\xC0\xAF",
                      scratch),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(ValidUtf8("\xED\xA0\x80", scratch), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Utf8, APrefixNeverSplitsACharacter) {
  // "é" is two bytes: a cut at 2 keeps "a" only, at 3 keeps "aé".
  EXPECT_EQ(ValidUtf8Prefix("a\xC3\xA9z", 2), "a");
  EXPECT_EQ(ValidUtf8Prefix("a\xC3\xA9z", 3), "a\xC3\xA9");
  EXPECT_EQ(ValidUtf8Prefix("abc", 10), "abc");
  EXPECT_EQ(ValidUtf8Prefix("\xFF", 3), "\xEF\xBF\xBD");
  EXPECT_EQ(ValidUtf8Prefix("\xFF", 2), "");
}

}  // namespace
}  // namespace portcullis
