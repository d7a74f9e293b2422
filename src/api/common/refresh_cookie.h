// The refresh-token cookie: how it is set, cleared and read back (HttpOnly, SameSite=Lax, Secure
// unless configured off for plain-HTTP development). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace portcullis::api {

struct CookieOptions {
  std::string name = "portcullis_refresh";
  std::string path = "/v1/auth";
  bool secure = true;
  // The access-token cookie a browser-mode single sign-on sets (api/common/session_cookie.h);
  // Portcullis's routes accept it in place of "Authorization: Bearer".
  std::string session_name = "hubrix_token";
  // A cookie-authenticated unsafe request must also bring the header X-CSRF-Token equal to the
  // (readable) portcullis_csrf cookie set beside the session cookie.
  bool csrf_double_submit = false;
};

std::string SetRefreshCookie(const CookieOptions& options, std::string_view token,
                             int64_t max_age_seconds);
std::string ClearRefreshCookie(const CookieOptions& options);
// The refresh token from the request's Cookie header, if it carries one.
std::optional<std::string> ReadRefreshCookie(const CookieOptions& options,
                                             const http::Request& request);

}  // namespace portcullis::api
