// The native password-reset handlers: POST /auth/password/forgot and /auth/password/reset (JSON),
// and, without a password_reset_url, the built-in page GET /auth/password/reset?ticket=... whose
// form posts to POST /auth/password/reset/form. Thread-safe.
#include "api/common/json_fields.h"
#include "api/common/responses.h"
#include "api/native/handlers.h"
#include "api/native/link_answers.h"
#include "api/native/token_answers.h"
#include "common/status_macros.h"
#include "http/query.h"

namespace portcullis::api::native {
namespace {

struct ForgotBody {
  std::string email;
};
constexpr JsonField<ForgotBody> kForgotFields[] = {RequiredString("email", &ForgotBody::email)};

struct ResetBody {
  std::string ticket;
  std::string new_password;
};
constexpr JsonField<ResetBody> kResetFields[] = {
    RequiredString("ticket", &ResetBody::ticket),
    RequiredString("new_password", &ResetBody::new_password),
};

// Only base64url characters: a ticket goes into the form as it is.
bool TicketShaped(std::string_view ticket) {
  for (const char c : ticket) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return !ticket.empty() && ticket.size() <= 128;
}

http::Response ResetForm(std::string_view ticket, std::string_view problem) {
  http::Response response =
      Page(200, "Choose a new password", problem.empty() ? "Enter your new password." : problem);
  const std::string form =
      "<form method=\"post\" action=\"reset/form\"><input type=\"hidden\" name=\"ticket\" "
      "value=\"" +
      std::string(ticket) +
      "\"><label>New password <input type=\"password\" name=\"new_password\" "
      "autocomplete=\"new-password\" required minlength=\"8\"></label> <button "
      "type=\"submit\">Save</button></form>";
  response.body.insert(response.body.rfind("</body>"), form);
  // The page may post its form to this server and nothing else.
  for (auto& [name, value] : response.headers) {
    if (name == "Content-Security-Policy") value = "default-src 'none'; form-action 'self'";
  }
  return response;
}

}  // namespace

Result<http::Response> ForgotPassword(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(ForgotBody body, DecodeJson(call.request, kForgotFields));
  RETURN_IF_ERROR(context.flows.password_resets->Forgot(body.email, call.Client()));
  return MailAccepted();
}

Result<http::Response> ResetPassword(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(ResetBody body, DecodeJson(call.request, kResetFields));
  RETURN_IF_ERROR(
      context.flows.password_resets->Reset(body.ticket, body.new_password, call.Client()));
  return NoContent();
}

Result<http::Response> PasswordResetPage(NativeContext&, Call& call) {
  ASSIGN_OR_RETURN(std::string ticket, QueryValue(call.request, "ticket"));
  if (!TicketShaped(ticket)) {
    return Page(400, "Password reset", "This link is incomplete: open the link from the message.");
  }
  return ResetForm(ticket, "");
}

Result<http::Response> PasswordResetForm(NativeContext& context, Call& call) {
  auto params = http::ParseQuery(call.request.body);
  if (!params) return Page(400, "Password reset", "The form could not be read.");
  const std::string ticket(http::FindParam(*params, "ticket").value_or(""));
  const std::string password(http::FindParam(*params, "new_password").value_or(""));
  if (!TicketShaped(ticket)) return Page(400, "Password reset", "The form could not be read.");
  Status reset = context.flows.password_resets->Reset(ticket, password, call.Client());
  if (reset) {
    return Page(200, "Password changed", "Your password was changed. You can sign in with it.");
  }
  const Error& error = reset.error();
  if (error.reason == Reason::kTicketUnusable) {
    return Page(400, "Password reset",
                "This link is expired or was already used. Ask for a new one.");
  }
  if (error.code == ErrorCode::kInvalidRequest) return ResetForm(ticket, error.detail);
  return error;
}

}  // namespace portcullis::api::native
