// HBP's mailed-link routes: GET /auth/activate?ticket= and GET /auth/magic-link?token=&action=,
// each a 302 to REDIRECT_URL_SUCCESS with refresh_token= (and the refresh_token cookie unless
// cookie=false), or to REDIRECT_URL_ERROR. Thread-safe.
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "api/common/refresh_cookie.h"
#include "api/hbp/hbp_request.h"
#include "api/hbp/hbp_session_handlers.h"
#include "common/status_macros.h"
#include "common/url_encoding.h"

namespace portcullis::api::hbp {
namespace {

Error Invalid(std::string member, std::string message) {
  return MakeError(ErrorCode::kInvalidRequest, "\"" + member + "\" " + message, member);
}

// The query parameter `key`, required (Joi's message when absent or empty).
Result<std::string> RequiredQuery(const http::Request& request, std::string_view key) {
  ASSIGN_OR_RETURN(std::optional<std::string> value, QueryParam(request, key));
  if (!value || value->empty()) return Invalid(std::string(key), "is required");
  return std::move(*value);
}

// HBP answered 500 without a success URL to send the browser to.
Status RequireSuccessUrl(const HbpContext& context, std::string_view route) {
  if (!context.redirect_url_success.empty()) return Status::Ok();
  return MakeError(ErrorCode::kInternal,
                   "Environment variable REDIRECT_URL_SUCCESS must be set for " +
                       std::string(route) + " to work.");
}

// An unusable link: 302 to REDIRECT_URL_ERROR (as HBP: no parameters), else `error` as Boom.
Result<http::Response> LinkFailed(const HbpContext& context, const Error& error) {
  if (context.redirect_url_error.empty()) return error;
  return Redirect(context.redirect_url_error);
}

// The end of a link that signed the user in: REDIRECT_URL_SUCCESS with refresh_token=, the
// cookie beside it when asked. A user with MFA gets mfa=true&ticket= for POST /auth/mfa/totp.
http::Response LinkSignedIn(const HbpContext& context, const core::LoginOutcome& outcome,
                            bool cookie) {
  if (const auto* challenge = std::get_if<core::MfaChallenge>(&outcome)) {
    return Redirect(
        WithQuery(context.redirect_url_success, {{"mfa", "true"}, {"ticket", challenge->ticket}}));
  }
  const auto& issued = std::get<core::IssuedTokens>(outcome);
  http::Response response =
      Redirect(WithQuery(context.redirect_url_success, {{"refresh_token", issued.refresh_token}}));
  if (cookie) {
    response.AddHeader("Set-Cookie", SetRefreshCookie(context.cookie, issued.refresh_token,
                                                      issued.refresh_expires_in));
  }
  return response;
}

}  // namespace

Result<http::Response> HbpActivate(HbpContext& context, Call& call) {
  RETURN_IF_ERROR(RequireSuccessUrl(context, "activation"));
  ASSIGN_OR_RETURN(const bool cookie, CookieQueryFlag(call.request));
  ASSIGN_OR_RETURN(const std::string ticket, RequiredQuery(call.request, "ticket"));
  if (context.activation == nullptr) {  // AUTO_ACTIVATE_NEW_USERS: no ticket is ever valid
    return LinkFailed(context, MakeError(ErrorCode::kUnauthorized, "Invalid or expired ticket."));
  }
  auto outcome = context.activation->Activate(ticket, call.Client());
  call.RecordOutcome(outcome.ok());
  if (!outcome) return LinkFailed(context, outcome.error());
  return LinkSignedIn(context, *outcome, cookie);
}

Result<http::Response> HbpMagicLink(HbpContext& context, Call& call) {
  ASSIGN_OR_RETURN(const std::string token, RequiredQuery(call.request, "token"));
  ASSIGN_OR_RETURN(const std::string action, RequiredQuery(call.request, "action"));
  if (action != "log-in" && action != "register") {
    return Invalid("action", "must be one of [log-in, register]");
  }
  ASSIGN_OR_RETURN(const bool cookie, CookieQueryFlag(call.request));
  RETURN_IF_ERROR(RequireSuccessUrl(context, "magic links"));
  if (context.magic_links == nullptr) {  // MAGIC_LINK_ENABLED off: no token is ever valid
    return LinkFailed(context, MakeError(ErrorCode::kUnauthorized, "Invalid or expired token."));
  }
  // Both actions spend the same token: the core creates the account of a sign-up link.
  auto outcome = context.magic_links->Verify(token, "", call.Client());
  call.RecordOutcome(outcome.ok());
  if (!outcome) return LinkFailed(context, outcome.error());
  return LinkSignedIn(context, *outcome, cookie);
}

}  // namespace portcullis::api::hbp
