// The native answers that carry tokens: a token pair (the refresh token in the body or a cookie),
// a login outcome (a pair or the MFA challenge) and the 202 of a mail-sending route.
// Pure functions; thread-safe.
#pragma once

#include "api/native/native_dialect.h"
#include "core/auth_types.h"
#include "http/message.h"

namespace portcullis::api::native {

// The token pair as JSON, with the refresh token moved to a cookie when asked.
http::Response TokenPairResponse(const NativeContext& context, int status,
                                 const core::IssuedTokens& issued, bool cookie);
// 200 with the token pair, or 401 mfa_required with the ticket for the second step.
http::Response LoginOutcomeResponse(const NativeContext& context, const core::LoginOutcome& outcome,
                                    bool cookie);
// 202 with one fixed body: a mail-sending route answers the same whatever the address.
http::Response MailAccepted();

}  // namespace portcullis::api::native
