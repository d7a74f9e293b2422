// Request-target parsing: splits an origin-form target into path and query and percent-decodes the
// path one segment at a time. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace portcullis::http {

// Decodes %XX escapes in one path segment ('+' stays '+'). Returns nullopt on a malformed escape
// ("%", "%4", "%zz") and on "%00", which no legitimate path needs.
std::optional<std::string> PercentDecodeSegment(std::string_view segment);

// Appends the decoded segment to `out`; false (with `out` partly written) on a malformed escape.
bool AppendDecodedSegment(std::string_view segment, std::string& out);

// The path part of a raw target: everything before the first '?'.
std::string_view TargetPath(std::string_view target);

// Fills request.target (origin-form: absolute-form is reduced to its path and query), request.path
// (decoded, segment by segment) and request.query (raw, without '?'). Accepts origin-form
// ("/a/b?x=1") and absolute-form ("http://host/a?x=1"); anything else
// (e.g. "*", "a/b") or a malformed escape returns false: the caller answers 400.
bool ParseTarget(std::string_view target, Request& request);

}  // namespace portcullis::http
