// The native single sign-on handlers: decode the query or body, call the SsoService, answer with
// the redirects of sso_answers.h or JSON. Thread-safe.
#include "api/native/sso_handlers.h"

#include "api/common/json_fields.h"
#include "api/common/responses.h"
#include "api/common/session_cookie.h"
#include "api/native/link_answers.h"
#include "api/native/sso_answers.h"
#include "api/native/sso_views.h"
#include "common/hex.h"
#include "common/status_macros.h"
#include "core/async.h"
#include "core/rate_limiter.h"
#include "http/query.h"

namespace portcullis::api::native {
namespace {

// Random bytes of the double-submit CSRF token.
constexpr std::size_t kCsrfTokenBytes = 32;

struct StartQuery {
  std::string redirect_uri;
  std::string invite;
  std::string code_challenge;
};

Result<StartQuery> DecodeStartQuery(const http::Request& request) {
  ASSIGN_OR_RETURN(const auto params, http::ParseQuery(request.query));
  const auto value = [&](std::string_view key) {
    return std::string(http::FindParam(params, key).value_or(""));
  };
  const std::string method = value("code_challenge_method");
  if (!method.empty() && method != "S256") {
    return MakeError(ErrorCode::kInvalidRequest, "code_challenge_method must be S256");
  }
  return StartQuery{value("redirect_uri"), value("invite"), value("code_challenge")};
}

core::SsoStartRequest StartRequestFor(const NativeContext& context, const std::string& provider) {
  core::SsoStartRequest start;
  start.provider = provider;
  start.callback_url = SsoCallbackUrl(context.sso.public_base, provider);
  return start;
}

struct LinkBody {
  std::optional<std::string> redirect_uri;
};
constexpr JsonField<LinkBody> kLinkFields[] = {
    OptionalString("redirect_uri", &LinkBody::redirect_uri),
};

Result<LinkBody> DecodeLinkBody(const http::Request& request) {
  if (request.body.empty()) return LinkBody{};
  return DecodeJson(request, kLinkFields);
}

// A fresh double-submit token (hex of random bytes), or "" when csrf_double_submit is off.
std::string NewCsrfToken(const NativeContext& context) {
  if (!context.cookie.csrf_double_submit || context.sso.random == nullptr) return {};
  return HexEncode(context.sso.random->Bytes(kCsrfTokenBytes));
}

}  // namespace

Result<http::Response> StartSso(NativeContext& context, Call& call) {
  const std::string& provider = call.request.path_params.at("provider");
  ASSIGN_OR_RETURN(StartQuery query, DecodeStartQuery(call.request));
  if (context.limiter != nullptr) {
    // A start is a login attempt: it counts against login_per_ip, so a flood of starts can
    // neither hammer the provider nor fill the ephemeral store with flow records.
    RETURN_IF_ERROR(core::Await<Status>([&](core::RateLimiter::Done done) {
      context.limiter->Hit(core::Limit::kLoginPerIp, call.request.remote_ip, std::move(done));
    }));
  }
  core::SsoStartRequest start = StartRequestFor(context, provider);
  start.redirect_uri = std::move(query.redirect_uri);
  start.invite = std::move(query.invite);
  start.code_challenge = std::move(query.code_challenge);
  auto started = context.sso.service->Start(start);
  if (!started) {
    // A dead invite or a provider that cannot be reached ends the flow where it would have
    // ended (the redirect_uri has passed the allowlist by then); anything else (an unknown
    // provider, a refused redirect_uri or code_challenge) is answered here.
    const Error& error = started.error();
    std::string_view code;
    if (error.field == Field::kInvite) code = core::sso_error::kInvalidInvite;
    if (error.code == ErrorCode::kUnavailable) code = core::sso_error::kProviderUnavailable;
    if (code.empty()) return error;
    return SsoStartFailed(context.sso.pages, start.redirect_uri, code);
  }
  http::Response response = Found(std::move(started->authorization_url));
  response.AddHeader("Set-Cookie", SsoBindingCookie(context.cookie, started->browser_binding));
  return response;
}

Result<http::Response> SsoCallback(NativeContext& context, Call& call) {
  const std::string& provider = call.request.path_params.at("provider");
  ASSIGN_OR_RETURN(const auto params, http::ParseQuery(call.request.query));
  const auto value = [&](std::string_view key) {
    return std::string(http::FindParam(params, key).value_or(""));
  };
  core::SsoCallbackRequest request;
  request.provider = provider;
  request.state = value("state");
  request.code = value("code");
  request.error = value("error");
  // Two binding cookies (one planted by a sibling subdomain) bind to no browser: invalid_state.
  const auto binding = ReadCookie(call.request, kSsoBindingCookie);
  request.browser_binding = binding ? binding->value_or("") : "";
  request.callback_url = SsoCallbackUrl(context.sso.public_base, provider);
  request.client = call.Client();
  const core::SsoCallbackOutcome outcome = context.sso.service->Callback(request);
  call.RecordOutcome(outcome.error.empty());
  const SsoFinish finish{context.sso.pages, context.cookie, NewCsrfToken(context)};
  return SsoCallbackAnswer(finish, outcome);
}

Result<http::Response> ListIdentities(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(const std::vector<core::LinkedIdentity> identities,
                   context.sso.service->ListIdentities(call.principal->user_id));
  boost::json::array list;
  for (const auto& identity : identities) list.push_back(LinkedIdentityView(identity));
  return JsonResponse(200, boost::json::object{{"identities", std::move(list)}});
}

Result<http::Response> LinkIdentity(NativeContext& context, Call& call) {
  const core::Principal& principal = *call.principal;
  ASSIGN_OR_RETURN(LinkBody body, DecodeLinkBody(call.request));
  RETURN_IF_ERROR(context.sso.step_up->Check(principal));
  core::SsoStartRequest start = StartRequestFor(context, call.request.path_params.at("provider"));
  start.redirect_uri = body.redirect_uri.value_or("");
  start.purpose = core::SsoPurpose::kLink;
  start.link_user_id = principal.user_id;
  ASSIGN_OR_RETURN(core::SsoStart started, context.sso.service->Start(start));
  http::Response response =
      JsonResponse(200, boost::json::object{{"authorization_url", started.authorization_url}});
  response.AddHeader("Set-Cookie", SsoBindingCookie(context.cookie, started.browser_binding));
  response.AddHeader("Cache-Control", "no-store");
  return response;
}

Result<http::Response> UnlinkIdentity(NativeContext& context, Call& call) {
  RETURN_IF_ERROR(context.sso.service->Unlink(call.principal->user_id,
                                              call.request.path_params.at("id"), call.Client()));
  return NoContent();
}

}  // namespace portcullis::api::native
