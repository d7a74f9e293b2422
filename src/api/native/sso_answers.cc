// The start's and the callback's redirects and cookies.
// Pure functions; thread-safe.
#include "api/native/sso_answers.h"

#include <variant>

#include "api/common/session_cookie.h"
#include "api/native/link_answers.h"
#include "http/cookie.h"

namespace portcullis::api::native {
namespace {

// 302 to `target` with `key=value` added to its query.
http::Response FoundWith(std::string_view target, std::string key, std::string value) {
  return Found(WithQuery(target, {{std::move(key), std::move(value)}}));
}

http::Response ErrorAnswer(const SsoFinish& finish, const core::SsoCallbackOutcome& outcome,
                           std::string_view code) {
  const std::string_view target = outcome.redirect_uri.empty()
                                      ? std::string_view(finish.pages.error_url)
                                      : outcome.redirect_uri;
  return FoundWith(target, "error", std::string(code));
}

// Browser mode: the refresh cookie, the access-token cookie (and the CSRF cookie), then the app.
http::Response SignedIn(const SsoFinish& finish, const core::IssuedTokens& issued) {
  http::Response response = Found(finish.pages.success_url);
  response.AddHeader("Set-Cookie", SetRefreshCookie(finish.cookie, issued.refresh_token,
                                                    issued.refresh_expires_in));
  // The cookie lives as long as the session's refresh cookie, not the token in it: an expired
  // token is answered token_expired, the page refreshes, and the refresh renews this cookie.
  response.AddHeader("Set-Cookie",
                     SetAccessCookie(finish.cookie, issued.access_token, issued.refresh_expires_in));
  if (!finish.csrf_token.empty()) {
    response.AddHeader("Set-Cookie",
                       SetCsrfCookie(finish.cookie, finish.csrf_token, issued.refresh_expires_in));
  }
  return response;
}

http::Response Answer(const SsoFinish& finish, const core::SsoCallbackOutcome& outcome) {
  if (!outcome.error.empty()) return ErrorAnswer(finish, outcome, outcome.error);
  if (outcome.linked) {
    const std::string_view target = outcome.redirect_uri.empty()
                                        ? std::string_view(finish.pages.success_url)
                                        : outcome.redirect_uri;
    return FoundWith(target, "linked", outcome.linked->provider);
  }
  if (outcome.login) {
    if (const auto* challenge = std::get_if<core::MfaChallenge>(&*outcome.login)) {
      return FoundWith(finish.pages.mfa_url, "ticket", challenge->ticket);
    }
    return SignedIn(finish, std::get<core::IssuedTokens>(*outcome.login));
  }
  if (!outcome.redirect_uri.empty() && !outcome.exchange_code.empty()) {
    return FoundWith(outcome.redirect_uri, "code", outcome.exchange_code);
  }
  if (!outcome.redirect_uri.empty() && outcome.mfa) {
    return FoundWith(outcome.redirect_uri, "mfa_ticket", outcome.mfa->ticket);
  }
  return ErrorAnswer(finish, outcome, core::sso_error::kServerError);
}

}  // namespace

std::string SsoBindingCookie(const CookieOptions& cookie, std::string_view value) {
  http::SetCookie set;
  set.name = std::string(kSsoBindingCookie);
  set.value = std::string(value);
  set.path = cookie.path;
  set.max_age = value.empty() ? 0 : kSsoBindingMaxAge;
  set.secure = cookie.secure;
  set.http_only = true;
  set.same_site = http::SameSite::kLax;
  // The binding is base64url from the service; the path is the validated native prefix.
  return http::FormatSetCookie(set).value_or("");
}

std::string SsoCallbackUrl(std::string_view public_base, std::string_view provider) {
  return std::string(public_base) + "/auth/" + std::string(provider) + "/callback";
}

http::Response SsoCallbackAnswer(const SsoFinish& finish, const core::SsoCallbackOutcome& outcome) {
  http::Response response = Answer(finish, outcome);
  response.AddHeader("Set-Cookie", SsoBindingCookie(finish.cookie, ""));
  return response;
}

http::Response SsoStartFailed(const SsoPages& pages, std::string_view redirect_uri,
                              std::string_view code) {
  const std::string_view target =
      redirect_uri.empty() ? std::string_view(pages.error_url) : redirect_uri;
  return Found(WithQuery(target, {{"error", std::string(code)}}));
}

}  // namespace portcullis::api::native
