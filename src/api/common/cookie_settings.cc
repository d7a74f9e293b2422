// Declarations of the refresh cookie's settings: names, checks, help and former flat names.
// Pure functions; thread-safe.
#include "api/common/cookie_settings.h"

namespace portcullis::api {

options::Section<CookieOptions> CookieSection() {
  options::Section<CookieOptions> s("cookie", "Refresh-token cookie");
  s.Add("name", &CookieOptions::name, "name of the refresh-token cookie")
      .Require(
          [](const std::string& v) {
            return !v.empty() && v.find_first_of(" ;=,\t\"") == std::string::npos;
          },
          "must be a cookie token (no spaces, ';', '=', ',' or quotes)")
      .Alias("refresh_cookie_name");
  s.Add("secure", &CookieOptions::secure,
        "mark the refresh cookie Secure (false only for plain-HTTP development)")
      .Alias("cookie_secure");
  return s;
}

}  // namespace portcullis::api
