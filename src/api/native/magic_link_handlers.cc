// The native magic-link handlers: POST /auth/magic-link (mail a link), GET /auth/magic-link (the
// link: a redirect with a code) and POST /auth/magic-link/verify (API clients). Thread-safe.
#include "api/common/json_fields.h"
#include "api/native/handlers.h"
#include "api/native/link_answers.h"
#include "api/native/token_answers.h"
#include "common/status_macros.h"

namespace portcullis::api::native {
namespace {

struct MagicLinkBody {
  std::string email;
  std::optional<std::string> redirect_to;
  std::optional<std::string> code_challenge;
  std::optional<std::string> code_challenge_method;
};
constexpr JsonField<MagicLinkBody> kMagicLinkFields[] = {
    RequiredString("email", &MagicLinkBody::email),
    OptionalString("redirect_to", &MagicLinkBody::redirect_to),
    OptionalString("code_challenge", &MagicLinkBody::code_challenge),
    OptionalString("code_challenge_method", &MagicLinkBody::code_challenge_method),
};

struct VerifyBody {
  std::string token;
  std::optional<std::string> code_verifier;
  bool cookie = false;
};
constexpr JsonField<VerifyBody> kVerifyFields[] = {
    RequiredString("token", &VerifyBody::token),
    OptionalString("code_verifier", &VerifyBody::code_verifier),
    OptionalBool("cookie", &VerifyBody::cookie),
};

}  // namespace

Result<http::Response> RequestMagicLink(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(MagicLinkBody body, DecodeJson(call.request, kMagicLinkFields));
  if (body.code_challenge_method && *body.code_challenge_method != "S256") {
    return InvalidMember("code_challenge_method", "code_challenge_method must be S256");
  }
  RETURN_IF_ERROR(context.flows.magic_links->Request(
      body.email, body.redirect_to.value_or(""), body.code_challenge.value_or(""), call.Client()));
  return MailAccepted();
}

Result<http::Response> MagicLink(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(std::string token, QueryValue(call.request, "token"));
  auto redirect = context.flows.magic_links->VerifyForRedirect(token);
  if (!redirect) return LinkFailed(context.flows, redirect.error());
  call.RecordOutcome(true);
  return LinkDone(context.flows, redirect->redirect_to, redirect->code, "Signed in",
                  "You are signed in. Return to the application.");
}

Result<http::Response> VerifyMagicLink(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(VerifyBody body, DecodeJson(call.request, kVerifyFields));
  ASSIGN_OR_RETURN(core::LoginOutcome outcome,
                   context.flows.magic_links->Verify(body.token, body.code_verifier.value_or(""),
                                                     call.Client()));
  call.RecordOutcome(true);
  return LoginOutcomeResponse(context, outcome, body.cookie);
}

}  // namespace portcullis::api::native
