// Reading a provider's JSON answers: an object from text, and typed members that are absent,
// or present with the wrong type, told apart. Pure functions; thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace portcullis::sso {

// The JSON object `text` holds; `code` (with "what: reason") when it is not one.
Result<boost::json::object> ParseJsonObject(std::string_view text, ErrorCode code,
                                            std::string_view what);

// A member's value; nullopt when absent. `ok` becomes false when present with another type.
std::optional<std::string> StringMember(const boost::json::object& o, std::string_view key,
                                        bool& ok);
// An integral number (JSON integer, or a double with no fraction, within int64).
std::optional<int64_t> IntegerMember(const boost::json::object& o, std::string_view key, bool& ok);
// A boolean; the strings "true" and "false" are accepted too (some providers send them).
std::optional<bool> BoolMember(const boost::json::object& o, std::string_view key, bool& ok);
// A string, or an array of strings (as `aud` may be).
std::optional<std::vector<std::string>> StringsMember(const boost::json::object& o,
                                                      std::string_view key, bool& ok);

}  // namespace portcullis::sso
