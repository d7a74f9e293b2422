// The native error writer: stable error codes to HTTP statuses and problem JSON bodies.
// Pure functions; thread-safe.
#include "api/native/error_writer.h"

#include "http/problem.h"

namespace portcullis::api::native {
namespace {

std::string_view TitleOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidRequest:
      return "Invalid request";
    case ErrorCode::kInvalidCredentials:
      return "Invalid credentials";
    case ErrorCode::kTokenInvalid:
      return "Invalid token";
    case ErrorCode::kTokenExpired:
      return "Token expired";
    case ErrorCode::kUnauthorized:
      return "Authentication required";
    case ErrorCode::kForbidden:
      return "Forbidden";
    case ErrorCode::kNotFound:
      return "Not found";
    case ErrorCode::kConflict:
      return "Conflict";
    case ErrorCode::kPayloadTooLarge:
      return "Payload too large";
    case ErrorCode::kUnsupportedMediaType:
      return "Unsupported media type";
    case ErrorCode::kRateLimited:
      return "Too many requests";
    case ErrorCode::kOverloaded:
      return "Overloaded";
    case ErrorCode::kMfaRequired:
      return "Multi-factor authentication required";
    case ErrorCode::kStepUpRequired:
      return "Re-authentication required";
    case ErrorCode::kUnavailable:
      return "Service unavailable";
    case ErrorCode::kInternal:
      return "Internal error";
  }
  return "Internal error";
}

}  // namespace

int HttpStatusOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidRequest:
      return 400;
    case ErrorCode::kInvalidCredentials:
    case ErrorCode::kTokenInvalid:
    case ErrorCode::kTokenExpired:
    case ErrorCode::kUnauthorized:
    case ErrorCode::kMfaRequired:
      return 401;
    case ErrorCode::kForbidden:
    case ErrorCode::kStepUpRequired:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kUnsupportedMediaType:
      return 415;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kOverloaded:
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

http::Response WriteNativeError(const Error& error) {
  if (error.code == ErrorCode::kOverloaded) return http::OverloadedResponse();  // one 503 writer
  http::ProblemMembers members;
  if (!error.field.empty()) members.emplace_back("field", error.field);
  members.insert(members.end(), error.extra.begin(), error.extra.end());
  http::Response response = http::ProblemResponse(
      HttpStatusOf(error.code), ErrorCodeName(error.code), TitleOf(error.code),
      error.detail.empty() ? TitleOf(error.code) : std::string_view(error.detail), members);
  switch (error.code) {
    case ErrorCode::kUnauthorized:
      response.AddHeader("WWW-Authenticate", "Bearer");
      break;
    case ErrorCode::kTokenInvalid:
    case ErrorCode::kTokenExpired:
      response.AddHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      break;
    case ErrorCode::kUnavailable:
    case ErrorCode::kRateLimited:
      response.AddHeader("Retry-After", "1");
      break;
    default:
      break;
  }
  return response;
}

}  // namespace portcullis::api::native
