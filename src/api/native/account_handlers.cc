// The native handlers of the caller's account itself: POST /me/email (change the address),
// POST and GET /me/email/confirm (the confirmation ticket) and DELETE /me (self-deletion).
// Thread-safe; each decodes, calls one service and encodes the answer.
#include "api/common/json_fields.h"
#include "api/common/responses.h"
#include "api/native/company_handlers.h"
#include "api/native/handlers.h"
#include "api/native/link_answers.h"
#include "api/native/token_answers.h"
#include "api/native/views.h"
#include "common/status_macros.h"

namespace portcullis::api::native {
namespace {

struct EmailChangeBody {
  std::string new_email;
};
constexpr JsonField<EmailChangeBody> kEmailChangeFields[] = {
    RequiredString("new_email", &EmailChangeBody::new_email),
};

struct ConfirmBody {
  std::string ticket;
};
constexpr JsonField<ConfirmBody> kConfirmFields[] = {
    RequiredString("ticket", &ConfirmBody::ticket)};

}  // namespace

Result<http::Response> ChangeEmail(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(EmailChangeBody body, DecodeJson(call.request, kEmailChangeFields));
  ASSIGN_OR_RETURN(
      std::optional<core::User> changed,
      context.flows.email_changes->Request(*call.principal, body.new_email, call.Client()));
  if (!changed) return MailAccepted();
  return JsonResponse(200, UserView(*changed, CallerCompanyRole(context, *call.principal)));
}

Result<http::Response> ConfirmEmail(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(ConfirmBody body, DecodeJson(call.request, kConfirmFields));
  ASSIGN_OR_RETURN(core::User user, context.flows.email_changes->Confirm(body.ticket));
  return JsonResponse(200, UserView(user));
}

Result<http::Response> ConfirmEmailLink(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(std::string ticket, QueryValue(call.request, "ticket"));
  auto user = context.flows.email_changes->Confirm(ticket);
  if (!user) return LinkFailed(context.flows, user.error());
  return LinkDone(context.flows, "", "", "Address changed",
                  "Your account now uses this address. You can close this page.");
}

Result<http::Response> DeleteAccount(NativeContext& context, Call& call) {
  RETURN_IF_ERROR(DecodeEmptyJson(call.request));
  RETURN_IF_ERROR(context.flows.deletions->Delete(*call.principal, call.Client()));
  http::Response response = NoContent();
  response.AddHeader("Set-Cookie", ClearRefreshCookie(context.cookie));
  return response;
}

}  // namespace portcullis::api::native
