// Set-Cookie values of the access-token and CSRF cookies, and reading a cookie back.
// Pure functions; thread-safe.
#include "api/common/session_cookie.h"

#include "http/cookie.h"

namespace portcullis::api {
namespace {

std::string Format(std::string_view name, bool secure, bool http_only, std::string_view value,
                   int64_t max_age) {
  http::SetCookie cookie;
  cookie.name = std::string(name);
  cookie.value = std::string(value);
  cookie.path = "/";
  cookie.max_age = max_age;
  cookie.secure = secure;
  cookie.http_only = http_only;
  cookie.same_site = http::SameSite::kLax;
  // Tokens are base64url or JWS compact (base64url and dots) and names are validated at start.
  return http::FormatSetCookie(cookie).value_or("");
}

}  // namespace

std::string SetAccessCookie(const CookieOptions& options, std::string_view access_token,
                            int64_t max_age_seconds) {
  return Format(options.session_name, options.secure, true, access_token, max_age_seconds);
}

std::string ClearAccessCookie(const CookieOptions& options) {
  return Format(options.session_name, options.secure, true, "", 0);
}

std::string SetCsrfCookie(const CookieOptions& options, std::string_view token,
                          int64_t max_age_seconds) {
  return Format(kCsrfCookieName, options.secure, false, token, max_age_seconds);
}

std::string ClearCsrfCookie(const CookieOptions& options) {
  return Format(kCsrfCookieName, options.secure, false, "", 0);
}

Result<std::optional<std::string>> ReadCookie(const http::Request& request, std::string_view name) {
  const http::Cookies cookies = http::ParseRequestCookies(request);
  if (http::CountCookies(cookies, name) > 1) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "the request carries more than one " + std::string(name) + " cookie");
  }
  auto value = http::FindCookie(cookies, name);
  if (!value || value->empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::string(*value));
}

}  // namespace portcullis::api
