// The mapping of the client-token service's errors onto the Hubler error table.
// Pure functions; thread-safe.
#include "api/hubler/hubler_error_table.h"

#include <string>

namespace portcullis::api::hubler {

Error HublerError(ErrorCode code, std::string_view message) {
  return MakeError(code, std::string(message));
}

Error HublerErrorOf(const Error& issue_error) {
  switch (issue_error.code) {
    case ErrorCode::kUnauthorized:
      if (issue_error.reason == Reason::kUnknownClient) {
        return HublerError(ErrorCode::kInvalidRequest, kAccountNotFound);
      }
      return HublerError(ErrorCode::kUnauthorized, kAuthenticationFailed);
    case ErrorCode::kInvalidRequest:
      return HublerError(ErrorCode::kInvalidRequest, kUserNotFound);
    case ErrorCode::kForbidden:
      // The table's errors are 400 unless it says otherwise; this one it does not list.
      return HublerError(ErrorCode::kInvalidRequest, kActAsUserRefused);
    case ErrorCode::kRateLimited: {
      Error limited = HublerError(ErrorCode::kRateLimited, kTooManyFailures);
      limited.retry_after = issue_error.retry_after;
      return limited;
    }
    case ErrorCode::kUnavailable:
    case ErrorCode::kOverloaded:
      return HublerError(ErrorCode::kUnavailable, kErrorValidatingAccount);
    default:
      return HublerError(ErrorCode::kInternal, kErrorGeneratingToken);
  }
}

}  // namespace portcullis::api::hubler
