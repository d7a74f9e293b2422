// The native answers that carry tokens, and the fixed 202 of the mail-sending routes.
// Pure functions; thread-safe.
#include "api/native/token_answers.h"

#include "api/common/responses.h"
#include "api/native/error_writer.h"
#include "api/native/views.h"

namespace portcullis::api::native {

http::Response TokenPairResponse(const NativeContext& context, int status,
                                 const core::IssuedTokens& issued, bool cookie) {
  http::Response response = JsonResponse(status, TokenPairView(issued, !cookie));
  if (cookie) {
    response.AddHeader("Set-Cookie", SetRefreshCookie(context.cookie, issued.refresh_token,
                                                      issued.refresh_expires_in));
  }
  return response;
}

http::Response LoginOutcomeResponse(const NativeContext& context, const core::LoginOutcome& outcome,
                                    bool cookie) {
  if (const auto* challenge = std::get_if<core::MfaChallenge>(&outcome)) {
    return MfaChallengeResponse(*challenge);
  }
  return TokenPairResponse(context, 200, std::get<core::IssuedTokens>(outcome), cookie);
}

http::Response MailAccepted() {
  return JsonResponse(
      202,
      boost::json::object{{"message", "if the address can receive it, a message is on its way"}});
}

}  // namespace portcullis::api::native
