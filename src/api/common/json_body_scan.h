// The checks on a JSON request body that Boost.JSON's value parser does not make: a member name
// twice in one object (the parser keeps the last; a firewall reading the first would see another
// request) and a number that is not finite (1e400 overflows to infinity, which no JSON can hold).
// Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

#include "common/status.h"

namespace portcullis::api {

// Ok when `text` (syntactically valid JSON) has neither problem at any depth; otherwise
// kInvalidRequest for the first one, naming the top-level member it sits in (Error::member) and
// its path in the detail ("metadata.tags[2] must be a finite number", "member email appears
// twice"). A syntax error is kInvalidRequest without a member.
Status ScanJsonBody(std::string_view text, std::size_t max_depth);

}  // namespace portcullis::api
