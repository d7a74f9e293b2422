// Table-driven request decoding: a request struct, a constexpr table of JsonField entries (name,
// presence, type, limit, member) and one DecodeJson call with JsonBody's strictness. Thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "api/common/json_body.h"
#include "common/status.h"
#include "common/status_macros.h"
#include "http/message.h"

namespace portcullis::api {

enum class Presence {
  kRequired,  // absent or null → "<name> is required"
  kOptional,  // absent or null → the member keeps its initial value (nullopt, false, ...)
  kNullable,  // absent, null and a value are three different states
};
enum class JsonType { kString, kBool, kObject };  // kObject lands as its serialised text

// The part of a field that does not depend on the request struct.
struct FieldRule {
  std::string_view name;
  Presence presence = Presence::kOptional;
  JsonType type = JsonType::kString;
  std::size_t max_bytes = 0;  // 0: no limit; for kObject the serialised size
};

template <class T>
struct JsonField {
  using Destination = std::variant<std::string T::*, std::optional<std::string> T::*,
                                   std::optional<std::optional<std::string>> T::*, bool T::*,
                                   std::optional<bool> T::*>;
  FieldRule rule;
  Destination destination;
};

// The constructors below pair each rule with the one member type it can fill, so a table that
// does not fit its struct does not compile.
template <class T>
constexpr JsonField<T> RequiredString(std::string_view name, std::string T::*member,
                                      std::size_t max_bytes = 0) {
  return {{name, Presence::kRequired, JsonType::kString, max_bytes}, member};
}
template <class T>
constexpr JsonField<T> OptionalString(std::string_view name, std::optional<std::string> T::*member,
                                      std::size_t max_bytes = 0) {
  return {{name, Presence::kOptional, JsonType::kString, max_bytes}, member};
}
template <class T>
constexpr JsonField<T> NullableString(std::string_view name,
                                      std::optional<std::optional<std::string>> T::*member,
                                      std::size_t max_bytes = 0) {
  return {{name, Presence::kNullable, JsonType::kString, max_bytes}, member};
}
// Absent or null keeps the member's initial value.
template <class T>
constexpr JsonField<T> OptionalBool(std::string_view name, bool T::*member) {
  return {{name, Presence::kOptional, JsonType::kBool, 0}, member};
}
template <class T>
constexpr JsonField<T> OptionalBool(std::string_view name, std::optional<bool> T::*member) {
  return {{name, Presence::kOptional, JsonType::kBool, 0}, member};
}
// A JSON object, kept as its serialised text of at most `max_bytes`.
template <class T>
constexpr JsonField<T> OptionalObject(std::string_view name, std::optional<std::string> T::*member,
                                      std::size_t max_bytes) {
  return {{name, Presence::kOptional, JsonType::kObject, max_bytes}, member};
}

namespace internal {
// One field into one destination; kInvalidRequest naming the member when it does not fit.
Status ReadInto(const JsonBody& body, const FieldRule& rule, std::string& out);
Status ReadInto(const JsonBody& body, const FieldRule& rule, std::optional<std::string>& out);
Status ReadInto(const JsonBody& body, const FieldRule& rule,
                std::optional<std::optional<std::string>>& out);
Status ReadInto(const JsonBody& body, const FieldRule& rule, bool& out);
Status ReadInto(const JsonBody& body, const FieldRule& rule, std::optional<bool>& out);
}  // namespace internal

// Decodes the request's JSON body into a T: members not in `fields` are rejected, then fields are
// read in table order (the first error wins). kUnsupportedMediaType / kInvalidRequest as JsonBody.
template <class T, std::size_t N>
Result<T> DecodeJson(const http::Request& request, const JsonField<T> (&fields)[N]) {
  std::array<std::string_view, N> names;
  for (std::size_t i = 0; i < N; ++i) names[i] = fields[i].rule.name;
  ASSIGN_OR_RETURN(const JsonBody body, JsonBody::Parse(request, names));
  T out{};
  for (const JsonField<T>& field : fields) {
    RETURN_IF_ERROR(
        std::visit([&](auto member) { return internal::ReadInto(body, field.rule, out.*member); },
                   field.destination));
  }
  return out;
}

// For routes that take no members: an empty body, "{}", or kUnsupportedMediaType/kInvalidRequest.
Status DecodeEmptyJson(const http::Request& request);

}  // namespace portcullis::api
