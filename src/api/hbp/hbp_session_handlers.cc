// HBP's register, login, MFA login, token refresh, logout and revoke handlers over the core
// services the native API calls (the rate limits, lockout and audit are theirs). Thread-safe.
#include "api/hbp/hbp_session_handlers.h"

#include <algorithm>
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/common/json_body.h"
#include "api/common/json_fields.h"
#include "api/common/refresh_cookie.h"
#include "api/common/responses.h"
#include "api/hbp/hbp_auth.h"
#include "api/hbp/hbp_request.h"
#include "api/hbp/hbp_views.h"
#include "common/status_macros.h"

namespace portcullis::api::hbp {
namespace {

constexpr std::size_t kMaxUserDataBytes = 16 * 1024;

struct RegisterBody {
  std::string email;
  std::optional<std::string> password;
  std::optional<bool> cookie;
  std::optional<std::string> user_data;
  std::optional<std::string> register_options;
};
constexpr JsonField<RegisterBody> kRegisterFields[] = {
    RequiredString("email", &RegisterBody::email),
    OptionalString("password", &RegisterBody::password),
    OptionalBool("cookie", &RegisterBody::cookie),
    OptionalObject("user_data", &RegisterBody::user_data, kMaxUserDataBytes),
    OptionalObject("register_options", &RegisterBody::register_options, kMaxUserDataBytes),
};

struct LoginBody {
  std::string email;
  std::optional<std::string> password;
  std::optional<bool> cookie;
};
constexpr JsonField<LoginBody> kLoginFields[] = {
    RequiredString("email", &LoginBody::email),
    OptionalString("password", &LoginBody::password),
    OptionalBool("cookie", &LoginBody::cookie),
};

struct TotpBody {
  std::string ticket;
  std::string code;
  std::optional<bool> cookie;
};
constexpr JsonField<TotpBody> kTotpFields[] = {
    RequiredString("ticket", &TotpBody::ticket),
    RequiredString("code", &TotpBody::code),
    OptionalBool("cookie", &TotpBody::cookie),
};

struct LogoutBody {
  bool all = false;
};
constexpr JsonField<LogoutBody> kLogoutFields[] = {OptionalBool("all", &LogoutBody::all)};

constexpr std::string_view kBadRefreshToken = "Invalid or expired refresh token.";

Error Invalid(std::string member, std::string message) {
  return MakeError(ErrorCode::kInvalidRequest, "\"" + member + "\" " + message, member);
}

// register_options {allowed_roles: string[], default_role | default_roles: string} into the
// registration; the core checks them against ALLOWED_USER_ROLES.
Status ReadRegisterOptions(std::string_view json, core::Registration& out) {
  const boost::json::object options = boost::json::parse(json).as_object();
  for (const auto& [key, value] : options) {
    const std::string member = "register_options." + std::string(key);
    if (key == "allowed_roles") {
      if (!value.is_array()) return Invalid(member, "must be an array");
      std::vector<std::string> roles;
      for (const boost::json::value& role : value.as_array()) {
        if (!role.is_string()) return Invalid(member, "must contain only strings");
        roles.emplace_back(role.as_string());
      }
      out.allowed_roles = std::move(roles);
    } else if (key == "default_role" || key == "default_roles") {
      if (!value.is_string()) return Invalid(member, "must be a string");
      if (out.default_role) return Invalid(member, "conflicts with another default role");
      out.default_role = std::string(value.as_string());
    } else {
      return Invalid(member, "is not allowed");
    }
  }
  return Status::Ok();
}

// user_data: the new user's metadata, each member one of registration_custom_fields; a string
// display_name among them names the user.
Status ReadUserData(std::string_view json, const std::vector<std::string>& allowed,
                    core::Registration& out) {
  const boost::json::object data = boost::json::parse(json).as_object();
  for (const auto& [key, value] : data) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return Invalid("user_data." + std::string(key), "is not allowed");
    }
    if (key == "display_name" && value.is_string()) out.display_name = value.as_string();
  }
  out.metadata_json = std::string(json);
  return Status::Ok();
}

