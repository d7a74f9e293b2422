// POST /auth/login: MACHHUB's username/password login over the native login's core call
// (AccountService::LoginAsync), answering {"success": true, "tkn": "<access token>"}. Thread-safe.
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "api/common/json_fields.h"
#include "api/common/responses.h"
#include "api/machhub/machhub_handlers.h"
#include "common/status_macros.h"

namespace portcullis::api::machhub {
namespace {

struct LoginBody {
  std::string username;  // a username, or an email
  std::string password;
  std::optional<std::string> totp_code;  // a TOTP or recovery code, for an account with MFA
};
constexpr JsonField<LoginBody> kLoginFields[] = {
    RequiredString("username", &LoginBody::username),
    RequiredString("password", &LoginBody::password),
    OptionalString("totp_code", &LoginBody::totp_code),
};

// MACHHUB's one login field as core's credentials: an email when it holds '@' (a username is
// [a-z0-9._-] only, core/identity_rules.h), else a username.
core::Credentials CredentialsOf(LoginBody body) {
  core::Credentials credentials;
  if (body.username.find('@') != std::string::npos) {
    credentials.email = std::move(body.username);
  } else {
    credentials.username = std::move(body.username);
  }
  credentials.password = std::move(body.password);
  credentials.second_factor = std::move(body.totp_code);
  return credentials;
}

// The answer to a login's outcome: the session's access token, or the error MACHHUB writes.
Result<http::Response> LoginAnswer(Result<core::LoginOutcome> outcome, Completion& done) {
  const auto* challenge = outcome ? std::get_if<core::MfaChallenge>(&*outcome) : nullptr;
  done.RecordOutcome(outcome.ok() && challenge == nullptr);  // a challenge: not logged in
  RETURN_IF_ERROR(outcome);
  // MACHHUB has no second step: the code comes with the password (the ticket is left to expire).
  if (challenge != nullptr) return MakeError(ErrorCode::kMfaRequired, "totp_code is required");
  const core::IssuedTokens& issued = std::get<core::IssuedTokens>(*outcome);
  return JsonResponse(200, boost::json::object{{"success", true}, {"tkn", issued.access_token}});
}

}  // namespace

void Login(MachhubContext& context, Call call, Completion done) {
  auto body = DecodeJson(call.request, kLoginFields);
  if (!body) return done(body.error());
  core::ClientInfo client = call.Client();
  client.via = std::string(kDialectName);
  context.accounts.LoginAsync(CredentialsOf(std::move(*body)), client,
                              AnswerOnIoThread<core::LoginOutcome>(std::move(done), &LoginAnswer));
}

}  // namespace portcullis::api::machhub
