// The Hubler dialect's error writer: {"error": <type>, "error_description": <message>} with the
// document's error table's types and messages. Pure; thread-safe.
#pragma once

#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::hubler {

http::Response WriteHublerError(const Error& error);

}  // namespace portcullis::api::hubler