// The callback of a service call that opens a session: counts the outcome, then answers with
// HBP's session on the connection's I/O thread, where the access token is signed.
core::Then<core::IssuedTokens> AnswerWithSession(HbpContext& context, CookieMode mode,
                                                 Completion done) {
  return AnswerOnIoThread<core::IssuedTokens>(
      std::move(done),
      [&context, mode](Result<core::IssuedTokens> issued,
                       Completion& done) -> Result<http::Response> {
        done.RecordOutcome(issued.ok());
        RETURN_IF_ERROR(issued);
        return SessionResponse(context, *issued, mode);
      });
}

// The mail of a password-less login or registration (MAGIC_LINK_ENABLED); without magic links a
// password is required, as HBP's schema had it.
Status RequestMagicLink(HbpContext& context, const Call& call, std::string_view email) {
  if (context.magic_links == nullptr) return Invalid("password", "is required");
  return context.magic_links->Request(email, "", "", call.Client());
}

}  // namespace

void HbpRegister(HbpContext& context, Call call, Completion done) {
  auto body = DecodeHbpJson(call.request, kRegisterFields);
  if (!body) return done(body.error());
  core::Registration registration;
  registration.email = std::move(body->email);
  if (body->register_options) {
    if (Status read = ReadRegisterOptions(*body->register_options, registration); !read) {
      return done(read.error());
    }
  }
  if (body->user_data) {
    Status read = ReadUserData(*body->user_data, context.registration_custom_fields, registration);
    if (!read) return done(read.error());
  }
  if (!body->password) {
    // No account yet: the mailed link creates it (magic_link_signup) when it is used.
    Status mailed = RequestMagicLink(context, call, registration.email);
    if (!mailed) return done(mailed.error());
    done.RecordOutcome(true);
    return done(PendingSessionResponse(nullptr));
  }
  registration.password = std::move(*body->password);
  context.accounts.RegisterAsync(
      registration, call.Client(),
      AnswerOnIoThread<core::IssuedTokens>(
          std::move(done),
          [&context, cookie = body->cookie.value_or(true)](
              Result<core::IssuedTokens> issued, Completion& done) -> Result<http::Response> {
            done.RecordOutcome(issued.ok());
            RETURN_IF_ERROR(issued);
            // An account that waits for its activation mail gets no tokens yet.
            if (issued->access_token.empty()) return PendingSessionResponse(&issued->user);
            return SessionResponse(context, *issued, SignInCookieMode(cookie));
          }));
}

void HbpLogin(HbpContext& context, Call call, Completion done) {
  auto body = DecodeHbpJson(call.request, kLoginFields);
  if (!body) return done(body.error());
  if (!body->password) {
    Status mailed = RequestMagicLink(context, call, body->email);
    if (!mailed) return done(mailed.error());
    return done(JsonResponse(200, boost::json::object{{"magicLink", true}}));
  }
  core::Credentials credentials;
  credentials.email = std::move(body->email);
  credentials.password = std::move(*body->password);
  context.accounts.LoginAsync(
      std::move(credentials), call.Client(),
      AnswerOnIoThread<core::LoginOutcome>(
          std::move(done),
          [&context, cookie = body->cookie.value_or(true)](
              Result<core::LoginOutcome> outcome, Completion& done) -> Result<http::Response> {
            const auto* challenge = outcome ? std::get_if<core::MfaChallenge>(&*outcome) : nullptr;
            done.RecordOutcome(outcome.ok() && challenge == nullptr);  // a challenge: not yet
            if (!outcome && outcome.error().code == ErrorCode::kInvalidCredentials) {
              // One message for an unknown address and a wrong password (HBP's login message).
              Error error = outcome.error();
              error.detail = "Username and password do not match";
              return error;
            }
            RETURN_IF_ERROR(outcome);
            if (challenge != nullptr) {
              return JsonResponse(
                  200, boost::json::object{{"mfa", true}, {"ticket", challenge->ticket}});
            }
            return SessionResponse(context, std::get<core::IssuedTokens>(*outcome),
                                   SignInCookieMode(cookie));
          }));
}

