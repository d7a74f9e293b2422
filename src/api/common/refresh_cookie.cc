// Set-Cookie values for the refresh token and reading it back from the Cookie header.
// Pure functions; thread-safe.
#include "api/common/refresh_cookie.h"

#include "api/common/session_cookie.h"
#include "http/cookie.h"

namespace portcullis::api {
namespace {

std::string Format(const CookieOptions& options, std::string_view value, int64_t max_age) {
  http::SetCookie cookie;
  cookie.name = std::string(RefreshCookieName(options));
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

std::string_view RefreshCookieName(const CookieOptions& options) {
  if (!options.name.empty()) return options.name;
  return options.secure ? kSecureRefreshCookieName : kPlainRefreshCookieName;
}

std::string SetRefreshCookie(const CookieOptions& options, std::string_view token,
                             int64_t max_age_seconds) {
  return Format(options, token, max_age_seconds);
}

std::string ClearRefreshCookie(const CookieOptions& options) { return Format(options, "", 0); }

Result<std::optional<std::string>> ReadRefreshCookie(const CookieOptions& options,
                                                     const http::Request& request) {
  return ReadCookie(request, RefreshCookieName(options));
}

}  // namespace portcullis::api
