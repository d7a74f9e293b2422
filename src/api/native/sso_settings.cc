// Declarations of the single sign-on pages' settings.
// Pure functions; thread-safe.
#include "api/native/sso_settings.h"

#include <string>

namespace portcullis::api::native {
namespace {

// A path on Portcullis's host or an absolute http(s) URL, without spaces or controls.
bool IsPageUrl(const std::string& v) {
  for (const char c : v) {
    if (static_cast<unsigned char>(c) <= ' ') return false;
  }
  return (v.size() > 1 && v.front() == '/' && v[1] != '/') || v == "/" ||
         v.starts_with("https://") || v.starts_with("http://");
}

constexpr const char* kPageRule = "must be a path (/app) or an http(s):// URL";

}  // namespace

options::Section<SsoPages> SsoPagesSection() {
  options::Section<SsoPages> s("sso", "Single sign-on");
  s.Add("success_url", &SsoPages::success_url,
        "where a browser-mode sign-in ends, with the session cookies set (and a linked identity, "
        "with ?linked=PROVIDER)")
      .Require(IsPageUrl, kPageRule)
      .Alias("sso_success_url");
  s.Add("error_url", &SsoPages::error_url,
        "where a failed browser-mode sign-in ends, with ?error=CODE (docs/SSO.md lists the codes)")
      .Require(IsPageUrl, kPageRule)
      .Alias("sso_error_url");
  s.Add("mfa_url", &SsoPages::mfa_url,
        "where a browser-mode sign-in of an account with TOTP goes, with ?ticket=TICKET for "
        "POST /v1/auth/mfa/totp")
      .Require(IsPageUrl, kPageRule)
      .Alias("sso_mfa_url");
  return s;
}

}  // namespace portcullis::api::native
