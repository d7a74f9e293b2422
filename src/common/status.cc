// Names of the stable error codes, as they appear in problem JSON `type`.
// Pure functions.
#include "common/status.h"

namespace portcullis {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidRequest:
      return "invalid_request";
    case ErrorCode::kInvalidCredentials:
      return "invalid_credentials";
    case ErrorCode::kTokenInvalid:
      return "token_invalid";
    case ErrorCode::kTokenExpired:
      return "token_expired";
    case ErrorCode::kUnauthorized:
      return "unauthorized";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kPayloadTooLarge:
      return "payload_too_large";
    case ErrorCode::kUnsupportedMediaType:
      return "unsupported_media_type";
    case ErrorCode::kRateLimited:
      return "rate_limited";
    case ErrorCode::kOverloaded:
      return "overloaded";
    case ErrorCode::kMfaRequired:
      return "mfa_required";
    case ErrorCode::kStepUpRequired:
      return "step_up_required";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace portcullis
