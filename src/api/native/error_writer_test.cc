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

TEST(NativeErrorWriter, ExtraMembersJoinTheProblemBody) {
  Error error = MakeError(ErrorCode::kMfaRequired, "a second factor is required");
  error.extra.emplace_back("mfa_ticket", "opaque-ticket");
  http::Response r = WriteNativeError(error);
  EXPECT_EQ(r.status, 401);
  auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body["type"], "mfa_required");
  EXPECT_EQ(body["mfa_ticket"], "opaque-ticket");
  EXPECT_FALSE(body.contains("field"));
}

TEST(NativeErrorWriter, ExtraMembersAndInvalidUtf8StayValidJson) {
  Error error = MakeError(ErrorCode::kMfaRequired, "unknown member \xff", "totp_code");
  error.extra.emplace_back("mfa_ticket", "t-123");
  http::Response r = WriteNativeError(error);
  EXPECT_EQ(r.status, 401);
  auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body["type"], "mfa_required");
  EXPECT_EQ(body["field"], "totp_code");
  EXPECT_EQ(body["mfa_ticket"], "t-123");
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
