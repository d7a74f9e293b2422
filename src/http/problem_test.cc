// Tests for problem-details responses.
// Single-threaded.
#include "http/problem.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace portcullis::http {
namespace {

TEST(ProblemTest, WritesFieldsInOrder) {
  const Response r = ProblemResponse(404, "not_found", "Not Found", "No such thing.");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/problem+json");
  EXPECT_EQ(r.body,
            R"({"type":"not_found","title":"Not Found","status":404,"detail":"No such thing."})");
}

TEST(ProblemTest, EscapesAndAddsMembers) {
  const Response r = ProblemResponse(400, "invalid_request", "Bad \"Request\"",
                                     "line1\nline2\\\x01", {{"instance", "/v1/x"}});
  const auto json = boost::json::parse(r.body).as_object();
  EXPECT_EQ(json.at("title").as_string(), "Bad \"Request\"");
  EXPECT_EQ(json.at("detail").as_string(), "line1\nline2\\\x01");
  EXPECT_EQ(json.at("instance").as_string(), "/v1/x");
  EXPECT_EQ(json.at("status").as_int64(), 400);
}

TEST(ProblemTest, ReplacesInvalidUtf8) {
  const Response r = ProblemResponse(400, "invalid_request", "t",
                                     "a\xff"
                                     "b\xC3\xA9\xED\xA0\x80");
  const auto json = boost::json::parse(r.body).as_object();
  EXPECT_EQ(json.at("detail").as_string(),
            "a\xEF\xBF\xBD"
            "b\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(ProblemTest, StatusTitles) {
  EXPECT_EQ(StatusTitle(413), "Payload Too Large");
  EXPECT_EQ(StatusTitle(503), "Service Unavailable");
  EXPECT_EQ(StatusTitle(299), "Unknown");
}

}  // namespace
}  // namespace portcullis::http
