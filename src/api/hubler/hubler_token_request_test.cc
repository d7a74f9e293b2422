// Tests for the Hubler token request's decoding: each validation row of the document's table, the
// repeated and unknown members it folds into the "missing" rows, and what is accepted.
#include "api/hubler/hubler_token_request.h"

#include <gtest/gtest.h>

#include "api/hubler/hubler_error_table.h"

namespace portcullis::api::hubler {
namespace {

constexpr const char* kAccount = "5723073937d63a18396a1bae";

Result<HublerTokenRequest> Decode(std::string body) {
  http::Request request;
  request.method = "POST";
  request.headers = {{"content-type", "application/json"}};
  request.body = std::move(body);
  return DecodeHublerTokenRequest(request);
}

std::string MessageOf(const Result<HublerTokenRequest>& result) {
  EXPECT_FALSE(result.ok());
  if (result.ok()) return "";
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidRequest);
  return result.error().detail;
}

TEST(HublerTokenRequest, DecodesAccountSecretAndUserId) {
  auto decoded = Decode(R"({"account":"5723073937D63A18396A1BAE","secret":"hubble",)"
                        R"("user_id":"0F8FAD5B-D9CB-469F-A165-70867728950E"})");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->account, kAccount);
  EXPECT_EQ(decoded->secret, "hubble");
  EXPECT_EQ(decoded->user_id, "0f8fad5b-d9cb-469f-a165-70867728950e");
}

TEST(HublerTokenRequest, NullOrEmptyUserIdIsAbsent) {
  for (const char* user_id : {"null", "\"\""}) {
    auto decoded = Decode(std::string(R"({"account":")") + kAccount +
                          R"(","secret":"s","user_id":)" + user_id + "}");
    ASSERT_TRUE(decoded.ok()) << user_id;
    EXPECT_FALSE(decoded->user_id.has_value());
  }
}

TEST(HublerTokenRequest, AnyContentTypeCarriesJson) {
  http::Request request;
  request.headers = {{"content-type", "application/x-www-form-urlencoded"}};
  request.body = std::string(R"({"account":")") + kAccount + R"(","secret":"s"})";
  EXPECT_TRUE(DecodeHublerTokenRequest(request).ok());
}

TEST(HublerTokenRequest, MissingMembersAnswerTheirRows) {
  EXPECT_EQ(MessageOf(Decode(R"({"secret":"s"})")), kMissingAccount);
  EXPECT_EQ(MessageOf(Decode(R"({"account":"","secret":"s"})")), kMissingAccount);
  EXPECT_EQ(MessageOf(Decode(R"({"account":null,"secret":"s"})")), kMissingAccount);
  EXPECT_EQ(MessageOf(Decode(std::string(R"({"account":")") + kAccount + "\"}")), kMissingSecret);
  EXPECT_EQ(MessageOf(Decode(std::string(R"({"account":")") + kAccount + R"(","secret":""})")),
            kMissingSecret);
  // Missing account is reported first.
  EXPECT_EQ(MessageOf(Decode("{}")), kMissingAccount);
}

TEST(HublerTokenRequest, RepeatedOrUnknownMembersAnswerTheMissingRows) {
  const std::string account = std::string("\"account\":\"") + kAccount + "\"";
  EXPECT_EQ(MessageOf(Decode("{" + account + "," + account + R"(,"secret":"s"})")),
            kMissingAccount);
  EXPECT_EQ(MessageOf(Decode("{" + account + R"(,"secret":"s","secret":"t"})")), kMissingSecret);
  EXPECT_EQ(MessageOf(Decode("{" + account + R"(,"secret":"s","user_id":null,"user_id":null})")),
            kMissingAccount);
  EXPECT_EQ(MessageOf(Decode("{" + account + R"(,"secret":"s","scope":"x"})")), kMissingAccount);
}

TEST(HublerTokenRequest, UnreadableBodiesAnswerTheMissingAccountRow) {
  EXPECT_EQ(MessageOf(Decode("")), kMissingAccount);
  EXPECT_EQ(MessageOf(Decode("account=x&secret=y")), kMissingAccount);
  EXPECT_EQ(MessageOf(Decode("[]")), kMissingAccount);
  EXPECT_EQ(MessageOf(Decode(R"({"account":)")), kMissingAccount);
}

TEST(HublerTokenRequest, AccountMustBeAnObjectId) {
  for (const char* account : {R"("5723073937d63a18396a 1bae")", R"("5723073937d63a18396a1ba")",
                              R"("5723073937d63a18396a1bag")", "42", "true", "{}"}) {
    EXPECT_EQ(MessageOf(Decode(std::string(R"({"account":)") + account + R"(,"secret":"s"})")),
              kAccountNotObjectId)
        << account;
  }
}

TEST(HublerTokenRequest, SecretMustBeAString) {
  for (const char* secret : {"42", "true", "[]", "{}"}) {
    EXPECT_EQ(MessageOf(Decode(std::string(R"({"account":")") + kAccount + R"(","secret":)" +
                               secret + "}")),
              kSecretNotString)
        << secret;
  }
}

TEST(HublerTokenRequest, UserIdMustBeAnObjectIdOrAUuid) {
  for (const char* user_id : {R"("alice")", "42", R"("0f8fad5b-d9cb-469f-a165-70867728950")"}) {
    EXPECT_EQ(MessageOf(Decode(std::string(R"({"account":")") + kAccount +
                               R"(","secret":"s","user_id":)" + user_id + "}")),
              kUserIdMalformed)
        << user_id;
  }
  auto object_id = Decode(std::string(R"({"account":")") + kAccount +
                          R"(","secret":"s","user_id":"5723073937d63a18396a1bae"})");
  ASSERT_TRUE(object_id.ok());
  EXPECT_EQ(object_id->user_id, kAccount);
}

}  // namespace
}  // namespace portcullis::api::hubler
