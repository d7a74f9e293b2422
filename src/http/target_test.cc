// Tests for request-target parsing and per-segment percent-decoding.
// Single-threaded.
#include "http/target.h"

#include <gtest/gtest.h>

namespace portcullis::http {
namespace {

TEST(TargetTest, SplitsPathAndQuery) {
  Request request;
  ASSERT_TRUE(ParseTarget("/a/b%20c?x=1&y=%41", request));
  EXPECT_EQ(request.path, "/a/b c");
  EXPECT_EQ(request.query, "x=1&y=%41");
  EXPECT_EQ(request.target, "/a/b%20c?x=1&y=%41");
  ASSERT_TRUE(ParseTarget("/", request));
  EXPECT_EQ(request.path, "/");
  EXPECT_EQ(request.query, "");
  ASSERT_TRUE(ParseTarget("/a/?", request));
  EXPECT_EQ(request.path, "/a/");
  EXPECT_EQ(request.query, "");
}

TEST(TargetTest, AcceptsAbsoluteForm) {
  Request request;
  ASSERT_TRUE(ParseTarget("http://example.com:8080/v1/x?q=1", request));
  EXPECT_EQ(request.path, "/v1/x");
  EXPECT_EQ(request.query, "q=1");
  EXPECT_EQ(request.target, "/v1/x?q=1");
  ASSERT_TRUE(ParseTarget("https://example.com", request));
  EXPECT_EQ(request.path, "/");
}

TEST(TargetTest, RejectsMalformed) {
  Request request;
  for (const char* bad : {"", "*", "a/b", "/a%", "/a%4", "/a%zz", "/a%4g/b", "/%00", "//x%G1",
                          "http://h?q", "1http://h/"}) {
    EXPECT_FALSE(ParseTarget(bad, request)) << bad;
  }
}

TEST(TargetTest, DecodesSegments) {
  EXPECT_EQ(PercentDecodeSegment("a%2Fb+c"), "a/b+c");
  EXPECT_EQ(PercentDecodeSegment("%e2%82%AC"), "\xE2\x82\xAC");
  EXPECT_EQ(PercentDecodeSegment(""), "");
  EXPECT_FALSE(PercentDecodeSegment("%"));
  EXPECT_FALSE(PercentDecodeSegment("ab%2"));
  EXPECT_EQ(TargetPath("/a?b?c"), "/a");
}

}  // namespace
}  // namespace portcullis::http
