// The HTTP status of each stable error code, shared by every dialect's error writer (a dialect
// may still answer some codes its own way). Pure; thread-safe.
#pragma once

#include "common/status.h"

namespace portcullis::api {

int HttpStatusOf(ErrorCode code);

}  // namespace portcullis::api
