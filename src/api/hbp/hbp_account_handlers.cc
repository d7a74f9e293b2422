// HBP's account handlers over the core services the native /me routes use; every core rule
// (step-up, password policy, failure limits) is the service's. Thread-safe; decode, call, answer.
#include "api/hbp/hbp_account_handlers.h"

#include <boost/json.hpp>

#include "api/common/json_fields.h"
#include "api/common/qr_code.h"
#include "api/common/refresh_cookie.h"
#include "api/common/responses.h"
#include "api/hbp/hbp_account_errors.h"
#include "api/hbp/hbp_request.h"
#include "common/status_macros.h"

namespace portcullis::api::hbp {
namespace {

struct NewEmailBody {
  std::string new_email;
};
constexpr JsonField<NewEmailBody> kNewEmailFields[] = {
    RequiredString("new_email", &NewEmailBody::new_email)};

struct TicketBody {
  std::string ticket;
};
constexpr JsonField<TicketBody> kTicketFields[] = {RequiredString("ticket", &TicketBody::ticket)};

struct PasswordChangeBody {
  std::string old_password;
  std::string new_password;
};
constexpr JsonField<PasswordChangeBody> kPasswordChangeFields[] = {
    RequiredString("old_password", &PasswordChangeBody::old_password),
    RequiredString("new_password", &PasswordChangeBody::new_password),
};

struct EmailBody {
  std::string email;
};
constexpr JsonField<EmailBody> kEmailFields[] = {RequiredString("email", &EmailBody::email)};

struct ResetBody {
  std::string ticket;
  std::string new_password;
};
constexpr JsonField<ResetBody> kResetFields[] = {
    RequiredString("ticket", &ResetBody::ticket),
    RequiredString("new_password", &ResetBody::new_password),
};

struct CodeBody {
  std::string code;
};
constexpr JsonField<CodeBody> kCodeFields[] = {RequiredString("code", &CodeBody::code)};

// A Boom body of a status no core error code stands for (HBP's 501, its flag-off 500).
http::Response Boom(int status, std::string_view error, std::string_view message) {
  return JsonResponse(
      status, boost::json::object{{"statusCode", status}, {"error", error}, {"message", message}});
}

// No body, or "{}"; anything else in Joi's words.
Status DecodeEmpty(const http::Request& request) {
  const Status empty = DecodeEmptyJson(request);
  if (!empty) return JoiStyle(empty.error());
  return empty;
}

// 204, or the core error reworded for `route`.
Result<http::Response> NoContentOr(const Status& status, AccountRoute route) {
  if (!status) return HbpAccountError(status.error(), route);
  return NoContent();
}

}  // namespace

Result<http::Response> ChangeEmailDirect(HbpContext& context, Call& call) {
  ASSIGN_OR_RETURN(NewEmailBody body, DecodeHbpJson(call.request, kNewEmailFields));
  auto changed = context.email_changes->Request(*call.principal, body.new_email, call.Client());
  if (!changed) return HbpAccountError(changed.error(), AccountRoute::kEmail);
  return NoContent();
}

Result<http::Response> RequestEmailChange(HbpContext& context, Call& call) {
  // With verify_emails the service mails the ticket and changes nothing yet: the same call.
  return ChangeEmailDirect(context, call);
}

Result<http::Response> ConfirmEmailChange(HbpContext& context, Call& call) {
  ASSIGN_OR_RETURN(TicketBody body, DecodeHbpJson(call.request, kTicketFields));
  auto changed = context.email_changes->Confirm(body.ticket);
  if (!changed) return HbpAccountError(changed.error(), AccountRoute::kEmailTicket);
  return NoContent();
}

Result<http::Response> ChangePassword(HbpContext& context, Call& call) {
  ASSIGN_OR_RETURN(PasswordChangeBody body, DecodeHbpJson(call.request, kPasswordChangeFields));
  return NoContentOr(context.accounts.ChangePassword(*call.principal, body.old_password,
                                                     body.new_password, call.Client()),
                     AccountRoute::kPassword);
}

Result<http::Response> RequestPasswordReset(HbpContext& context, Call& call) {
  ASSIGN_OR_RETURN(EmailBody body, DecodeHbpJson(call.request, kEmailFields));
  return NoContentOr(context.password_resets->Forgot(body.email, call.Client()),
                     AccountRoute::kPassword);
}

Result<http::Response> ResetPassword(HbpContext& context, Call& call) {
  ASSIGN_OR_RETURN(ResetBody body, DecodeHbpJson(call.request, kResetFields));
  return NoContentOr(context.password_resets->Reset(body.ticket, body.new_password, call.Client()),
                     AccountRoute::kPasswordTicket);
}

Result<http::Response> GenerateMfa(HbpContext& context, Call& call) {
  RETURN_IF_ERROR(DecodeEmpty(call.request));
  auto enrolment = context.mfa->BeginSetup(*call.principal, call.Client());
  if (!enrolment) return HbpAccountError(enrolment.error(), AccountRoute::kMfa);
  const std::string image_url = QrPngDataUrl(enrolment->otpauth_uri);
  if (image_url.empty()) return MakeError(ErrorCode::kInternal, "Could not create QR code");
  return JsonResponse(
      200, boost::json::object{{"image_url", image_url}, {"otp_secret", enrolment->secret}});
}

Result<http::Response> EnableMfa(HbpContext& context, Call& call) {
  ASSIGN_OR_RETURN(CodeBody body, DecodeHbpJson(call.request, kCodeFields));
  auto codes = context.mfa->ConfirmSetup(*call.principal, body.code, call.Client());
  if (!codes) return HbpAccountError(codes.error(), AccountRoute::kMfa);
  return NoContent();
}

Result<http::Response> DisableMfa(HbpContext& context, Call& call) {
  ASSIGN_OR_RETURN(CodeBody body, DecodeHbpJson(call.request, kCodeFields));
  return NoContentOr(context.mfa->Disable(*call.principal, body.code, call.Client()),
                     AccountRoute::kMfa);
}

Result<http::Response> DeleteAccount(HbpContext& context, Call& call) {
  RETURN_IF_ERROR(DecodeEmpty(call.request));
  const Status deleted = context.deletions->Delete(*call.principal, call.Client());
  if (!deleted) return HbpAccountError(deleted.error(), AccountRoute::kDelete);
  http::Response response = NoContent();
  response.AddHeader("Set-Cookie", ClearRefreshCookie(context.cookie));
  return response;
}

http::Response Jwks(std::string_view jwks_json) {
  boost::system::error_code ec;
  const boost::json::value document = boost::json::parse(jwks_json, ec);
  const boost::json::array* keys = nullptr;
  if (!ec && document.is_object()) {
    if (const auto* member = document.get_object().if_contains("keys")) keys = member->if_array();
  }
  if (keys == nullptr || keys->empty()) {
    return Boom(501, "Not Implemented", "JWKS is not implemented on this server.");
  }
  http::Response response;
  response.status = 200;
  response.content_type = "application/json; charset=utf-8";
  response.body = std::string(jwks_json);
  return response;
}

http::Response Healthz() {
  http::Response response;
  response.status = 200;
  response.content_type = "text/plain; charset=utf-8";
  response.body = "OK";
  return response;
}

http::Response FlagOff() {
  // Boom hides the message of every 500 ("Please set the ... env variable" stayed in HBP's log).
  return Boom(500, "Internal Server Error", "An internal server error occurred");
}

}  // namespace portcullis::api::hbp
