// The native /auth/* handlers: register, login (password, then MFA ticket), step-up, refresh,
// logout. Thread-safe; each decodes its body, calls one service and encodes the answer.
#include "api/common/bearer_auth.h"
#include "api/common/json_fields.h"
#include "api/common/responses.h"
#include "api/common/session_cookie.h"
#include "api/native/error_writer.h"
#include "api/native/handlers.h"
#include "api/native/token_answers.h"
#include "api/native/views.h"
#include "common/status_macros.h"

namespace portcullis::api::native {
namespace {

struct RegisterBody {
  std::string email;
  std::string password;
  std::optional<std::string> username;
  std::optional<std::string> display_name;
  std::optional<std::string> metadata;
  bool cookie = false;
  std::optional<std::string> invite;  // a company invite's ticket
};
constexpr JsonField<RegisterBody> kRegisterFields[] = {
    RequiredString("email", &RegisterBody::email),
    RequiredString("password", &RegisterBody::password),
    OptionalString("username", &RegisterBody::username),
    OptionalString("display_name", &RegisterBody::display_name),
    OptionalObject("metadata", &RegisterBody::metadata, kMaxMetadataBytes),
    OptionalBool("cookie", &RegisterBody::cookie),
    OptionalString("invite", &RegisterBody::invite),
};

struct LoginBody {
  std::optional<std::string> email;
  std::optional<std::string> username;
  std::string password;
  bool cookie = false;
  std::optional<std::string> totp_code;
};
constexpr JsonField<LoginBody> kLoginFields[] = {
    OptionalString("email", &LoginBody::email),
    OptionalString("username", &LoginBody::username),
    RequiredString("password", &LoginBody::password),
    OptionalBool("cookie", &LoginBody::cookie),
    OptionalString("totp_code", &LoginBody::totp_code),
};

struct MfaTotpBody {
  std::string ticket;
  std::string code;
  bool cookie = false;
};
constexpr JsonField<MfaTotpBody> kMfaTotpFields[] = {
    RequiredString("ticket", &MfaTotpBody::ticket),
    RequiredString("code", &MfaTotpBody::code),
    OptionalBool("cookie", &MfaTotpBody::cookie),
};

struct StepUpBody {
  std::string password;
  std::optional<std::string> totp_code;
};
constexpr JsonField<StepUpBody> kStepUpFields[] = {
    RequiredString("password", &StepUpBody::password),
    OptionalString("totp_code", &StepUpBody::totp_code),
};

struct LogoutBody {
  std::optional<std::string> refresh_token;  // revoke this token's session (when the caller's)
  bool all = false;                          // revoke every session of the caller
};
constexpr JsonField<LogoutBody> kLogoutFields[] = {
    OptionalString("refresh_token", &LogoutBody::refresh_token),
    OptionalBool("all", &LogoutBody::all),
};

struct RefreshBody {
  std::optional<std::string> refresh_token;
  std::optional<bool> cookie;  // absent: answer the way the token came
};
constexpr JsonField<RefreshBody> kRefreshFields[] = {
    OptionalString("refresh_token", &RefreshBody::refresh_token),
    OptionalBool("cookie", &RefreshBody::cookie),
};

// The callback of a service call that issues a token pair: counts the outcome, then answers with
// the pair (HTTP `status`) on the connection's I/O thread, where the access token is signed.
// `renew_access_cookie`: the caller is a browser session that holds the access-token cookie (set
// by a single sign-on callback); the new access token replaces it, or the session's cookie would
// die with the old token.
core::Then<core::IssuedTokens> AnswerWithTokenPair(NativeContext& context, int status, bool cookie,
                                                   Completion done,
                                                   bool renew_access_cookie = false) {
  return AnswerOnIoThread<core::IssuedTokens>(
      std::move(done),
      [&context, status, cookie, renew_access_cookie](Result<core::IssuedTokens> issued,
                                                      Completion& done) -> Result<http::Response> {
        done.RecordOutcome(issued.ok());
        RETURN_IF_ERROR(issued);
        http::Response response = TokenPairResponse(context, status, *issued, cookie);
        if (renew_access_cookie) {
          response.AddHeader("Set-Cookie", SetAccessCookie(context.cookie, issued->access_token,
                                                           issued->refresh_expires_in));
        }
        return response;
      });
}

// The caller a Bearer header names, checked like Mount checks an Auth::kBearer route.
Result<core::Principal> AuthenticatedBy(NativeContext& context, const http::Request& request) {
  ASSIGN_OR_RETURN(const std::string_view token, BearerToken(request));
  return context.sessions.Authenticate(token);
}

// The refresh cookie's token (nullopt without one). A request with two refresh cookies is refused
// (kInvalidRequest); when the cookie is what authenticates (`other_credential` false), the request
// must pass the origin rule (kForbidden): a cross-site page cannot spend the user's cookie.
Result<std::optional<std::string>> CookieTokenOf(const NativeContext& context, const Call& call,
                                                 bool other_credential) {
  ASSIGN_OR_RETURN(std::optional<std::string> token,
                   ReadRefreshCookie(context.cookie, call.request));
  if (token && !other_credential) RETURN_IF_ERROR(call.Origins().Check(call.request));
  return token;
}

}  // namespace

void Register(NativeContext& context, Call call, Completion done) {
  auto body = DecodeJson(call.request, kRegisterFields);
  if (!body) return done(body.error());
  core::Registration registration;
  registration.email = std::move(body->email);
  registration.password = std::move(body->password);
  registration.username = std::move(body->username);
  registration.display_name = body->display_name.value_or("");
  registration.metadata_json = body->metadata.value_or("{}");
  registration.invite = std::move(body->invite);
  context.accounts.RegisterAsync(
      registration, call.Client(),
      AnswerOnIoThread<core::IssuedTokens>(
          std::move(done),
          [&context, cookie = body->cookie](Result<core::IssuedTokens> issued,
                                            Completion& done) -> Result<http::Response> {
            done.RecordOutcome(issued.ok());
            RETURN_IF_ERROR(issued);
            // An account that waits for its activation link gets no tokens yet.
            if (issued->access_token.empty()) {
              return JsonResponse(201, boost::json::object{{"user", UserView(issued->user)}});
            }
            return TokenPairResponse(context, 201, *issued, cookie);
          }));
}

// The one native handler that reads AccountService::Login's result.
void Login(NativeContext& context, Call call, Completion done) {
  auto body = DecodeJson(call.request, kLoginFields);
  if (!body) return done(body.error());
  if (!body->email && !body->username) {
    return done(InvalidMember("email", "email or username is required"));
  }
  core::Credentials credentials;
  credentials.email = body->email.value_or("");
  credentials.username = credentials.email.empty() ? body->username.value_or("") : "";
  credentials.password = std::move(body->password);
  credentials.second_factor = std::move(body->totp_code);
  context.accounts.LoginAsync(
      std::move(credentials), call.Client(),
      AnswerOnIoThread<core::LoginOutcome>(
          std::move(done),
          [&context, cookie = body->cookie](Result<core::LoginOutcome> outcome,
                                            Completion& done) -> Result<http::Response> {
            const auto* challenge = outcome ? std::get_if<core::MfaChallenge>(&*outcome) : nullptr;
            done.RecordOutcome(outcome.ok() && challenge == nullptr);  // a challenge: not yet
            RETURN_IF_ERROR(outcome);
            if (challenge != nullptr) return MfaChallengeResponse(*challenge);
            return TokenPairResponse(context, 200, std::get<core::IssuedTokens>(*outcome), cookie);
          }));
}

// The second step of a two-step MFA login: the ticket from the 401 mfa_required and a code.
void LoginMfaTotp(NativeContext& context, Call call, Completion done) {
  auto body = DecodeJson(call.request, kMfaTotpFields);
  if (!body) return done(body.error());
  context.accounts.LoginWithTicketAsync(
      body->ticket, body->code, call.Client(),
      AnswerWithTokenPair(context, 200, body->cookie, std::move(done)));
}

// Re-authentication of the caller's session: a fresh access token whose auth_time is now.
Result<http::Response> StepUp(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(StepUpBody body, DecodeJson(call.request, kStepUpFields));
  ASSIGN_OR_RETURN(
      core::IssuedTokens issued,
      context.accounts.StepUp(*call.principal, body.password, body.totp_code, call.Client()));
  return JsonResponse(200, AccessTokenView(issued));
}

// The refresh token in the body; else the refresh cookie, which must then pass the origin rule.
void Refresh(NativeContext& context, Call call, Completion done) {
  auto body = DecodeJson(call.request, kRefreshFields);
  if (!body) return done(body.error());
  auto from_cookie = CookieTokenOf(context, call, body->refresh_token.has_value());
  if (!from_cookie) return done(from_cookie.error());
  // A token that came in a cookie goes back in a cookie unless the client says otherwise.
  const bool cookie = body->cookie.value_or(!body->refresh_token && from_cookie->has_value());
  const std::optional<std::string>& presented =
      body->refresh_token ? body->refresh_token : *from_cookie;
  if (!presented || presented->empty()) {
    return done(InvalidMember("refresh_token", "refresh_token is required"));
  }
  // A browser session (the refresh and access-token cookies, no token in the body) keeps both.
  bool renew_access_cookie = false;
  if (cookie && !body->refresh_token && !context.cookie.session_name.empty()) {
    auto access_cookie = ReadCookie(call.request, context.cookie.session_name);
    if (!access_cookie) return done(access_cookie.error());
    renew_access_cookie = access_cookie->has_value();
  }
  auto answer = AnswerWithTokenPair(context, 200, cookie, std::move(done), renew_access_cookie);
  if (context.limiter == nullptr)
    return context.sessions.RefreshAsync(*presented, std::move(answer));
  context.limiter->Hit(
      core::Limit::kRefreshPerIp, call.request.remote_ip,
      [&context, token = *presented, answer = std::move(answer)](Status allowed) mutable {
        if (!allowed) return answer(core::Ready<core::IssuedTokens>(allowed.error()));
        context.sessions.RefreshAsync(token, std::move(answer));
      });
}

// A Bearer token revokes its session; without an Authorization header, the refresh cookie does
// (when it passes the origin rule).
// A body may name the session instead ({refresh_token}: that token's session, when it is the
// caller's) or ask for every session ({all: true}).
void Logout(NativeContext& context, Call call, Completion done) {
  LogoutBody body;
  if (!call.request.body.empty()) {
    auto decoded = DecodeJson(call.request, kLogoutFields);
    if (!decoded) return done(decoded.error());
    body = std::move(decoded).value();
  }
  // The revocation is durable and in the revocation list when `revoked` runs (writer thread).
  auto revoked = [&context, done = std::move(done)](Status status) mutable {
    if (!status) return done(status.error());
    http::Response response = NoContent();
    response.AddHeader("Set-Cookie", ClearRefreshCookie(context.cookie));
    // A browser session signed in by single sign-on also holds the access-token and CSRF cookies.
    response.AddHeader("Set-Cookie", ClearAccessCookie(context.cookie));
    response.AddHeader("Set-Cookie", ClearCsrfCookie(context.cookie));
    done(std::move(response));
  };
  const bool has_authorization = call.request.Header("authorization").has_value();
  auto cookie = CookieTokenOf(context, call, has_authorization || body.refresh_token);
  if (!cookie) return revoked(cookie.error());
  if (has_authorization) {
    auto principal = AuthenticatedBy(context, call.request);
    if (!principal) return revoked(principal.error());
    if (body.all) return revoked(context.sessions.RevokeAll(principal->user_id, ""));
    if (body.refresh_token) {
      return revoked(
          context.sessions.RevokeOwnedByRefreshToken(principal->user_id, *body.refresh_token));
    }
    context.sessions.RevokeAsync(principal->session_id, std::move(revoked));
  } else if (const std::optional<std::string>& token =
                 body.refresh_token ? body.refresh_token : *cookie) {
    if (!body.all) return context.sessions.RevokeByRefreshTokenAsync(*token, std::move(revoked));
    // Every session of the account, for the current token of a live session only: a spent or
    // expired token ends nothing.
    auto owner = context.sessions.AuthenticateRefreshToken(*token);
    if (!owner) return revoked(owner.error());
    revoked(context.sessions.RevokeAll(owner->user_id, ""));
  } else {
    revoked(MakeError(ErrorCode::kUnauthorized,
                      "a Bearer token, a refresh_token or the refresh cookie is required"));
  }
}

}  // namespace portcullis::api::native
