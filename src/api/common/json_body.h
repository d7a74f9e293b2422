// JsonBody: strict decoding of a JSON request body — content type, syntax, an object, known
// members only, and typed getters that name the member at fault. Not thread-safe; one per request.
#pragma once

#include <boost/json.hpp>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/status.h"
#include "http/message.h"

namespace portcullis::api {

// kInvalidRequest naming the request member at fault: the one place the API layer fills
// Error::field, so every decoding error and member check of every dialect goes through it.
Error InvalidMember(std::string_view member, std::string detail);

class JsonBody {
 public:
  // kUnsupportedMediaType unless Content-Type is application/json (or +json); kInvalidRequest for
  // malformed JSON, a non-object, a member name repeated in any object, a number that is not
  // finite (1e400) anywhere, or a member not in `allowed`. An empty body is an empty object.
  static Result<JsonBody> Parse(const http::Request& request,
                                std::span<const std::string_view> allowed);
  static Result<JsonBody> Parse(const http::Request& request,
                                std::initializer_list<std::string_view> allowed) {
    return Parse(request, std::span<const std::string_view>(allowed.begin(), allowed.size()));
  }

  bool Has(std::string_view name) const;
  // Absent or null → nullopt; present with another type → kInvalidRequest naming the member.
  Result<std::optional<std::string>> OptionalString(std::string_view name) const;
  Result<std::string> RequiredString(std::string_view name) const;
  Result<bool> OptionalBool(std::string_view name, bool fallback) const;
  // Absent or null → nullopt.
  Result<std::optional<bool>> OptionalBool(std::string_view name) const;
  // A JSON object member, serialised; absent → nullopt.
  Result<std::optional<std::string>> OptionalObjectText(std::string_view name,
                                                        std::size_t max_bytes) const;
  // The member's JSON value for a dialect's own decoding of arrays and nested objects; null when
  // absent.
  const boost::json::value* Find(std::string_view name) const { return object_.if_contains(name); }
  // Distinguishes an absent member (nullopt) from an explicit null (inner nullopt).
  Result<std::optional<std::optional<std::string>>> NullableString(std::string_view name) const;

 private:
  explicit JsonBody(boost::json::object object) : object_(std::move(object)) {}
  boost::json::object object_;
};

}  // namespace portcullis::api