void HbpMfaTotp(HbpContext& context, Call call, Completion done) {
  if (context.mfa == nullptr) {
    return done(MakeError(ErrorCode::kInternal,
                          "Please set the MFA_ENABLED env variable to true to use the auth/mfa "
                          "routes."));
  }
  auto body = DecodeHbpJson(call.request, kTotpFields);
  if (!body) return done(body.error());
  context.accounts.LoginWithTicketAsync(
      body->ticket, body->code, call.Client(),
      AnswerWithSession(context, SignInCookieMode(body->cookie.value_or(true)), std::move(done)));
}

// The refresh token of ?refresh_token= or the cookie; the new one goes back the way it came.
void HbpRefresh(HbpContext& context, Call call, Completion done) {
  auto presented = RefreshTokenOf(context, call);
  if (!presented) return done(presented.error());
  if (!*presented || (*presented)->value.empty()) {
    return done(MakeError(ErrorCode::kUnauthorized, std::string(kBadRefreshToken)));
  }
  auto answer = AnswerWithSession(
      context, (*presented)->from_cookie ? CookieMode::kSet : CookieMode::kBody, std::move(done));
  std::string token = std::move((*presented)->value);
  if (context.limiter == nullptr) return context.sessions.RefreshAsync(token, std::move(answer));
  context.limiter->Hit(
      core::Limit::kRefreshPerIp, call.request.remote_ip,
      [&context, token = std::move(token), answer = std::move(answer)](Status allowed) mutable {
        if (!allowed) return answer(core::Ready<core::IssuedTokens>(allowed.error()));
        context.sessions.RefreshAsync(token, std::move(answer));
      });
}

// The session of ?refresh_token= or the cookie ends ({all: true}: every session of its user).
// A token that names no live session is answered 204 too, as HBP did.
void HbpLogout(HbpContext& context, Call call, Completion done) {
  auto body = DecodeHbpJson(call.request, kLogoutFields);
  if (!body) return done(body.error());
  auto presented = RefreshTokenOf(context, call);
  if (!presented) return done(presented.error());
  if (!*presented || (*presented)->value.empty()) {
    return done(MakeError(ErrorCode::kUnauthorized, std::string(kBadRefreshToken)));
  }
  // The revocation is durable and in the revocation list when `revoked` runs.
  auto revoked = [&context, done = std::move(done)](Status status) mutable {
    if (!status && status.error().code != ErrorCode::kTokenInvalid) return done(status.error());
    http::Response response = NoContent();
    response.AddHeader("Set-Cookie", ClearRefreshCookie(context.cookie));
    done(std::move(response));
  };
  const std::string& token = (*presented)->value;
  if (!body->all) return context.sessions.RevokeByRefreshTokenAsync(token, std::move(revoked));
  // Every session of the account, for the current token of a live session only: a spent token
  // (HBP puts refresh tokens into redirect URLs, so old ones linger in histories) ends nothing.
  auto owner = context.sessions.AuthenticateRefreshToken(token);
  if (!owner) return revoked(owner.error());
  revoked(context.sessions.RevokeAll(owner->user_id, ""));
}

Result<http::Response> HbpRevoke(HbpContext& context, Call& call) {
  RETURN_IF_ERROR(context.sessions.RevokeAll(call.principal->user_id, ""));
  http::Response response = NoContent();
  response.AddHeader("Set-Cookie", ClearRefreshCookie(context.cookie));
  return response;
}

}  // namespace portcullis::api::hbp
