// libFuzzer entry point: bytes as an application/json request body through JsonBody::Parse, then
// every getter on every allowed member. Stateless; thread-safe.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <string_view>

#include "api/json_body.h"
#include "http/message.h"

namespace {

using portcullis::ErrorCode;
using portcullis::api::JsonBody;

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
  CheckGetter(body.OptionalObjectText(name, 64 * 1024), name);
  const auto nullable = body.NullableString(name);
  CheckGetter(nullable, name);
  if (nullable.ok()) Check(nullable->has_value() == has);
}

// The member names the native API accepts, plus the empty name.
const std::initializer_list<std::string_view> kAllowed = {
    "email",        "username", "password",     "cookie",       "totp_code", "refresh_token",
    "display_name", "metadata", "old_password", "new_password", ""};

void ParseAs(const portcullis::http::Request& request) {
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
