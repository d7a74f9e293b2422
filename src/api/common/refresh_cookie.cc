// Set-Cookie values for the refresh token and reading it back from the Cookie header.
// Pure functions; thread-safe.
#include "api/common/refresh_cookie.h"

#include "http/cookie.h"

namespace portcullis::api {
namespace {

std::string Format(const CookieOptions& options, std::string_view value, int64_t max_age) {
  http::SetCookie cookie;
  cookie.name = options.name;
  cookie.value = std::string(value);
  cookie.path = options.path;
  cookie.max_age = max_age;
  cookie.secure = options.secure;
  cookie.http_only = true;
  cookie.same_site = http::SameSite::kLax;
  // Refresh tokens are base64url and names are validated at start, so formatting cannot fail.
  return http::FormatSetCookie(cookie).value_or("");
}

}  // namespace

std::string SetRefreshCookie(const CookieOptions& options, std::string_view token,
                             int64_t max_age_seconds) {
  return Format(options, token, max_age_seconds);
}

std::string ClearRefreshCookie(const CookieOptions& options) { return Format(options, "", 0); }

std::optional<std::string> ReadRefreshCookie(const CookieOptions& options,
                                             const http::Request& request) {
  const http::Cookies cookies = http::ParseRequestCookies(request);
  auto value = http::FindCookie(cookies, options.name);
  if (!value || value->empty()) return std::nullopt;
  return std::string(*value);
}

}  // namespace portcullis::api
