// How HBP's routes read a request: JSON bodies with Joi-style messages ("\"email\" is required"),
// query parameters, the `cookie` flag (true when absent) and the 302 of the link routes.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/common/json_fields.h"
#include "common/status.h"
#include "http/message.h"

namespace portcullis::api::hbp {

// A decoder's error with the member quoted as Joi, HBP's validator, wrote it: "email is required"
// → "\"email\" is required", "unknown member x" → "\"x\" is not allowed". Others pass unchanged.
Error JoiStyle(Error error);

// DecodeJson with JoiStyle messages (an empty body reads as "{}", as DecodeJson has it).
template <class T, std::size_t N>
Result<T> DecodeHbpJson(const http::Request& request, const JsonField<T> (&fields)[N]) {
  auto decoded = DecodeJson(request, fields);
  if (!decoded) return JoiStyle(decoded.error());
  return decoded;
}

// The value of `key` in the query; nullopt when absent; kInvalidRequest for a malformed query.
Result<std::optional<std::string>> QueryParam(const http::Request& request, std::string_view key);

// The `cookie` query flag of the link routes: "true" or absent → true, anything else false.
Result<bool> CookieQueryFlag(const http::Request& request);

// 302 to `url`, never cached, no Referer onward.
http::Response Redirect(std::string url);

}  // namespace portcullis::api::hbp
