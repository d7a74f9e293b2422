// The refresh-token cookie: how it is set, cleared and read back (HttpOnly, SameSite=Lax, Secure
// unless configured off for plain-HTTP development; named with the __Secure- prefix by default
// when Secure). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "http/message.h"

namespace portcullis::api {

inline constexpr std::string_view kSecureRefreshCookieName = "__Secure-portcullis_refresh";
inline constexpr std::string_view kPlainRefreshCookieName = "portcullis_refresh";

struct CookieOptions {
  std::string name;  // empty: kSecureRefreshCookieName when `secure`, else kPlainRefreshCookieName
  std::string path = "/v1/auth";
  bool secure = true;
  // The access-token cookie a browser-mode single sign-on sets (api/common/session_cookie.h);
  // Portcullis's routes accept it in place of "Authorization: Bearer".
  std::string session_name = "hubrix_token";
  // A cookie-authenticated unsafe request must also bring the header X-CSRF-Token equal to the
  // (readable) portcullis_csrf cookie set beside the session cookie.
  bool csrf_double_submit = false;
};

// The cookie's name: `options.name`, or the default for `options.secure`.
std::string_view RefreshCookieName(const CookieOptions& options);

std::string SetRefreshCookie(const CookieOptions& options, std::string_view token,
                             int64_t max_age_seconds);
std::string ClearRefreshCookie(const CookieOptions& options);
// The refresh token from the request's Cookie headers, if they carry one. kInvalidRequest when
// they carry two or more cookies of that name (another site may have planted one to switch the
// user's session): never "the first one wins".
Result<std::optional<std::string>> ReadRefreshCookie(const CookieOptions& options,
                                                     const http::Request& request);

}  // namespace portcullis::api
