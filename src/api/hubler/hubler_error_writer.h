// The Hubler dialect's error writer: {"error": <type>, "error_description": <message>} with the
// document's error table's types and messages. Pure; thread-safe.
#pragma once

#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::hubler {

// The status of the error's code; "Validation" below 500 and "Error" from 500 on; the detail as
// the description (the handler's errors carry the table's messages, hubler_error_table.h).
// Retry-After on 429 and 503. Never cached.
http::Response WriteHublerError(const Error& error);

}  // namespace portcullis::api::hubler
