// EmailSignIn: signing in an account that proved its address with a mailed ticket (activation,
// magic link, exchange code): a new session, or for an account with MFA on the usual second step
// (an MFA ticket). Thread-safe; Begin works inside the caller's Write.
#pragma once

#include <string_view>

#include "core/auth_types.h"
#include "core/mfa_service.h"
#include "core/ports/store.h"
#include "core/session_service.h"

namespace portcullis::core {

// What Begin decided inside the Write: a session to issue, or the challenge for the second factor.
struct PendingSignIn {
  User user;
  bool challenged = false;  // true: `challenge` is the answer; false: `fresh` is
  NewSession fresh;
  MfaChallenge challenge;
};

class EmailSignIn {
 public:
  // `mfa` may be null (no second step is ever asked for).
  EmailSignIn(SessionService& sessions, MfaService* mfa) : sessions_(sessions), mfa_(mfa) {}

  // Inside a Write: opens a session authenticated by `amr` ("email", "sso:<provider>"), or
  // issues an MFA ticket whose first factor is `amr` (the second step then opens an "email,otp"
  // session). An `amr` that names a second factor already ("...,mfa": a provider trusted with
  // it) opens the session.
  Result<PendingSignIn> Begin(Repositories& repos, const User& user, std::string_view amr,
                              const ClientInfo& client, int64_t now);
  // After the commit: the token pair (with the displaced sessions noted), or the challenge.
  LoginOutcome Finish(PendingSignIn pending);

 private:
  SessionService& sessions_;
  MfaService* const mfa_;
};

}  // namespace portcullis::core
