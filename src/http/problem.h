// Problem details (RFC 9457) responses: the one JSON error body every module answers with.
// Pure functions; thread-safe.
#pragma once

#include <string_view>

#include "http/message.h"

namespace portcullis::http {

inline constexpr std::string_view kProblemContentType = "application/problem+json";

// {"type":"<type>","title":"<title>","status":<status>,"detail":"<detail>"} plus "instance" when
// non-empty, with Content-Type application/problem+json. `type` is a stable code such as
// ErrorCodeName(ErrorCode::kNotFound). Strings are JSON-escaped; `detail` goes to the client, so
// never put secrets or internal error text in it.
Response ProblemResponse(int status, std::string_view type, std::string_view title,
                         std::string_view detail, std::string_view instance = {});

// The standard reason phrase for a status ("Not Found"), or "Unknown" — handy as a problem title.
std::string_view StatusTitle(int status);

}  // namespace portcullis::http
