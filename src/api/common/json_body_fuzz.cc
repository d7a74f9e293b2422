// libFuzzer entry point: bytes as an application/json body through JsonBody::Parse and every
// getter (an object's text must parse again), and through DecodeJson with a table of every field
// shape. Stateless; thread-safe.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <string_view>

#include "api/common/json_body.h"
#include "api/common/json_fields.h"
#include "http/message.h"

namespace {

using portcullis::ErrorCode;
using portcullis::api::JsonBody;
using portcullis::api::JsonField;

void Check(bool condition) {
  if (!condition) std::abort();
}

// Getters report a wrong type as kInvalidRequest naming the member; nothing else may fail.
template <class R>
void CheckGetter(const R& result, std::string_view name) {
  if (!result.ok()) {
    Check(result.error().code == ErrorCode::kInvalidRequest);
    Check(result.error().member == name);
  }
}

void Exercise(const JsonBody& body, std::string_view name) {
  const bool has = body.Has(name);
  const auto optional = body.OptionalString(name);
  CheckGetter(optional, name);
  if (!has) Check(optional.ok() && !optional->has_value());
  CheckGetter(body.RequiredString(name), name);
  CheckGetter(body.OptionalBool(name, false), name);
  CheckGetter(body.OptionalBool(name, true), name);
  const auto object = body.OptionalObjectText(name, 64);
  CheckGetter(object, name);
  if (object.ok() && object->has_value()) Check((*object)->size() <= 64);
  const auto large = body.OptionalObjectText(name, 64 * 1024);
  CheckGetter(large, name);
  // What is stored is JSON again: no "Infinity", no invalid UTF-8.
  if (large.ok() && large->has_value()) {
    boost::system::error_code ec;
    (void)boost::json::parse(**large, ec);
    Check(!ec);
  }
  const auto nullable = body.NullableString(name);
  CheckGetter(nullable, name);
  if (nullable.ok()) Check(nullable->has_value() == has);
}

// The member names the native API accepts, plus the empty name.
const std::initializer_list<std::string_view> kAllowed = {
    "email",        "username", "password",     "cookie",       "totp_code", "refresh_token",
    "display_name", "metadata", "old_password", "new_password", ""};

// Every field shape of the decoding table, over member names the native API uses.
struct AllShapes {
  std::string password;
  std::optional<std::string> email;
  std::optional<std::optional<std::string>> username;
  bool cookie = false;
  std::optional<bool> remember;
  std::optional<std::string> metadata;
  std::optional<std::string> display_name;
};
constexpr JsonField<AllShapes> kAllShapes[] = {
    portcullis::api::RequiredString("password", &AllShapes::password),
    portcullis::api::OptionalString("email", &AllShapes::email),
    portcullis::api::NullableString("username", &AllShapes::username),
    portcullis::api::OptionalBool("cookie", &AllShapes::cookie),
    portcullis::api::OptionalBool("refresh_token", &AllShapes::remember),
    portcullis::api::OptionalObject("metadata", &AllShapes::metadata, 64),
    portcullis::api::OptionalString("display_name", &AllShapes::display_name, 8),
};

// The table decoder fails only as JsonBody does, and what it accepts respects the limits.
void DecodeAs(const portcullis::http::Request& request) {
  const auto decoded = portcullis::api::DecodeJson(request, kAllShapes);
  if (!decoded.ok()) {
    Check(decoded.error().code == ErrorCode::kInvalidRequest);
    return;
  }
  if (decoded->metadata) Check(decoded->metadata->size() <= 64);
  if (decoded->display_name) Check(decoded->display_name->size() <= 8);
  (void)portcullis::api::DecodeEmptyJson(request);
}

void ParseAs(const portcullis::http::Request& request) {
  DecodeAs(request);
  const auto body = JsonBody::Parse(request, kAllowed);
  if (!body.ok()) {
    Check(body.error().code == ErrorCode::kInvalidRequest);
    return;
  }
  for (std::string_view name : kAllowed) Exercise(*body, name);
  Exercise(*body, "not_allowed");
  // Strictest route shape: no members at all.
  (void)JsonBody::Parse(request, {});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  portcullis::http::Request request;
  request.method = "POST";
  request.path = "/v1/fuzz";
  request.body.assign(reinterpret_cast<const char*>(data), size);
  request.headers.emplace_back("content-type", "application/json");
  ParseAs(request);
  request.headers.front().second = "Application/Merge-Patch+JSON ; charset=utf-8";
  ParseAs(request);
  return 0;
}
