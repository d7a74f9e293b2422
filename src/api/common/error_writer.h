// ErrorWriter: how a dialect turns an Error into its own response (status, headers, body).
// A plain function pointer; every writer is thread-safe (pure).
#pragma once

#include "common/status.h"
#include "http/message.h"

namespace portcullis::api {

// Error → the dialect's status, headers and body (problem JSON for the native API).
using ErrorWriter = http::Response (*)(const Error& error);

}  // namespace portcullis::api
