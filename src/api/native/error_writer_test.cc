// Tests for the native error writer: error codes to HTTP problem responses.
#include "api/native/error_writer.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace portcullis::api::native {
namespace {

TEST(NativeErrorWriter, ProblemJsonCarriesStableType) {
  http::Response r = WriteNativeError(MakeError(ErrorCode::kConflict, "taken", "email"));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body["type"], "conflict");
  EXPECT_EQ(body["status"], 409);
  EXPECT_EQ(body["detail"], "taken");
  EXPECT_EQ(body["field"], "email");
}

TEST(NativeErrorWriter, AdminOutcomesHaveTypesOfTheirOwn) {
  http::Response disabled = WriteNativeError(
      MakeError(ErrorCode::kForbidden, "the account is disabled", Reason::kAccountDisabled));
  EXPECT_EQ(disabled.status, 403);
  EXPECT_EQ(boost::json::parse(disabled.body).as_object()["type"], "account_disabled");
  http::Response last =
      WriteNativeError(MakeError(ErrorCode::kConflict, "last", Reason::kLastInstanceAdmin));
  EXPECT_EQ(last.status, 409);
  EXPECT_EQ(boost::json::parse(last.body).as_object()["type"], "last_instance_admin");
}

TEST(NativeErrorWriter, TypedFieldsGetTheirNativeNames) {
  auto field_of = [](const Error& error) {
    auto body = boost::json::parse(WriteNativeError(error).body).as_object();
    return body.contains("field") ? std::string(body["field"].as_string()) : std::string("-");
  };
  EXPECT_EQ(field_of(MakeError(ErrorCode::kInvalidCredentials, "x", Field::kTotpCode)),
            "totp_code");
  EXPECT_EQ(field_of(MakeError(ErrorCode::kInvalidCredentials, "x", Field::kOldPassword)),
            "old_password");
  EXPECT_EQ(field_of(MakeError(ErrorCode::kConflict, "x", Field::kEmail, Reason::kTaken)), "email");
  EXPECT_EQ(field_of(MakeError(ErrorCode::kInvalidCredentials, "x", Field::kTicket)), "ticket");
  EXPECT_EQ(field_of(MakeError(ErrorCode::kTokenInvalid, "x", Reason::kTokenReused)), "-");
}

TEST(NativeErrorWriter, NativeDetailNamesTheRouteToTakeNext) {
  auto detail_of = [](const Error& error) {
    auto body = boost::json::parse(WriteNativeError(error).body).as_object();
    return std::string(body["detail"].as_string());
  };
  EXPECT_NE(detail_of(MakeError(ErrorCode::kInvalidRequest, "core text", Reason::kNoPendingSecret))
                .find("/v1/me/mfa/setup"),
            std::string::npos);
  EXPECT_EQ(detail_of(MakeError(ErrorCode::kInvalidRequest, "core text")), "core text");
}

TEST(NativeErrorWriter, MfaChallengeIsTheNativeMfaRequiredProblemWithTheTicket) {
  http::Response r = MfaChallengeResponse(core::MfaChallenge{"opaque-ticket", 300});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body["type"], "mfa_required");
  EXPECT_EQ(body["mfa_ticket"], "opaque-ticket");
  EXPECT_FALSE(body.contains("field"));
}

TEST(NativeErrorWriter, InvalidUtf8InADecoderMemberStaysValidJson) {
  Error error = MakeError(ErrorCode::kInvalidRequest, "unknown member \xff", "\xff");
  http::Response r = WriteNativeError(error);
  EXPECT_EQ(r.status, 400);
  auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body["detail"].as_string().find('\xff'), boost::json::string::npos);
}

TEST(NativeErrorWriter, TokenErrorsAskForBearerAndOverloadForRetry) {
  auto has = [](const http::Response& r, std::string_view name) {
    for (const auto& h : r.headers) {
      if (h.first == name) return true;
    }
    return false;
  };
  EXPECT_TRUE(has(WriteNativeError(MakeError(ErrorCode::kTokenExpired)), "WWW-Authenticate"));
  EXPECT_EQ(WriteNativeError(MakeError(ErrorCode::kTokenExpired)).status, 401);
  http::Response overloaded = WriteNativeError(MakeError(ErrorCode::kOverloaded));
  EXPECT_EQ(overloaded.status, 503);
  EXPECT_TRUE(has(overloaded, "Retry-After"));
  EXPECT_EQ(HttpStatusOf(ErrorCode::kStepUpRequired), 403);
  EXPECT_EQ(HttpStatusOf(ErrorCode::kPayloadTooLarge), 413);
}

}  // namespace
}  // namespace portcullis::api::native
