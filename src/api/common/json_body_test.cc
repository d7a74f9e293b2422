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
