// The native dialect's handlers, one per route of NativeDialect's table. Each decodes its body,
// calls one service and encodes the answer. Thread-safe (no state of their own).
#pragma once

#include "api/common/call.h"
#include "api/native/native_dialect.h"
#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::native {

using Handler = Result<http::Response> (*)(NativeContext&, Call&);

// auth_handlers.cc: /auth/*
Result<http::Response> Register(NativeContext& context, Call& call);
Result<http::Response> Login(NativeContext& context, Call& call);
Result<http::Response> LoginMfaTotp(NativeContext& context, Call& call);
Result<http::Response> StepUp(NativeContext& context, Call& call);
Result<http::Response> Refresh(NativeContext& context, Call& call);
Result<http::Response> Logout(NativeContext& context, Call& call);

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
