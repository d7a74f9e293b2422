// Strict JSON body decoding for the native API and the dialects.
// Not thread-safe; one instance per request.
#include "api/common/json_body.h"

#include "api/common/json_body_scan.h"
#include "common/status_macros.h"

namespace portcullis::api {
namespace {

constexpr std::size_t kMaxDepth = 32;  // nested arrays and objects

Error WrongType(std::string_view name, std::string_view expected) {
  return InvalidMember(name, std::string(name) + " must be " + std::string(expected));
}

bool IsJsonContentType(std::string_view type) {
  const auto semicolon = type.find(';');
  std::string media(type.substr(0, semicolon));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  for (auto& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return media == "application/json" ||
         (media.starts_with("application/") && media.ends_with("+json"));
}

}  // namespace

Error InvalidMember(std::string_view member, std::string detail) {
  return MakeError(ErrorCode::kInvalidRequest, std::move(detail), std::string(member));
}

Result<JsonBody> JsonBody::Parse(const http::Request& request,
                                 std::span<const std::string_view> allowed) {
  const bool empty = request.body.find_first_not_of(" \t\r\n") == std::string::npos;
  const auto type = request.Header("content-type");
  if (empty && !type) return JsonBody(boost::json::object());
  if (!type || !IsJsonContentType(*type)) {
    return MakeError(ErrorCode::kUnsupportedMediaType, "the body must be application/json");
  }
  if (empty) return JsonBody(boost::json::object());
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = kMaxDepth;
  boost::json::value value = boost::json::parse(request.body, ec, {}, options);
  if (ec) return MakeError(ErrorCode::kInvalidRequest, "the body is not valid JSON");
  if (!value.is_object())
    return MakeError(ErrorCode::kInvalidRequest, "the body must be an object");
  // What the value parser lets through: repeated member names (it keeps the last) and numbers
  // that overflow to infinity (it would store them as "Infinity", which is not JSON).
  RETURN_IF_ERROR(ScanJsonBody(request.body, kMaxDepth));
  for (const auto& member : value.get_object()) {
    bool known = false;
    for (std::string_view name : allowed) known = known || member.key() == name;
    if (!known) {
      return InvalidMember(member.key(), "unknown member " + std::string(member.key()));
    }
  }
  return JsonBody(std::move(value.get_object()));
}

bool JsonBody::Has(std::string_view name) const { return object_.contains(name); }

Result<std::optional<std::string>> JsonBody::OptionalString(std::string_view name) const {
  const auto* v = object_.if_contains(name);
  if (!v || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return WrongType(name, "a string");
  return std::optional<std::string>(std::string(v->get_string()));
}

Result<std::string> JsonBody::RequiredString(std::string_view name) const {
  ASSIGN_OR_RETURN(std::optional<std::string> value, OptionalString(name));
  if (!value) return InvalidMember(name, std::string(name) + " is required");
  return std::move(*value);
}

Result<bool> JsonBody::OptionalBool(std::string_view name, bool fallback) const {
  const auto* v = object_.if_contains(name);
  if (!v || v->is_null()) return fallback;
  if (!v->is_bool()) return WrongType(name, "a boolean");
  return v->get_bool();
}

Result<std::optional<bool>> JsonBody::OptionalBool(std::string_view name) const {
  const auto* v = object_.if_contains(name);
  if (!v || v->is_null()) return std::optional<bool>();
  if (!v->is_bool()) return WrongType(name, "a boolean");
  return std::optional<bool>(v->get_bool());
}

Result<std::optional<std::string>> JsonBody::OptionalObjectText(std::string_view name,
                                                                std::size_t max_bytes) const {
  const auto* v = object_.if_contains(name);
  if (!v || v->is_null()) return std::optional<std::string>();
  if (!v->is_object()) return WrongType(name, "an object");
  std::string text = boost::json::serialize(*v);
  if (text.size() > max_bytes) {
    return InvalidMember(
        name, std::string(name) + " is larger than " + std::to_string(max_bytes) + " bytes");
  }
  return std::optional<std::string>(std::move(text));
}

Result<std::optional<std::optional<std::string>>> JsonBody::NullableString(
    std::string_view name) const {
  using Out = std::optional<std::optional<std::string>>;
  const auto* v = object_.if_contains(name);
  if (!v) return Out();
  if (v->is_null()) return Out(std::optional<std::string>());
  if (!v->is_string()) return WrongType(name, "a string or null");
  return Out(std::optional<std::string>(std::string(v->get_string())));
}

}  // namespace portcullis::api
