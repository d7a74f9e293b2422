// The native dialect's error writer: core's Error as HTTP status, problem JSON (RFC 9457) and the
// headers some errors need. The only native code that reads Error::field/extra. Pure; thread-safe.
#pragma once

#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::native {

int HttpStatusOf(ErrorCode code);
// application/problem+json with type, title, status, detail (and field when set); adds
// WWW-Authenticate for token errors and Retry-After for overload.
http::Response WriteNativeError(const Error& error);

}  // namespace portcullis::api::native
