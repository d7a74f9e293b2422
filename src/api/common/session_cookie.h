// The session cookies of a browser-mode single sign-on: the access token (HttpOnly, Path=/, the
// name cookie.session_name) and, for csrf_double_submit, a readable CSRF token the page echoes in
// X-CSRF-Token. How they are set, cleared and read back. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/common/refresh_cookie.h"
#include "http/message.h"

namespace portcullis::api {

// The readable cookie of the double-submit check and the header that must repeat it.
inline constexpr std::string_view kCsrfCookieName = "portcullis_csrf";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";

// Set-Cookie values (Path=/, SameSite=Lax, Secure per options.secure). The access cookie is
// HttpOnly; the CSRF cookie is not (the page reads it to send the header).
std::string SetAccessCookie(const CookieOptions& options, std::string_view access_token,
                            int64_t max_age_seconds);
std::string ClearAccessCookie(const CookieOptions& options);
std::string SetCsrfCookie(const CookieOptions& options, std::string_view token,
                          int64_t max_age_seconds);
std::string ClearCsrfCookie(const CookieOptions& options);

// The value of cookie `name` in the request, if it carries a non-empty one. kInvalidRequest when
// it carries the name more than once: a sibling subdomain can plant a second cookie of the same
// name to switch the victim's session, so neither is trusted (never "first one wins").
Result<std::optional<std::string>> ReadCookie(const http::Request& request, std::string_view name);

}  // namespace portcullis::api
