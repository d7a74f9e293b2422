// How the native single sign-on routes answer a browser: the start's 302 with the browser-binding
// cookie, and the callback's 302 — session cookies and sso_success_url, an MFA ticket, a one-time
// exchange code or an error code, to the pages or the programmatic redirect_uri — with the binding
// cookie cleared. Only one-time codes and tickets go into URLs. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "api/common/refresh_cookie.h"
#include "api/native/sso_routes.h"
#include "core/sso_service.h"
#include "http/message.h"

namespace portcullis::api::native {

// The cookie binding a flow to the browser that started it (HttpOnly, SameSite=Lax, Max-Age 300,
// Path = the refresh cookie's, which covers /auth/{provider}/callback).
inline constexpr std::string_view kSsoBindingCookie = "portcullis_sso";
inline constexpr int64_t kSsoBindingMaxAge = 300;

// The Set-Cookie header value of the binding cookie (`value` empty: cleared).
std::string SsoBindingCookie(const CookieOptions& cookie, std::string_view value);

// The callback URL registered at the provider: public_base + "/auth/" + provider + "/callback".
std::string SsoCallbackUrl(std::string_view public_base, std::string_view provider);

// What the callback's answer needs beside the outcome.
struct SsoFinish {
  const SsoPages& pages;
  const CookieOptions& cookie;
  std::string csrf_token;  // for the portcullis_csrf cookie; empty: csrf_double_submit is off
};

// The callback's 302 for `outcome` (see the header comment), clearing the binding cookie.
http::Response SsoCallbackAnswer(const SsoFinish& finish, const core::SsoCallbackOutcome& outcome);

// A flow that could not start: 302 to `redirect_uri` (programmatic mode; already allowlisted) or
// error_url with error=<code>.
http::Response SsoStartFailed(const SsoPages& pages, std::string_view redirect_uri,
                              std::string_view code);

}  // namespace portcullis::api::native
