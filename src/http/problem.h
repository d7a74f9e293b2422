// Problem details (RFC 9457) responses: the one JSON error body every module answers with.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.h"

namespace portcullis::http {

inline constexpr std::string_view kProblemContentType = "application/problem+json";

// Extension members (RFC 9457 section 3.2) with string values, e.g. {"field", "email"}.
using ProblemMembers = std::vector<std::pair<std::string, std::string>>;

// {"type":"<type>","title":"<title>","status":<status>,"detail":"<detail>"} plus `members`, with
// Content-Type application/problem+json. `type` is a stable code such as
// ErrorCodeName(ErrorCode::kNotFound). Strings are JSON-escaped and invalid UTF-8 is replaced;
// `detail` goes to the client, so never put secrets or internal error text in it.
Response ProblemResponse(int status, std::string_view type, std::string_view title,
                         std::string_view detail, const ProblemMembers& members = {});

// The one overload answer, for every refusal by a full or stopped executor
// (ErrorCode::kOverloaded): 503, type "overloaded", with "Retry-After: <kRetryAfterSeconds>". The
// detail is fixed: which executor refused is internal (it shows in the per-executor rejection
// metrics).
inline constexpr int kRetryAfterSeconds = 1;
Response OverloadedResponse();

// The standard reason phrase for a status ("Not Found"), or "Unknown" — handy as a problem title.
std::string_view StatusTitle(int status);

}  // namespace portcullis::http
