// Tests for the Hubler error writer and the mapping of the client-token service's errors onto the
// document's error table.
#include "api/hubler/hubler_error_writer.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/hubler/hubler_error_table.h"

namespace portcullis::api::hubler {
namespace {

boost::json::object BodyOf(const http::Response& response) {
  return boost::json::parse(response.body).as_object();
}

std::optional<std::string> HeaderOf(const http::Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

TEST(HublerErrorWriter, ValidationBelow500AndErrorFrom500) {
  const http::Response bad =
      WriteHublerError(HublerError(ErrorCode::kInvalidRequest, kSecretNotString));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(BodyOf(bad), (boost::json::object{{"error", "Validation"},
                                              {"error_description", "The secret must be str"}}));
  const http::Response down =
      WriteHublerError(HublerError(ErrorCode::kUnavailable, kErrorValidatingAccount));
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(BodyOf(down).at("error"), "Error");
  EXPECT_EQ(HeaderOf(down, "Retry-After"), "1");
}

TEST(HublerErrorTable, EveryFailedAuthenticationIsTheSame401) {
  for (const char* detail : {"client authentication failed", "anything"}) {
    const Error mapped = HublerErrorOf(MakeError(ErrorCode::kUnauthorized, detail));
    EXPECT_EQ(mapped.code, ErrorCode::kUnauthorized);
    EXPECT_EQ(mapped.detail, kAuthenticationFailed);
  }
}

TEST(HublerErrorTable, AnUnknownClientIsTheAccountNotFoundRow) {
  Error unknown = MakeError(ErrorCode::kUnauthorized, "client authentication failed");
  unknown.reason = Reason::kUnknownClient;
  const Error mapped = HublerErrorOf(unknown);
  EXPECT_EQ(mapped.code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(mapped.detail, kAccountNotFound);
}

TEST(HublerErrorTable, ServiceErrorsMapToRows) {
  EXPECT_EQ(HublerErrorOf(MakeError(ErrorCode::kInvalidRequest, "x")).detail, kUserNotFound);
  const Error refused = HublerErrorOf(MakeError(ErrorCode::kForbidden, "x"));
  EXPECT_EQ(refused.code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(refused.detail, kActAsUserRefused);
  const Error down = HublerErrorOf(MakeError(ErrorCode::kUnavailable, "database is down"));
  EXPECT_EQ(down.code, ErrorCode::kUnavailable);
  EXPECT_EQ(down.detail, kErrorValidatingAccount);
  EXPECT_EQ(HublerErrorOf(MakeError(ErrorCode::kInternal, "x")).detail, kErrorGeneratingToken);
  Error limited = MakeError(ErrorCode::kRateLimited, "x");
  limited.retry_after = 42;
  const Error mapped = HublerErrorOf(limited);
  EXPECT_EQ(mapped.retry_after, 42);
  EXPECT_EQ(HeaderOf(WriteHublerError(mapped), "Retry-After"), "42");
}

}  // namespace
}  // namespace portcullis::api::hubler
