// MACHHUB's error answers: status from the stable error code, a text/plain body, and the
// WWW-Authenticate / Retry-After headers the status calls for. Pure functions; thread-safe.
#include "api/machhub/machhub_error_writer.h"

#include <algorithm>
#include <string>

#include "api/common/error_status.h"

namespace portcullis::api::machhub {
namespace {

// MACHHUB's document says only "a malformed body returns 400": a body that is not JSON at all
// (another Content-Type) is malformed too.
int StatusOf(ErrorCode code) {
  return code == ErrorCode::kUnsupportedMediaType ? 400 : HttpStatusOf(code);
}

// The body line: fixed texts where the detail could say more than MACHHUB does (which factor
// failed, internal causes), the core's detail (never a secret) elsewhere.
std::string BodyOf(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidCredentials:
      if (error.field == Field::kTotpCode) return "Invalid TOTP Code";
      return std::string(kBadCredentials);
    case ErrorCode::kMfaRequired:
      return "TOTP Code Required: send totp_code (a TOTP or recovery code) with the password";
    case ErrorCode::kUnauthorized:
    case ErrorCode::kTokenInvalid:
    case ErrorCode::kTokenExpired:
      return "Unauthorized";
    case ErrorCode::kRateLimited:
      return "Too Many Requests";
    case ErrorCode::kOverloaded:
    case ErrorCode::kUnavailable:
      return "Service Unavailable";
    case ErrorCode::kInternal:
      return "Internal Server Error";
    case ErrorCode::kInvalidRequest:
    case ErrorCode::kUnsupportedMediaType:
      return "Bad Request: " +
             (error.detail.empty() ? std::string("malformed body") : error.detail);
    default:
      return error.detail.empty() ? std::string(ErrorCodeName(error.code)) : error.detail;
  }
}

}  // namespace

http::Response WriteMachhubError(const Error& error) {
  http::Response response;
  response.status = StatusOf(error.code);
  response.content_type = "text/plain; charset=utf-8";
  response.body = BodyOf(error);
  switch (error.code) {
    case ErrorCode::kUnauthorized:
    case ErrorCode::kTokenInvalid:
    case ErrorCode::kTokenExpired:
      response.AddHeader("WWW-Authenticate", "Bearer");
      break;
    case ErrorCode::kRateLimited:  // seconds until the limit's window ends
      response.AddHeader("Retry-After", std::to_string(std::max<int64_t>(1, error.retry_after)));
      break;
    case ErrorCode::kOverloaded:
    case ErrorCode::kUnavailable:
      response.AddHeader("Retry-After", "1");
      break;
    default:
      break;
  }
  return response;
}

}  // namespace portcullis::api::machhub
