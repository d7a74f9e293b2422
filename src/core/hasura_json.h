// JSON text for the Hasura claims and the stored role lists, without a JSON library (core/ has
// none): quoting strings, string arrays, and reading the top-level members of an object. Pure
// functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portcullis::core {

// `text` as a JSON string literal, quotes included: `"` and `\` escaped, control characters as
// \n, \t, ... or \u00XX. Other bytes (UTF-8) pass through unchanged.
std::string JsonQuote(std::string_view text);

// `["a","b"]`, each element quoted by JsonQuote.
std::string JsonStringArray(const std::vector<std::string>& items);

// The strings of a JSON array of strings (whitespace allowed, escapes decoded, \uXXXX surrogate
// pairs joined into UTF-8); nothing when `json` is anything else.
std::optional<std::vector<std::string>> ParseJsonStringArray(std::string_view json);

// The value of a JSON string literal (quotes included in `json`), escapes decoded; nothing when
// `json` is not exactly one string.
std::optional<std::string> ParseJsonString(std::string_view json);

// The members of a JSON object in order: (decoded name, the value's JSON text as written, without
// surrounding whitespace). Nothing when `json` is not one well-formed object.
std::optional<std::vector<std::pair<std::string, std::string>>> JsonObjectMembers(
    std::string_view json);

}  // namespace portcullis::core
