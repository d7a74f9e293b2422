// Tests for the in-memory revoked-session set.
#include "core/revoked_sessions.h"

#include <gtest/gtest.h>

namespace portcullis::core {
namespace {

TEST(RevokedSessions, RemembersAndForgets) {
  RevokedSessions set;
  set.Add("a", 100, 0);
  EXPECT_TRUE(set.Contains("a"));
  EXPECT_FALSE(set.Contains("b"));
  // Enough later additions trigger a prune of entries older than `now`.
  for (int i = 0; i < 300; ++i) set.Add("s" + std::to_string(i), 1000, 200);
  EXPECT_FALSE(set.Contains("a"));
  EXPECT_TRUE(set.Contains("s299"));
}

}  // namespace
}  // namespace portcullis::core
