// Tests for query-string and form parsing.
// Single-threaded.
#include "http/query.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>

namespace portcullis::http {
namespace {

TEST(QueryTest, ParsesAndDecodes) {
  auto params = ParseQuery("a=1&b=x+y&c=%20%26&flag&d=&a=2&&e=%E2%82%AC");
  ASSERT_TRUE(params.ok());
  const QueryParams expected = {{"a", "1"}, {"b", "x y"}, {"c", " &"},          {"flag", ""},
                                {"d", ""},  {"a", "2"},   {"e", "\xE2\x82\xAC"}};
  EXPECT_EQ(*params, expected);
  EXPECT_EQ(FindParam(*params, "a"), "1");
  EXPECT_EQ(FindParam(*params, "flag"), "");
  EXPECT_FALSE(FindParam(*params, "zz"));
}

TEST(QueryTest, EmptyIsEmpty) {
  auto params = ParseQuery("");
  ASSERT_TRUE(params.ok());
  EXPECT_TRUE(params->empty());
}

TEST(QueryTest, RejectsMalformedEscapes) {
  for (const char* bad : {"a=%", "a=%2", "a=%zz", "%zz=1", "a=%00"}) {
    auto params = ParseQuery(bad);
    ASSERT_FALSE(params.ok()) << bad;
    EXPECT_EQ(params.error().code, ErrorCode::kInvalidRequest);
  }
}

// A view into a larger buffer ends where the view ends (Boost.URL 1.81 would read on to the NUL).
TEST(QueryTest, StopsAtTheEndOfTheView) {
  const std::string buffer = "a=1&b=2";
  auto params = ParseQuery(std::string_view(buffer).substr(0, 3));
  ASSERT_TRUE(params.ok());
  ASSERT_EQ(params->size(), 1u);
  EXPECT_EQ((*params)[0], (std::pair<std::string, std::string>("a", "1")));
  const std::string digits = "a=12345";
  auto cut = ParseQuery(std::string_view(digits).substr(0, 3));
  ASSERT_TRUE(cut.ok());
  ASSERT_EQ(cut->size(), 1u);
  EXPECT_EQ((*cut)[0].second, "1");
}

}  // namespace
}  // namespace portcullis::http
