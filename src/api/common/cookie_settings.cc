// Declarations of the refresh cookie's settings: names, checks, help and former flat names.
// Pure functions; thread-safe.
#include "api/common/cookie_settings.h"

namespace portcullis::api {

options::Section<CookieOptions> CookieSection() {
  options::Section<CookieOptions> s("cookie", "Refresh-token cookie");
  s.Add("name", &CookieOptions::name,
        "name of the refresh-token cookie (empty: " + std::string(kSecureRefreshCookieName) +
            " while cookie.secure is on, " + std::string(kPlainRefreshCookieName) + " when off)")
      .Require(
          [](const std::string& v) { return v.find_first_of(" ;=,\t\"") == std::string::npos; },
          "must be a cookie token (no spaces, ';', '=', ',' or quotes)")
      .Alias("refresh_cookie_name");
  s.Add("secure", &CookieOptions::secure,
        "mark the refresh cookie Secure (false only for plain-HTTP development)")
      .Alias("cookie_secure");
  s.Add("session_name", &CookieOptions::session_name,
        "name of the access-token cookie a browser-mode single sign-on sets (HttpOnly, "
        "SameSite=Lax, Path=/); the API accepts it in place of Authorization: Bearer")
      .Require(
          [](const std::string& v) {
            return !v.empty() && v.find_first_of(" ;=,\t\"") == std::string::npos;
          },
          "must be a cookie token (no spaces, ';', '=', ',' or quotes)")
      .Alias("session_cookie_name");
  s.Add("csrf_double_submit", &CookieOptions::csrf_double_submit,
        "also require, on a cookie-authenticated unsafe request, an X-CSRF-Token header equal to "
        "the portcullis_csrf cookie set at a single sign-on")
      .Alias("csrf_double_submit");
  s.Check([](const CookieOptions& o) -> Status {
    if (o.session_name == o.name) {
      return options::Section<CookieOptions>::Invalid("cookie.session_name",
                                                      "must differ from cookie.name");
    }
    return Status::Ok();
  });
  // Browsers drop a __Secure- or __Host- cookie that is not Secure: such a name needs it.
  s.Check([](const CookieOptions& o) -> Status {
    if (!o.secure && (o.name.starts_with("__Secure-") || o.name.starts_with("__Host-"))) {
      return options::Section<CookieOptions>::Invalid(
          "cookie.name", "a __Secure- or __Host- name needs cookie.secure = true");
    }
    return Status::Ok();
  });
  return s;
}

}  // namespace portcullis::api
