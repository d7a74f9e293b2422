// Tests for table-driven request decoding: every field shape, table order, strictness and limits.
#include "api/common/json_fields.h"

#include <gtest/gtest.h>

namespace portcullis::api {
namespace {

struct Sample {
  std::string name;
  std::optional<std::string> nickname;
  std::optional<std::optional<std::string>> avatar;
  bool subscribe = true;
  std::optional<bool> remember;
  std::optional<std::string> extra;
};
constexpr JsonField<Sample> kSampleFields[] = {
    RequiredString("name", &Sample::name, 8),    OptionalString("nickname", &Sample::nickname),
    NullableString("avatar", &Sample::avatar),   OptionalBool("subscribe", &Sample::subscribe),
    OptionalBool("remember", &Sample::remember), OptionalObject("extra", &Sample::extra, 16),
};

http::Request JsonRequest(std::string body, std::string type = "application/json") {
  http::Request request;
  request.body = std::move(body);
  if (!type.empty()) request.headers.emplace_back("content-type", std::move(type));
  return request;
}

TEST(JsonFields, TableNamesPresenceTypeAndLimit) {
  EXPECT_EQ(kSampleFields[0].rule.name, "name");
  EXPECT_EQ(kSampleFields[0].rule.presence, Presence::kRequired);
  EXPECT_EQ(kSampleFields[0].rule.max_bytes, 8u);
  EXPECT_EQ(kSampleFields[2].rule.presence, Presence::kNullable);
  EXPECT_EQ(kSampleFields[3].rule.type, JsonType::kBool);
  EXPECT_EQ(kSampleFields[5].rule.type, JsonType::kObject);
}

TEST(JsonFields, DecodesEveryShapeIntoItsMember) {
  auto sample =
      DecodeJson(JsonRequest(R"({"name":"ada","nickname":"a","avatar":null,"subscribe":false,)"
                             R"("remember":true,"extra":{"k":1}})"),
                 kSampleFields);
  ASSERT_TRUE(sample.ok()) << sample.error().detail;
  EXPECT_EQ(sample->name, "ada");
  EXPECT_EQ(sample->nickname, "a");
  ASSERT_TRUE(sample->avatar.has_value());
  EXPECT_FALSE(sample->avatar->has_value());  // explicit null
  EXPECT_FALSE(sample->subscribe);
  EXPECT_EQ(sample->remember, true);
  EXPECT_EQ(sample->extra, R"({"k":1})");
}

TEST(JsonFields, AbsentOptionalMembersKeepTheirInitialValues) {
  auto sample = DecodeJson(JsonRequest(R"({"name":"ada","subscribe":null})"), kSampleFields);
  ASSERT_TRUE(sample.ok());
  EXPECT_FALSE(sample->nickname.has_value());
  EXPECT_FALSE(sample->avatar.has_value());  // absent, not null
  EXPECT_TRUE(sample->subscribe);            // the struct's default
  EXPECT_FALSE(sample->remember.has_value());
  EXPECT_FALSE(sample->extra.has_value());
}

TEST(JsonFields, RejectsMembersOutsideTheTableNamingThem) {
  auto sample = DecodeJson(JsonRequest(R"({"name":"ada","admin":true})"), kSampleFields);
  ASSERT_FALSE(sample.ok());
  EXPECT_EQ(sample.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(sample.error().member, "admin");
  EXPECT_EQ(sample.error().detail, "unknown member admin");
}

TEST(JsonFields, RequiredMemberMissingOrNullIsNamed) {
  for (const char* body : {"{}", R"({"name":null})"}) {
    auto sample = DecodeJson(JsonRequest(body), kSampleFields);
    ASSERT_FALSE(sample.ok()) << body;
    EXPECT_EQ(sample.error().member, "name");
    EXPECT_EQ(sample.error().detail, "name is required");
  }
}

TEST(JsonFields, FirstFailingFieldInTableOrderWins) {
  auto sample =
      DecodeJson(JsonRequest(R"({"remember":"yes","nickname":5,"name":"ada"})"), kSampleFields);
  ASSERT_FALSE(sample.ok());
  EXPECT_EQ(sample.error().member, "nickname");
  EXPECT_EQ(sample.error().detail, "nickname must be a string");
}

TEST(JsonFields, WrongTypesAreNamed) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"name":1})", "name must be a string"},
      {R"({"name":"a","avatar":7})", "avatar must be a string or null"},
      {R"({"name":"a","subscribe":"no"})", "subscribe must be a boolean"},
      {R"({"name":"a","remember":1})", "remember must be a boolean"},
      {R"({"name":"a","extra":[1]})", "extra must be an object"},
  };
  for (const auto& [body, detail] : cases) {
    auto sample = DecodeJson(JsonRequest(body), kSampleFields);
    ASSERT_FALSE(sample.ok()) << body;
    EXPECT_EQ(sample.error().code, ErrorCode::kInvalidRequest);
    EXPECT_EQ(sample.error().detail, detail);
  }
}

TEST(JsonFields, LimitsAreEnforcedInBytes) {
  auto long_name = DecodeJson(JsonRequest(R"({"name":"123456789"})"), kSampleFields);
  ASSERT_FALSE(long_name.ok());
  EXPECT_EQ(long_name.error().member, "name");
  EXPECT_EQ(long_name.error().detail, "name is longer than 8 bytes");
  EXPECT_TRUE(DecodeJson(JsonRequest(R"({"name":"12345678"})"), kSampleFields).ok());
  auto big = DecodeJson(JsonRequest(R"({"name":"a","extra":{"k":"0123456789"}})"), kSampleFields);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().member, "extra");
}

TEST(JsonFields, KeepsJsonBodyStrictness) {
  auto form = DecodeJson(JsonRequest("name=a", "application/x-www-form-urlencoded"), kSampleFields);
  ASSERT_FALSE(form.ok());
  EXPECT_EQ(form.error().code, ErrorCode::kUnsupportedMediaType);
  for (const char* text : {"{", "[1]", R"({"name":"a",})"}) {
    auto sample = DecodeJson(JsonRequest(text), kSampleFields);
    ASSERT_FALSE(sample.ok()) << text;
    EXPECT_EQ(sample.error().code, ErrorCode::kInvalidRequest);
  }
}

TEST(JsonFields, EmptyBodiesForRoutesWithoutMembers) {
  EXPECT_TRUE(DecodeEmptyJson(JsonRequest("", "")).ok());
  EXPECT_TRUE(DecodeEmptyJson(JsonRequest("{}")).ok());
  Status extra = DecodeEmptyJson(JsonRequest(R"({"a":1})"));
  ASSERT_FALSE(extra.ok());
  EXPECT_EQ(extra.error().member, "a");
  EXPECT_EQ(DecodeEmptyJson(JsonRequest("{}", "text/plain")).error().code,
            ErrorCode::kUnsupportedMediaType);
}

}  // namespace
}  // namespace portcullis::api
