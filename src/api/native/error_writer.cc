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

std::string_view NativeName(Field field) {
  switch (field) {
    case Field::kNone:
      return {};
    case Field::kEmail:
      return "email";
    case Field::kUsername:
      return "username";
    case Field::kPassword:
      return "password";
    case Field::kOldPassword:
      return "old_password";
    case Field::kNewPassword:
      return "new_password";
    case Field::kDisplayName:
      return "display_name";
    case Field::kMetadata:
      return "metadata";
    case Field::kTotpCode:
      return "totp_code";
    case Field::kCode:
      return "code";
    case Field::kTicket:
      return "ticket";
    case Field::kRefreshToken:
      return "refresh_token";
    case Field::kToken:
      return "token";
    case Field::kCodeVerifier:
      return "code_verifier";
    case Field::kRedirectTo:
      return "redirect_to";
    case Field::kNewEmail:
      return "new_email";
    case Field::kInvite:
      return "invite";
    case Field::kDefaultRole:
      return "default_role";
    case Field::kAllowedRoles:
      return "allowed_roles";
  }
  return {};
}

// Where the native API says more than core's human text: the native routes to take next.
std::string_view NativeDetail(const Error& error) {
  switch (error.reason) {
    case Reason::kNoPendingSecret:
      return "no pending secret: call POST /v1/me/mfa/setup";
    case Reason::kSecondFactorMissing:
      return "totp_code is required: MFA is enabled";
    case Reason::kStepUpStale:
      return "this operation needs a recent authentication: call POST /v1/auth/step-up and retry "
             "with the new access token";
    default:
      break;
  }
  return error.detail.empty() ? TitleOf(error.code) : std::string_view(error.detail);
}

// The `reason` member of a 400 whose cause a client can explain to its user (the `type` stays
// the stable `invalid_request`); empty for every other error.
std::string_view NativeReason(Reason reason) {
  switch (reason) {
    case Reason::kInvisibleCharacter:
      return "invisible_character";
    case Reason::kCommonPassword:
      return "common_password";
    case Reason::kRepetitive:
      return "repetitive_password";
    case Reason::kSequence:
      return "sequential_password";
    case Reason::kTooWeak:
      return "weak_password";
    case Reason::kPermissionNotHeld:
      return "permission_not_held";
    default:
      return {};
  }
}

}  // namespace

std::string_view NativeFieldName(const Error& error) {
  if (!error.member.empty()) return error.member;
  return NativeName(error.field);
}

// The problem's type: the code's name, but where a reason is a distinct outcome clients act on.
std::string_view NativeType(const Error& error) {
  if (error.reason == Reason::kAccountInactive) return "account_inactive";
  if (error.reason == Reason::kAccountDisabled) return "account_disabled";
  if (error.reason == Reason::kLastOwner) return "last_owner";
  if (error.reason == Reason::kLastInstanceAdmin) return "last_instance_admin";
  if (error.reason == Reason::kLastLoginMethod) return "last_login_method";
  if (error.reason == Reason::kTicketUnusable && error.code == ErrorCode::kInvalidRequest) {
    return "invalid_ticket";
  }
  return ErrorCodeName(error.code);
}

http::Response WriteNativeError(const Error& error) {
  if (error.code == ErrorCode::kOverloaded) return http::OverloadedResponse();  // one 503 writer
  http::ProblemMembers members;
  if (const std::string_view field = NativeFieldName(error); !field.empty()) {
    members.emplace_back("field", std::string(field));
  }
  if (const std::string_view reason = NativeReason(error.reason); !reason.empty()) {
    members.emplace_back("reason", std::string(reason));
  }
  http::Response response =
      http::ProblemResponse(HttpStatusOf(error.code), NativeType(error), TitleOf(error.code),
                            NativeDetail(error), members);
  switch (error.code) {
    case ErrorCode::kUnauthorized:
      response.AddHeader("WWW-Authenticate", "Bearer");
      break;
    case ErrorCode::kTokenInvalid:
    case ErrorCode::kTokenExpired:
      response.AddHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      break;
    case ErrorCode::kUnavailable:
      response.AddHeader("Retry-After", "1");
      break;
    case ErrorCode::kRateLimited:  // seconds until the limit's window ends
      response.AddHeader("Retry-After", std::to_string(std::max<int64_t>(1, error.retry_after)));
      break;
    default:
      break;
  }
  return response;
}

http::Response MfaChallengeResponse(const core::MfaChallenge& challenge) {
  const ErrorCode code = ErrorCode::kMfaRequired;
  return http::ProblemResponse(HttpStatusOf(code), ErrorCodeName(code), TitleOf(code),
                               "a second factor is required: send totp_code, or POST the "
                               "mfa_ticket with a code to /v1/auth/mfa/totp",
                               {{"mfa_ticket", challenge.ticket}});
}

}  // namespace portcullis::api::native
