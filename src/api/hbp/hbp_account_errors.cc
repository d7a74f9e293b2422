// The account routes' error wording: Joi's quoting of request members, then HBP's own messages.
// Pure functions; thread-safe.
#include "api/hbp/hbp_account_errors.h"

#include <string>
#include <utility>

#include "api/hbp/hbp_request.h"

namespace portcullis::api::hbp {
namespace {

Error Reworded(Error error, ErrorCode code, std::string detail) {
  error.code = code;
  error.detail = std::move(detail);
  return error;
}

}  // namespace

Error HbpAccountError(Error error, AccountRoute route) {
  if (!error.member.empty()) return JoiStyle(std::move(error));
  switch (error.reason) {
    case Reason::kStepUpStale:
      // HBP has no step-up route: its clients get there again by logging in.
      return Reworded(std::move(error), ErrorCode::kStepUpRequired,
                      "This operation needs a recent login: log in again and retry.");
    case Reason::kTaken:
      return Reworded(std::move(error), ErrorCode::kInvalidRequest, "Cannot use this email.");
    case Reason::kTicketUnusable:
      if (route == AccountRoute::kEmailTicket || route == AccountRoute::kPasswordTicket) {
        return Reworded(std::move(error), ErrorCode::kTokenInvalid, "Invalid or expired ticket.");
      }
      break;
    case Reason::kMfaAlreadyEnabled:
      return Reworded(std::move(error), ErrorCode::kInvalidRequest, "MFA is already enabled.");
    case Reason::kMfaNotEnabled:
      return Reworded(std::move(error), ErrorCode::kInvalidRequest, "MFA is already disabled.");
    case Reason::kNoPendingSecret:
      return Reworded(std::move(error), ErrorCode::kInvalidRequest, "OTP secret is not set.");
    default:
      break;
  }
  if (error.code == ErrorCode::kInvalidCredentials) {
    if (route == AccountRoute::kMfa) error.detail = "Invalid two-factor code.";
    if (route == AccountRoute::kPassword && error.field != Field::kCode &&
        error.field != Field::kTotpCode) {
      error.detail = "Incorrect current password.";
    }
    return error;
  }
  if (error.code == ErrorCode::kInvalidRequest && error.reason == Reason::kNone) {
    if (error.field == Field::kNewEmail) error.detail = "\"new_email\" must be a valid email";
    if (error.field == Field::kEmail) error.detail = "\"email\" must be a valid email";
  }
  return error;
}

}  // namespace portcullis::api::hbp
