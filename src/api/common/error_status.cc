// The HTTP status each stable error code stands for.
// Pure function; thread-safe.
#include "api/common/error_status.h"

namespace portcullis::api {

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

}  // namespace portcullis::api
