// The native dialect's error writer: core's Error as HTTP status, problem JSON (RFC 9457) and the
// headers some errors need. The only native code that names Error fields and reasons. Pure;
// thread-safe.
#pragma once

#include <string_view>

#include "api/common/error_status.h"
#include "common/status.h"
#include "core/auth_types.h"
#include "http/message.h"

namespace portcullis::api::native {

// The native request member an error is about: the decoder's `member`, else the native name of
// its `field` ("totp_code", "old_password", ...); empty when none.
std::string_view NativeFieldName(const Error& error);
// application/problem+json with type, title, status, detail (and field when set); adds
// WWW-Authenticate for token errors and Retry-After for overload.
http::Response WriteNativeError(const Error& error);
// A login that needs its second factor: 401 mfa_required whose `mfa_ticket` member carries the
// ticket (a secret for this caller only).
http::Response MfaChallengeResponse(const core::MfaChallenge& challenge);

}  // namespace portcullis::api::native
