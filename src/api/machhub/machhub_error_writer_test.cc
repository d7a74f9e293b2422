// Tests for MACHHUB's error writer: every error is one text/plain line with its status, bad
// credentials read exactly as the document says, and nothing internal is shown.
#include "api/machhub/machhub_error_writer.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace portcullis::api::machhub {
namespace {

std::optional<std::string> HeaderOf(const http::Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

TEST(MachhubErrorWriter, BadCredentialsAreTheDocumentsPlainText) {
  const http::Response response =
      WriteMachhubError(MakeError(ErrorCode::kInvalidCredentials, "the password is wrong"));
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(response.body, "Invalid Username or Password");
}

TEST(MachhubErrorWriter, SecondFactorErrorsSayWhatIsMissingOrWrong) {
  const http::Response missing =
      WriteMachhubError(MakeError(ErrorCode::kMfaRequired, "totp_code is required"));
  EXPECT_EQ(missing.status, 401);
  EXPECT_TRUE(missing.body.starts_with("TOTP Code Required")) << missing.body;
  const http::Response wrong =
      WriteMachhubError(MakeError(ErrorCode::kInvalidCredentials, "wrong code", Field::kTotpCode));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body, "Invalid TOTP Code");
}

TEST(MachhubErrorWriter, MissingOrBadCredentialIsAPlainUnauthorized) {
  for (ErrorCode code :
       {ErrorCode::kUnauthorized, ErrorCode::kTokenInvalid, ErrorCode::kTokenExpired}) {
    const http::Response response = WriteMachhubError(MakeError(code, "the token expired"));
    EXPECT_EQ(response.status, 401);
    EXPECT_EQ(response.body, "Unauthorized");
    EXPECT_EQ(HeaderOf(response, "WWW-Authenticate"), "Bearer");
  }
}

TEST(MachhubErrorWriter, AMalformedBodyIs400WhateverTheCause) {
  const http::Response bad_member =
      WriteMachhubError(MakeError(ErrorCode::kInvalidRequest, "username is required"));
  EXPECT_EQ(bad_member.status, 400);
  EXPECT_EQ(bad_member.body, "Bad Request: username is required");
  const http::Response not_json = WriteMachhubError(
      MakeError(ErrorCode::kUnsupportedMediaType, "the body must be application/json"));
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(not_json.content_type, "text/plain; charset=utf-8");
}

TEST(MachhubErrorWriter, LimitsAndOverloadSayWhenToRetry) {
  Error limited = MakeError(ErrorCode::kRateLimited, "login_per_ip");
  limited.retry_after = 42;
  const http::Response response = WriteMachhubError(limited);
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.body, "Too Many Requests");
  EXPECT_EQ(HeaderOf(response, "Retry-After"), "42");
  const http::Response busy = WriteMachhubError(MakeError(ErrorCode::kOverloaded, "queue full"));
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(busy.body, "Service Unavailable");
  EXPECT_EQ(HeaderOf(busy, "Retry-After"), "1");
}

TEST(MachhubErrorWriter, InternalCausesAreNotShown) {
  const http::Response response =
      WriteMachhubError(MakeError(ErrorCode::kInternal, "sqlite: disk I/O error at /var/db"));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body, "Internal Server Error");
}

}  // namespace
}  // namespace portcullis::api::machhub
