// The MACHHUB dialect's error writer: 401 as a text/plain line (as MACHHUB answers), other errors
// as a small JSON body. Pure; thread-safe.
#pragma once

#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::machhub {

http::Response WriteMachhubError(const Error& error);

}  // namespace portcullis::api::machhub
