// Tests of the JSON text helpers behind the Hasura claims and the stored role lists.
// Single-threaded.
#include "core/hasura_json.h"

#include <gtest/gtest.h>

namespace portcullis::core {
namespace {

TEST(JsonQuoteTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(JsonQuote("plain"), "\"plain\"");
  EXPECT_EQ(JsonQuote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(JsonQuote("line\nnext\ttab\r"), "\"line\\nnext\\ttab\\r\"");
  EXPECT_EQ(JsonQuote(std::string("\x01\x1f", 2)), "\"\\u0001\\u001f\"");
  EXPECT_EQ(JsonQuote(std::string("nul\0!", 5)), "\"nul\\u0000!\"");
  EXPECT_EQ(JsonQuote("\xc3\xa9t\xc3\xa9"), "\"\xc3\xa9t\xc3\xa9\"");  // UTF-8 passes through
  EXPECT_EQ(JsonQuote("</script>"), "\"</script>\"");
}

TEST(JsonQuoteTest, WhatItWritesReadsBackTheSame) {
  // Every escape JSON has, a control character and a NUL (sizeof counts the literal's bytes).
  constexpr char kNasty[] = "q\"b\\s/\b\f\n\r\t\x02 end\0";
  const std::string nasty(kNasty, sizeof(kNasty) - 1);
  ASSERT_EQ(nasty.size(), 17u);
  EXPECT_EQ(ParseJsonString(JsonQuote(nasty)), nasty);
}

TEST(JsonStringArrayTest, WritesAndReadsBack) {
  EXPECT_EQ(JsonStringArray({}), "[]");
  EXPECT_EQ(JsonStringArray({"user", "me"}), "[\"user\",\"me\"]");
  const std::vector<std::string> roles = {"a,b", "c\"d", "", "\xe2\x82\xac"};
  EXPECT_EQ(ParseJsonStringArray(JsonStringArray(roles)), roles);
}

TEST(ParseJsonStringArrayTest, AcceptsWhitespaceAndEscapes) {
  EXPECT_EQ(ParseJsonStringArray(" [ \"a\" , \"\\u00e9\\ud83d\\ude00\" ] "),
            (std::vector<std::string>{"a", "\xc3\xa9\xf0\x9f\x98\x80"}));
  EXPECT_EQ(ParseJsonStringArray("[]"), std::vector<std::string>{});
}

TEST(ParseJsonStringArrayTest, RefusesAnythingElse) {
  for (const char* bad : {"", "[", "[\"a\"", "[\"a\",]", "[1]", "{}", "[\"a\"] x", "\"a\"",
                          "[\"\\x\"]", "[\"\\ud800\"]", "[\"\\udc00\"]", "[\"a\nb\"]"}) {
    EXPECT_FALSE(ParseJsonStringArray(bad)) << bad;
  }
}

TEST(JsonObjectMembersTest, ReturnsEachMemberAsWritten) {
  auto members = JsonObjectMembers(
      R"( {"name": "Ann", "n\u0061ms" : [1, {"x": "}"}], "age":42 ,"ok":true,"none":null,)"
      R"("o":{"a":[]}} )");
  ASSERT_TRUE(members);
  ASSERT_EQ(members->size(), 6u);
  EXPECT_EQ((*members)[0], (std::pair<std::string, std::string>{"name", "\"Ann\""}));
  EXPECT_EQ((*members)[1], (std::pair<std::string, std::string>{"nams", "[1, {\"x\": \"}\"}]"}));
  EXPECT_EQ((*members)[2].second, "42");
  EXPECT_EQ((*members)[3].second, "true");
  EXPECT_EQ((*members)[4].second, "null");
  EXPECT_EQ((*members)[5].second, "{\"a\":[]}");
  EXPECT_EQ(JsonObjectMembers("{}")->size(), 0u);
}

TEST(JsonObjectMembersTest, RefusesMalformedText) {
  for (const char* bad : {"", "[]", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{a:1}",
                          "{\"a\":1} {}", "{\"a\":\"x}", "{\"a\":[1,}"}) {
    EXPECT_FALSE(JsonObjectMembers(bad)) << bad;
  }
  std::string deep(200, '[');
  EXPECT_FALSE(JsonObjectMembers("{\"a\":" + deep + std::string(200, ']') + "}"));
}

}  // namespace
}  // namespace portcullis::core
