// The native activation and exchange-code handlers: POST/GET /auth/activate,
// POST /auth/activate/resend and POST /auth/exchange. Thread-safe; each decodes, calls one service
// and encodes the answer.
#include "api/common/json_fields.h"
#include "api/native/handlers.h"
#include "api/native/link_answers.h"
#include "api/native/token_answers.h"
#include "common/status_macros.h"

namespace portcullis::api::native {
namespace {

struct TicketBody {
  std::string ticket;
  bool cookie = false;
};
constexpr JsonField<TicketBody> kTicketFields[] = {
    RequiredString("ticket", &TicketBody::ticket),
    OptionalBool("cookie", &TicketBody::cookie),
};

struct EmailBody {
  std::string email;
};
constexpr JsonField<EmailBody> kEmailFields[] = {RequiredString("email", &EmailBody::email)};

struct ExchangeBody {
  std::string code;
  std::optional<std::string> code_verifier;
  bool cookie = false;
};
constexpr JsonField<ExchangeBody> kExchangeFields[] = {
    RequiredString("code", &ExchangeBody::code),
    OptionalString("code_verifier", &ExchangeBody::code_verifier),
    OptionalBool("cookie", &ExchangeBody::cookie),
};

}  // namespace

Result<http::Response> Activate(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(TicketBody body, DecodeJson(call.request, kTicketFields));
  ASSIGN_OR_RETURN(core::LoginOutcome outcome,
                   context.flows.activation->Activate(body.ticket, call.Client()));
  call.RecordOutcome(true);
  return LoginOutcomeResponse(context, outcome, body.cookie);
}

Result<http::Response> ActivateLink(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(std::string ticket, QueryValue(call.request, "ticket"));
  ASSIGN_OR_RETURN(std::string redirect_to, QueryValue(call.request, "redirect_to"));
  // A redirect_to that is not allowed is refused before the ticket is spent.
  if (!redirect_to.empty()) RETURN_IF_ERROR(context.flows.redirects->Check(redirect_to));
  auto code = context.flows.activation->ActivateForCode(ticket, "");
  if (!code) return LinkFailed(context.flows, code.error());
  return LinkDone(context.flows, redirect_to, *code, "Account activated",
                  "Your account is active. You can close this page and sign in.");
}

Result<http::Response> ResendActivation(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(EmailBody body, DecodeJson(call.request, kEmailFields));
  RETURN_IF_ERROR(context.flows.activation->Resend(body.email, call.Client()));
  return MailAccepted();
}

Result<http::Response> Exchange(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(ExchangeBody body, DecodeJson(call.request, kExchangeFields));
  ASSIGN_OR_RETURN(core::LoginOutcome outcome,
                   context.flows.exchange_codes->Redeem(body.code, body.code_verifier.value_or(""),
                                                        call.Client()));
  call.RecordOutcome(true);
  return LoginOutcomeResponse(context, outcome, body.cookie);
}

}  // namespace portcullis::api::native
