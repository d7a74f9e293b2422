// The MACHHUB dialect's error writer: every error is a short text/plain line (MACHHUB answers bad
// credentials with 401 "Invalid Username or Password"; docs/dialects/machhub.md lists each). Pure;
// thread-safe.
#pragma once

#include <string_view>

#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::machhub {

// The document's body for bad credentials (an unknown user and a wrong password alike).
inline constexpr std::string_view kBadCredentials = "Invalid Username or Password";

http::Response WriteMachhubError(const Error& error);

}  // namespace portcullis::api::machhub
