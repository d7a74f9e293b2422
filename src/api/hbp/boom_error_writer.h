// The HBP dialect's error writer: core's Error as a Boom body, {statusCode, error (the reason
// phrase), message}, the shape HBP's clients read. Pure; thread-safe.
#pragma once

#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::hbp {

http::Response WriteBoomError(const Error& error);

}  // namespace portcullis::api::hbp
