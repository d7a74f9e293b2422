// The one mapping from core's Error to HTTP: status, problem JSON and the headers some errors need.
// Pure functions; thread-safe.
#pragma once

#include "common/status.h"
#include "http/message.h"

namespace portcullis::api {

int HttpStatusOf(ErrorCode code);
// application/problem+json with type, title, status, detail (and field when set); adds
// WWW-Authenticate for token errors and Retry-After for overload.
http::Response ErrorResponse(const Error& error);

}  // namespace portcullis::api
