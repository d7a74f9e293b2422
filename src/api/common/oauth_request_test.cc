// Tests for oauth_request.h: form and JSON parameters, repeated parameters, the size limit, Basic
// credentials with URL-encoded reserved characters, and one authentication method per request.
#include "api/common/oauth_request.h"

#include <gtest/gtest.h>

#include "common/base64.h"

namespace portcullis::api {
namespace {

http::Request Form(std::string body, std::string type = "application/x-www-form-urlencoded") {
  http::Request request;
  request.method = "POST";
  request.body = std::move(body);
  request.headers.emplace_back("content-type", std::move(type));
  return request;
}

http::Request WithBasic(http::Request request, std::string_view user_pass) {
  request.headers.emplace_back("authorization", "Basic " + Base64(user_pass));
  return request;
}

TEST(OAuthRequest, ReadsFormParameters) {
  auto parsed = ParseOAuthRequest(Form("grant_type=client_credentials&scope=a%3Ab%3Ac+d%3Ae%3Af"));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->Param("grant_type"), "client_credentials");
  EXPECT_EQ(parsed->Param("scope"), "a:b:c d:e:f");
  EXPECT_FALSE(parsed->Param("user_id"));
  EXPECT_FALSE(parsed->basic);
}

TEST(OAuthRequest, ReadsJsonStringsOnly) {
  auto parsed =
      ParseOAuthRequest(Form(R"({"grant_type":"client_credentials"})", "application/json"));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->Param("grant_type"), "client_credentials");
  EXPECT_FALSE(ParseOAuthRequest(Form(R"({"scope":1})", "application/json")).ok());
  EXPECT_FALSE(ParseOAuthRequest(Form(R"([1])", "application/json")).ok());
}

TEST(OAuthRequest, RefusesRepeatedParametersOtherTypesAndLargeBodies) {
  EXPECT_FALSE(ParseOAuthRequest(Form("scope=a&scope=b")).ok());
  // JSON too: the value parser would keep the last one.
  EXPECT_FALSE(ParseOAuthRequest(Form(R"({"scope":"a","scope":"b"})", "application/json")).ok());
  EXPECT_FALSE(ParseOAuthRequest(Form("scope=a", "text/plain")).ok());
  EXPECT_FALSE(ParseOAuthRequest(Form("scope=%zz")).ok());
  EXPECT_TRUE(ParseOAuthRequest(Form("scope=" + std::string(kMaxOAuthBodyBytes - 6, 'a'))).ok());
  auto large = ParseOAuthRequest(Form("scope=" + std::string(kMaxOAuthBodyBytes, 'a')));
  ASSERT_FALSE(large.ok());
  EXPECT_EQ(large.error().code, ErrorCode::kInvalidRequest);
}

TEST(OAuthRequest, DecodesUrlEncodedBasicCredentials) {
  // RFC 6749 §2.3.1: id and secret are form-encoded before base64.
  auto parsed = ParseOAuthRequest(
      WithBasic(Form("grant_type=client_credentials"), "my%3Aclient:s%2Bcr%3At%25+x%26y%3D"));
  ASSERT_TRUE(parsed.ok());
  ASSERT_TRUE(parsed->basic);
  EXPECT_EQ(parsed->basic->client_id, "my:client");
  EXPECT_EQ(parsed->basic->client_secret, "s+cr:t% x&y=");
  auto credentials = ClientCredentialsOf(*parsed);
  ASSERT_TRUE(credentials.ok());
  EXPECT_EQ(credentials->client_secret, "s+cr:t% x&y=");
}

TEST(OAuthRequest, RefusesMalformedBasic) {
  http::Request request = Form("");
  request.headers.emplace_back("authorization", "Basic !!!");
  EXPECT_FALSE(ParseOAuthRequest(request).ok());
  EXPECT_FALSE(ParseOAuthRequest(WithBasic(Form(""), "no-colon")).ok());
  http::Request bearer = Form("");
  bearer.headers.emplace_back("authorization", "Bearer x");
  auto unsupported = ParseOAuthRequest(bearer);
  ASSERT_FALSE(unsupported.ok());
  EXPECT_EQ(unsupported.error().code, ErrorCode::kUnauthorized);  // invalid_client
}

TEST(OAuthRequest, OneAuthenticationMethodPerRequest) {
  auto both = ParseOAuthRequest(WithBasic(Form("client_id=a&client_secret=b"), "a:b"));
  ASSERT_TRUE(both.ok());
  auto refused = ClientCredentialsOf(*both);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidRequest);

  auto body = ParseOAuthRequest(Form("client_id=a&client_secret=b"));
  ASSERT_TRUE(body.ok());
  auto credentials = ClientCredentialsOf(*body);
  ASSERT_TRUE(credentials.ok());
  EXPECT_EQ(credentials->client_id, "a");

  auto none = ParseOAuthRequest(Form("client_id=a"));
  ASSERT_TRUE(none.ok());
  auto missing = ClientCredentialsOf(*none);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kUnauthorized);
}

TEST(OAuthRequest, FormDecode) {
  EXPECT_EQ(FormDecode("a+b%2Bc"), "a b+c");
  EXPECT_FALSE(FormDecode("%"));
  EXPECT_FALSE(FormDecode("%4"));
  EXPECT_FALSE(FormDecode("%00"));
}

}  // namespace
}  // namespace portcullis::api
