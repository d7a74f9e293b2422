// HBP request reading: Joi-style messages, query parameters, redirects.
// Pure functions; thread-safe.
#include "api/hbp/hbp_request.h"

#include "http/query.h"

namespace portcullis::api::hbp {

Error JoiStyle(Error error) {
  if (error.member.empty()) return error;
  const std::string quoted = "\"" + error.member + "\"";
  if (error.detail.starts_with("unknown member")) {
    error.detail = quoted + " is not allowed";
  } else if (error.detail.starts_with(error.member + " ")) {
    error.detail = quoted + error.detail.substr(error.member.size());
  }
  return error;
}

Result<std::optional<std::string>> QueryParam(const http::Request& request, std::string_view key) {
  auto params = http::ParseQuery(request.query);
  if (!params) return params.error();
  const std::optional<std::string_view> value = http::FindParam(*params, key);
  if (!value) return std::optional<std::string>();
  return std::optional<std::string>(std::string(*value));
}

Result<bool> CookieQueryFlag(const http::Request& request) {
  auto cookie = QueryParam(request, "cookie");
  if (!cookie) return cookie.error();
  return !cookie->has_value() || **cookie == "true";
}

http::Response Redirect(std::string url) {
  http::Response response;
  response.status = 302;
  response.AddHeader("Location", std::move(url));
  response.AddHeader("Cache-Control", "no-store");
  response.AddHeader("Referrer-Policy", "no-referrer");
  return response;
}

}  // namespace portcullis::api::hbp
