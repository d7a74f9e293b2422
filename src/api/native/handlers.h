// The native dialect's handlers, one per route of NativeDialect's table. Each decodes its body,
// calls one service and encodes the answer. Thread-safe (no state of their own).
#pragma once

#include "api/common/call.h"
#include "api/common/completion.h"
#include "api/native/native_dialect.h"
#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::native {

using Handler = Result<http::Response> (*)(NativeContext&, Call&);
// An async handler (api/common/completion.h): decodes, starts the service's async form and
// returns; the answer is sent from the I/O thread once the service is done.
using AsyncHandler = void (*)(NativeContext&, Call, Completion);

// auth_handlers.cc: /auth/* (async but step-up, which stays on the workers)
void Register(NativeContext& context, Call call, Completion done);
void Login(NativeContext& context, Call call, Completion done);
void LoginMfaTotp(NativeContext& context, Call call, Completion done);
Result<http::Response> StepUp(NativeContext& context, Call& call);
void Refresh(NativeContext& context, Call call, Completion done);
void Logout(NativeContext& context, Call call, Completion done);

// activation_handlers.cc: /auth/activate*, /auth/exchange
Result<http::Response> Activate(NativeContext& context, Call& call);
Result<http::Response> ActivateLink(NativeContext& context, Call& call);
Result<http::Response> ResendActivation(NativeContext& context, Call& call);
Result<http::Response> Exchange(NativeContext& context, Call& call);

// magic_link_handlers.cc: /auth/magic-link*
Result<http::Response> RequestMagicLink(NativeContext& context, Call& call);
Result<http::Response> MagicLink(NativeContext& context, Call& call);
Result<http::Response> VerifyMagicLink(NativeContext& context, Call& call);

// password_reset_handlers.cc: /auth/password/*
Result<http::Response> ForgotPassword(NativeContext& context, Call& call);
Result<http::Response> ResetPassword(NativeContext& context, Call& call);
Result<http::Response> PasswordResetPage(NativeContext& context, Call& call);
Result<http::Response> PasswordResetForm(NativeContext& context, Call& call);

// account_handlers.cc: /me/email*, DELETE /me
Result<http::Response> ChangeEmail(NativeContext& context, Call& call);
Result<http::Response> ConfirmEmail(NativeContext& context, Call& call);
Result<http::Response> ConfirmEmailLink(NativeContext& context, Call& call);
Result<http::Response> DeleteAccount(NativeContext& context, Call& call);

// me_handlers.cc: /me/*
Result<http::Response> GetProfile(NativeContext& context, Call& call);
Result<http::Response> PatchProfile(NativeContext& context, Call& call);
Result<http::Response> ChangePassword(NativeContext& context, Call& call);
Result<http::Response> ListSessions(NativeContext& context, Call& call);
Result<http::Response> DeleteSession(NativeContext& context, Call& call);
Result<http::Response> RevokeAllSessions(NativeContext& context, Call& call);

// mfa_handlers.cc: /me/mfa/*
Result<http::Response> MfaSetup(NativeContext& context, Call& call);
Result<http::Response> MfaVerify(NativeContext& context, Call& call);
Result<http::Response> MfaDisable(NativeContext& context, Call& call);
Result<http::Response> MfaRecoveryCodes(NativeContext& context, Call& call);

}  // namespace portcullis::api::native
