// Tests for strict JSON body decoding.
#include "api/common/json_body.h"

#include <gtest/gtest.h>

namespace portcullis::api {
namespace {

http::Request JsonRequest(std::string body, std::string type = "application/json") {
  http::Request request;
  request.body = std::move(body);
  if (!type.empty()) request.headers.emplace_back("content-type", std::move(type));
  return request;
}

TEST(JsonBody, ReadsKnownMembers) {
  auto body =
      JsonBody::Parse(JsonRequest(R"({"email":"a@b.co","cookie":true})"), {"email", "cookie"});
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->RequiredString("email").value(), "a@b.co");
  EXPECT_TRUE(body->OptionalBool("cookie", false).value());
}

TEST(JsonBody, RejectsUnknownMembersNamingThem) {
  auto body = JsonBody::Parse(JsonRequest(R"({"email":"a","admin":true})"), {"email"});
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(body.error().member, "admin");
}

TEST(JsonBody, RejectsMalformedAndNonObjects) {
  for (const char* text : {"{", "[1]", "\"x\"", "{\"a\":1,}", "nul"}) {
    auto body = JsonBody::Parse(JsonRequest(text), {"a"});
    ASSERT_FALSE(body.ok()) << text;
    EXPECT_EQ(body.error().code, ErrorCode::kInvalidRequest);
  }
}

TEST(JsonBody, RejectsDeepNesting) {
  std::string deep = "{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_FALSE(JsonBody::Parse(JsonRequest(deep), {"a"}).ok());
}

Error ParseError(const std::string& text, std::initializer_list<std::string_view> allowed) {
  auto body = JsonBody::Parse(JsonRequest(text), allowed);
  EXPECT_FALSE(body.ok()) << text;
  return body.ok() ? Error{} : body.error();
}

TEST(JsonBody, RejectsRepeatedMemberNamesAtAnyDepth) {
  Error e = ParseError(R"({"email":"a","email":"b"})", {"email"});
  EXPECT_EQ(e.code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(e.member, "email");
  EXPECT_EQ(e.detail, "member email appears twice");
  // The same name after unescaping is the same member.
  e = ParseError(R"({"email":"a","\u0065mail":"b"})", {"email"});
  EXPECT_EQ(e.member, "email");
  e = ParseError(R"({"metadata":{"a":1,"b":{"c":1,"c":2}}})", {"metadata"});
  EXPECT_EQ(e.member, "metadata");
  EXPECT_EQ(e.detail, "member metadata.b.c appears twice");
  e = ParseError(R"({"metadata":{"list":[{"k":1},{"k":1,"k":2}]}})", {"metadata"});
  EXPECT_EQ(e.detail, "member metadata.list[1].k appears twice");
  // Repeated even when unknown, and a repeat of the same value too.
  EXPECT_EQ(ParseError(R"({"x":1,"x":1})", {"email"}).detail, "member x appears twice");
  // Equal names in different objects, and an array's equal values, are fine.
  EXPECT_TRUE(JsonBody::Parse(JsonRequest(R"({"metadata":{"a":{"a":1},"b":{"a":1},"l":[1,1]}})"),
                              {"metadata"})
                  .ok());
}

TEST(JsonBody, RejectsNonFiniteNumbersNamingTheField) {
  Error e = ParseError(R"({"metadata":{"n":1e400}})", {"metadata"});
  EXPECT_EQ(e.code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(e.member, "metadata");
  EXPECT_EQ(e.detail, "metadata.n must be a finite number");
  e = ParseError(R"({"metadata":{"n":-1e400}})", {"metadata"});
  EXPECT_EQ(e.detail, "metadata.n must be a finite number");
  e = ParseError(R"({"metadata":{"list":[1,2.5,[0,-1E+999]]}})", {"metadata"});
  EXPECT_EQ(e.detail, "metadata.list[2][1] must be a finite number");
  e = ParseError(R"({"email":1e400})", {"email"});
  EXPECT_EQ(e.member, "email");
  // Large but finite numbers, and huge integers (read as doubles), are accepted.
  EXPECT_TRUE(JsonBody::Parse(JsonRequest(R"({"metadata":{"n":1e308,"m":-1.7e308,"t":1e-400,)"
                                          R"("i":123456789012345678901234567890}})"),
                              {"metadata"})
                  .ok());
}

TEST(JsonBody, ObjectTextIsAlwaysJsonAgain) {
  auto body = JsonBody::Parse(
      JsonRequest(R"({"metadata":{"n":1e308,"s":"\u0000\"\\","e":"\u00e9","x":-0.0}})"),
      {"metadata"});
  ASSERT_TRUE(body.ok());
  auto text = body->OptionalObjectText("metadata", 1024);
  ASSERT_TRUE(text.ok() && text->has_value());
  boost::system::error_code ec;
  const boost::json::value again = boost::json::parse(**text, ec);
  EXPECT_FALSE(ec) << **text;
  EXPECT_EQ(again.at("s").as_string(), std::string_view("\0\"\\", 3));
}

TEST(JsonBody, RequiresJsonContentType) {
  auto body = JsonBody::Parse(JsonRequest("email=a", "application/x-www-form-urlencoded"), {});
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.error().code, ErrorCode::kUnsupportedMediaType);
  EXPECT_TRUE(JsonBody::Parse(JsonRequest("{}", "application/json; charset=utf-8"), {}).ok());
  EXPECT_TRUE(JsonBody::Parse(JsonRequest("", ""), {}).ok());
}

TEST(JsonBody, TypedGettersNameTheMember) {
  auto body = JsonBody::Parse(JsonRequest(R"({"email":5,"cookie":"yes","metadata":[1]})"),
                              {"email", "cookie", "metadata"});
  ASSERT_TRUE(body.ok());
  auto email = body->RequiredString("email");
  ASSERT_FALSE(email.ok());
  EXPECT_EQ(email.error().member, "email");
  EXPECT_FALSE(body->OptionalBool("cookie", false).ok());
  EXPECT_FALSE(body->OptionalObjectText("metadata", 100).ok());
  auto missing = body->RequiredString("password");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().member, "password");
}

TEST(JsonBody, NullableStringSeparatesNullFromAbsent) {
  auto body = JsonBody::Parse(JsonRequest(R"({"username":null})"), {"username", "x"});
  ASSERT_TRUE(body.ok());
  auto username = body->NullableString("username");
  ASSERT_TRUE(username.ok());
  ASSERT_TRUE(username->has_value());
  EXPECT_FALSE(username->value().has_value());
  EXPECT_FALSE(body->NullableString("x")->has_value());
}

TEST(JsonBody, LimitsObjectSize) {
  auto body = JsonBody::Parse(JsonRequest(R"({"metadata":{"k":"0123456789"}})"), {"metadata"});
  ASSERT_TRUE(body.ok());
  EXPECT_FALSE(body->OptionalObjectText("metadata", 10).ok());
  EXPECT_TRUE(body->OptionalObjectText("metadata", 100).ok());
}

}  // namespace
}  // namespace portcullis::api
