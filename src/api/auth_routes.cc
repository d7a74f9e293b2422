// /v1/auth/*: register, login, refresh and logout.
// Handlers are thread-safe; they only decode, call one service and encode.
#include "api/error_mapping.h"
#include "api/handler_adapters.h"
#include "api/json_body.h"
#include "api/native_routes.h"
#include "api/views.h"

namespace portcullis::api {
namespace {

// The token pair as JSON, with the refresh token moved to a cookie when asked.
http::Response TokenPairResponse(const ApiContext& context, int status,
                                 const core::IssuedTokens& issued, bool cookie) {
  http::Response response = JsonResponse(status, TokenPairView(issued, !cookie));
  if (cookie) {
    response.AddHeader("Set-Cookie", SetRefreshCookie(context.cookie, issued.refresh_token,
                                                      issued.refresh_expires_in));
  }
  return response;
}

Result<http::Response> Register(ApiContext& context, http::Request& request) {
  auto body = JsonBody::Parse(
      request, {"email", "password", "username", "display_name", "metadata", "cookie"});
  if (!body) return body.error();
  core::Registration registration;
  auto email = body->RequiredString("email");
  if (!email) return email.error();
  auto password = body->RequiredString("password");
  if (!password) return password.error();
  auto username = body->OptionalString("username");
  if (!username) return username.error();
  auto display_name = body->OptionalString("display_name");
  if (!display_name) return display_name.error();
  auto metadata = body->OptionalObjectText("metadata", context.max_metadata_bytes);
  if (!metadata) return metadata.error();
  auto cookie = body->OptionalBool("cookie", false);
  if (!cookie) return cookie.error();
  registration.email = std::move(*email);
  registration.password = std::move(*password);
  registration.username = std::move(*username);
  registration.display_name = display_name->value_or("");
  registration.metadata_json = metadata->value_or("{}");

  auto issued = context.accounts.Register(registration, ClientOf(request));
  if (!issued) return issued.error();
  context.metrics.Count(Metrics::Event::kRegistration);
  return TokenPairResponse(context, 201, *issued, *cookie);
}

Result<http::Response> Login(ApiContext& context, http::Request& request) {
  auto body = JsonBody::Parse(request, {"email", "username", "password", "cookie", "totp_code"});
  if (!body) return body.error();
  auto email = body->OptionalString("email");
  if (!email) return email.error();
  auto username = body->OptionalString("username");
  if (!username) return username.error();
  auto password = body->RequiredString("password");
  if (!password) return password.error();
  auto cookie = body->OptionalBool("cookie", false);
  if (!cookie) return cookie.error();
  auto totp = body->OptionalString("totp_code");
  if (!totp) return totp.error();
  if (!*email && !*username) {
    return MakeError(ErrorCode::kInvalidRequest, "email or username is required", "email");
  }
  core::Credentials credentials;
  credentials.email = email->value_or("");
  credentials.username = credentials.email.empty() ? username->value_or("") : "";
  credentials.password = std::move(*password);
  credentials.second_factor = std::move(*totp);

  auto outcome = context.accounts.Login(credentials, ClientOf(request));
  if (!outcome) {
    context.metrics.Count(Metrics::Event::kLoginFailure);
    return outcome.error();
  }
  if (const auto* challenge = std::get_if<core::MfaChallenge>(&*outcome)) {
    context.metrics.Count(Metrics::Event::kLoginFailure);  // not logged in yet
    return MfaChallengeResponse(*challenge);
  }
  context.metrics.Count(Metrics::Event::kLoginSuccess);
  return TokenPairResponse(context, 200, std::get<core::IssuedTokens>(*outcome), *cookie);
}

// The second step of a two-step MFA login: the ticket from the 401 mfa_required and a code.
Result<http::Response> MfaTotp(ApiContext& context, http::Request& request) {
  auto body = JsonBody::Parse(request, {"ticket", "code", "cookie"});
  if (!body) return body.error();
  auto ticket = body->RequiredString("ticket");
  if (!ticket) return ticket.error();
  auto code = body->RequiredString("code");
  if (!code) return code.error();
  auto cookie = body->OptionalBool("cookie", false);
  if (!cookie) return cookie.error();
  auto issued = context.accounts.LoginWithTicket(*ticket, *code, ClientOf(request));
  if (!issued) {
    context.metrics.Count(Metrics::Event::kLoginFailure);
    return issued.error();
  }
  context.metrics.Count(Metrics::Event::kLoginSuccess);
  return TokenPairResponse(context, 200, *issued, *cookie);
}

// Re-authentication of the caller's session: a fresh access token whose auth_time is now.
Result<http::Response> StepUp(ApiContext& context, http::Request& request,
                              const core::Principal& principal) {
  auto body = JsonBody::Parse(request, {"password", "totp_code"});
  if (!body) return body.error();
  auto password = body->RequiredString("password");
  if (!password) return password.error();
  auto totp = body->OptionalString("totp_code");
  if (!totp) return totp.error();
  auto issued = context.accounts.StepUp(principal, *password, *totp, ClientOf(request));
  if (!issued) return issued.error();
  return JsonResponse(200, AccessTokenView(*issued));
}

Result<http::Response> Refresh(ApiContext& context, http::Request& request) {
  auto body = JsonBody::Parse(request, {"refresh_token", "cookie"});
  if (!body) return body.error();
  auto token = body->OptionalString("refresh_token");
  if (!token) return token.error();
  const std::optional<std::string> from_cookie = ReadRefreshCookie(context.cookie, request);
  // A token that came in a cookie goes back in a cookie unless the client says otherwise.
  auto cookie = body->OptionalBool("cookie", !*token && from_cookie.has_value());
  if (!cookie) return cookie.error();
  const std::optional<std::string>& presented = *token ? *token : from_cookie;
  if (!presented || presented->empty()) {
    return MakeError(ErrorCode::kInvalidRequest, "refresh_token is required", "refresh_token");
  }
  auto issued = context.sessions.Refresh(*presented);
  if (!issued) {
    context.metrics.Count(Metrics::Event::kRefreshFailure);
    return issued.error();
  }
  context.metrics.Count(Metrics::Event::kRefreshSuccess);
  return TokenPairResponse(context, 200, *issued, *cookie);
}

Result<http::Response> Logout(ApiContext& context, http::Request& request) {
  if (auto body = JsonBody::Parse(request, {}); !body) return body.error();
  Status revoked;
  if (request.Header("authorization")) {
    auto token = BearerToken(request);
    if (!token) return token.error();
    auto principal = context.sessions.Authenticate(*token);
    if (!principal) return principal.error();
    revoked = context.sessions.Revoke(principal->session_id);
  } else if (auto cookie = ReadRefreshCookie(context.cookie, request)) {
    revoked = context.sessions.RevokeByRefreshToken(*cookie);
  } else {
    return MakeError(ErrorCode::kUnauthorized, "a Bearer token or the refresh cookie is required");
  }
  if (!revoked) return revoked.error();
  http::Response response = NoContent();
  response.AddHeader("Set-Cookie", ClearRefreshCookie(context.cookie));
  return response;
}

}  // namespace

void AddAuthRoutes(http::Router& router, ApiContext& context) {
  const auto bind = [&context](Result<http::Response> (*fn)(ApiContext&, http::Request&)) {
    return Adapt([&context, fn](http::Request& request) { return fn(context, request); });
  };
  AddRoute(router, context.metrics, "POST", "/v1/auth/register", bind(Register));
  AddRoute(router, context.metrics, "POST", "/v1/auth/login", bind(Login));
  AddRoute(router, context.metrics, "POST", "/v1/auth/refresh", bind(Refresh));
  AddRoute(router, context.metrics, "POST", "/v1/auth/logout", bind(Logout));
  AddRoute(router, context.metrics, "POST", "/v1/auth/mfa/totp", bind(MfaTotp));
  AddRoute(router, context.metrics, "POST", "/v1/auth/step-up",
           WithPrincipal(context.sessions,
                         [&context](http::Request& request, const core::Principal& principal) {
                           return StepUp(context, request, principal);
                         }));
}

}  // namespace portcullis::api
