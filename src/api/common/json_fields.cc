// Table-driven request decoding: reading one field of a JsonBody into its destination.
// Pure functions; thread-safe.
#include "api/common/json_fields.h"

#include "common/status_macros.h"

namespace portcullis::api {
namespace {

Status CheckSize(const FieldRule& rule, const std::string& value) {
  if (rule.max_bytes == 0 || value.size() <= rule.max_bytes) return Status::Ok();
  return InvalidMember(rule.name, std::string(rule.name) + " is longer than " +
                                      std::to_string(rule.max_bytes) + " bytes");
}

}  // namespace

namespace internal {

Status ReadInto(const JsonBody& body, const FieldRule& rule, std::string& out) {
  ASSIGN_OR_RETURN(out, body.RequiredString(rule.name));
  return CheckSize(rule, out);
}

Status ReadInto(const JsonBody& body, const FieldRule& rule, std::optional<std::string>& out) {
  if (rule.type == JsonType::kObject) {
    ASSIGN_OR_RETURN(out, body.OptionalObjectText(rule.name, rule.max_bytes));
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(out, body.OptionalString(rule.name));
  return out ? CheckSize(rule, *out) : Status::Ok();
}

Status ReadInto(const JsonBody& body, const FieldRule& rule,
                std::optional<std::optional<std::string>>& out) {
  ASSIGN_OR_RETURN(out, body.NullableString(rule.name));
  return out && *out ? CheckSize(rule, **out) : Status::Ok();
}

Status ReadInto(const JsonBody& body, const FieldRule& rule, bool& out) {
  ASSIGN_OR_RETURN(out, body.OptionalBool(rule.name, out));
  return Status::Ok();
}

Status ReadInto(const JsonBody& body, const FieldRule& rule, std::optional<bool>& out) {
  ASSIGN_OR_RETURN(out, body.OptionalBool(rule.name));
  return Status::Ok();
}

}  // namespace internal

Status DecodeEmptyJson(const http::Request& request) {
  RETURN_IF_ERROR(JsonBody::Parse(request, std::span<const std::string_view>()));
  return Status::Ok();
}

}  // namespace portcullis::api
