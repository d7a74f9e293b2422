// Tests for CheckBlobKey (core/ports/blob_store.h): the keys every store refuses as defence in
// depth. Single-threaded.
#include <gtest/gtest.h>

#include <string>

#include "core/ports/blob_store.h"

namespace portcullis::core {
namespace {

TEST(BlobKeyTest, AcceptsNormalisedRelativePaths) {
  for (const char* key : {"a", "user/42/photo.jpg", "public/.hidden", "a/b..c/d", "ü/名前.txt",
                          "x/...", "with space/and+plus"}) {
    EXPECT_TRUE(CheckBlobKey(key).ok()) << key;
  }
  EXPECT_TRUE(CheckBlobKey(std::string(kMaxBlobKeyBytes, 'a')).ok());
}

TEST(BlobKeyTest, RefusesTraversalAbsoluteControlAndBackslash) {
  for (const std::string& key :
       {std::string(), std::string("/etc/passwd"), std::string(".."), std::string("a/../b"),
        std::string("a/.."), std::string("./a"), std::string("a/./b"), std::string("a//b"),
        std::string("a/"), std::string("a\\b"), std::string("..\\x"), std::string("a\nb"),
        std::string("a\x7f"), std::string("a\0b", 3), std::string(kMaxBlobKeyBytes + 1, 'a')}) {
    const Status checked = CheckBlobKey(key);
    ASSERT_FALSE(checked.ok()) << key;
    EXPECT_EQ(checked.error().code, ErrorCode::kInvalidRequest);
  }
}

}  // namespace
}  // namespace portcullis::core
