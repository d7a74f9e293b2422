// Query strings and application/x-www-form-urlencoded bodies: parsing into decoded key/value pairs.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace portcullis::http {

// In order of appearance; repeated keys are kept. "a" (no '=') gives {"a", ""}.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Parses "a=1&b=x+y&c=%20" (without the leading '?'): percent-escapes are decoded and '+' means a
// space. Empty pieces ("a=1&&b=2") are skipped. A malformed escape or a decoded NUL gives
// kInvalidRequest. Works the same for form-encoded request bodies.
Result<QueryParams> ParseQuery(std::string_view query);

// The first value for `key`, or nullopt.
std::optional<std::string_view> FindParam(const QueryParams& params, std::string_view key);

}  // namespace portcullis::http
