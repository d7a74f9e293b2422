// Tests for the JSON response writer: escaping, and valid UTF-8 whatever the strings held.
#include "api/common/responses.h"

#include <gtest/gtest.h>

#include "common/utf8.h"

namespace portcullis::api {
namespace {

bool IsValidUtf8(std::string_view s) {
  std::string scratch;
  return ValidUtf8(s, scratch).data() == s.data();
}

TEST(JsonResponse, EscapesQuotesBackslashesAndControls) {
  const http::Response r = JsonResponse(200, {{"s", std::string("a\"b\\c\n\x01\x7f", 8)}});
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, "{\"s\":\"a\\\"b\\\\c\\n\\u0001\x7f\"}");
  boost::system::error_code ec;
  EXPECT_EQ(boost::json::parse(r.body, ec).at("s").as_string(),
            std::string_view("a\"b\\c\n\x01\x7f", 8));
}

TEST(JsonResponse, ValidUtf8PassesUnchanged) {
  const http::Response r = JsonResponse(200, {{"ua", "Mozilla \xC3\xA9\xF0\x9F\x98\x80"}});
  EXPECT_EQ(r.body, "{\"ua\":\"Mozilla \xC3\xA9\xF0\x9F\x98\x80\"}");
}

TEST(JsonResponse, InvalidUtf8InStringsAndNamesBecomesReplacementCharacters) {
  boost::json::object session{{"user_agent", "bot\xFF\xC3"}, {"ip", "192.0.2.1"}};
  boost::json::object nested{{"k\xFE", boost::json::array{"ok", "\xED\xA0\x80"}}};
  const http::Response r = JsonResponse(
      200, {{"sessions", boost::json::array{session}}, {"metadata", nested}, {"n", 1}});
  EXPECT_TRUE(IsValidUtf8(r.body)) << r.body;
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(r.body, ec);  // rejects invalid UTF-8
  ASSERT_FALSE(ec) << r.body;
  EXPECT_EQ(parsed.at("sessions").at(0).at("user_agent").as_string(),
            "bot\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(parsed.at("sessions").at(0).at("ip").as_string(), "192.0.2.1");
  EXPECT_TRUE(parsed.at("metadata").as_object().contains("k\xEF\xBF\xBD"));
  EXPECT_EQ(parsed.at("n").as_int64(), 1);
}

}  // namespace
}  // namespace portcullis::api
