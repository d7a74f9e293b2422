// Declarations of the account-lifecycle settings: names (HBP's flags), bounds and help.
// Pure functions; thread-safe.
#include "core/account_flow_policy.h"
#include "core/redirect_policy.h"

namespace portcullis::core {
namespace {

constexpr char kFlowTitle[] = "Account lifecycle (activation, magic links, reset, email change)";

bool EmptyOrAbsoluteUrl(const std::string& url) {
  return url.empty() || ParseRedirectUrl(url).has_value();
}

}  // namespace

options::Section<AccountFlowPolicy> AccountFlowSection() {
  using P = AccountFlowPolicy;
  options::Section<P> s("", kFlowTitle);
  s.Add("auto_activate_new_users", &P::auto_activate_new_users,
        "new accounts are active at once; false: registration mails an activation link and "
        "login answers 403 account_inactive until it is used")
      .EnvAlias("AUTO_ACTIVATE_NEW_USERS");
  s.Add("verify_emails", &P::verify_emails,
        "an email change takes effect only once the link mailed to the new address is used")
      .EnvAlias("VERIFY_EMAILS");
  s.Add("magic_link_enabled", &P::magic_link_enabled,
        "POST /v1/auth/magic-link mails a sign-in link")
      .EnvAlias("MAGIC_LINK_ENABLED");
  s.Add("magic_link_signup", &P::magic_link_signup,
        "a magic link requested for an unknown address creates the account when used");
  s.Add("lost_password_enabled", &P::lost_password_enabled,
        "POST /v1/auth/password/forgot mails a password-reset link")
      .EnvAlias("LOST_PASSWORD_ENABLED");
  s.Add("allow_user_self_delete", &P::allow_user_self_delete,
        "DELETE /v1/me deletes the caller's account (after a recent authentication)")
      .EnvAlias("ALLOW_USER_SELF_DELETE");
  s.Add("public_url", &P::public_url,
        "the address users reach the server at, for links in mail (empty: http:// + "
        "http.listen)")
      .Require(EmptyOrAbsoluteUrl, "must be empty or an http(s) URL without user info");
  s.Add("redirect_url_success", &P::redirect_url_success,
        "where a mailed link's flow ends when the request named no redirect_to (empty: a "
        "built-in page)")
      .Require(EmptyOrAbsoluteUrl, "must be empty or an http(s) URL without user info")
      .EnvAlias("REDIRECT_URL_SUCCESS");
  s.Add("redirect_url_error", &P::redirect_url_error,
        "where a mailed link that cannot be used ends, with ?error=invalid_ticket (empty: a "
        "problem answer)")
      .Require(EmptyOrAbsoluteUrl, "must be empty or an http(s) URL without user info")
      .EnvAlias("REDIRECT_URL_ERROR");
  s.Add("allowed_redirect_urls", &P::allowed_redirect_urls,
        "prefixes a redirect_to must match: scheme://host[:port]/path (a host may start with "
        "*. to allow its subdomains)")
      .Require(
          [](const std::vector<std::string>& urls) {
            for (const std::string& url : urls) {
              if (!ParseAllowedRedirect(url)) return false;
            }
            return true;
          },
          "each must be scheme://host[:port][/path], with no user info, query or fragment");
  s.Add("password_reset_url", &P::password_reset_url,
        "the app's page a password-reset mail links to (?ticket=... appended); empty: the "
        "built-in page GET /v1/auth/password/reset")
      .Require(EmptyOrAbsoluteUrl, "must be empty or an http(s) URL without user info");
  s.Add("invite_url", &P::invite_url,
        "the app's page a company invite mail links to (?ticket=... appended; the page shows "
        "GET /v1/invites/accept?ticket=... and posts the ticket to accept or register); empty: "
        "that API route itself")
      .Require(EmptyOrAbsoluteUrl, "must be empty or an http(s) URL without user info");
  return s;
}

options::Section<TicketTtls> TicketTtlSection() {
  using T = TicketTtls;
  options::Section<T> s("", kFlowTitle);
  s.Add("activation_ttl", &T::activation, "seconds an activation link lives")
      .Between(1, 30 * 86400);
  s.Add("magic_link_ttl", &T::magic_link, "seconds a magic link lives").Between(1, 86400);
  s.Add("password_reset_ttl", &T::password_reset, "seconds a password-reset link lives")
      .Between(1, 7 * 86400);
  s.Add("email_change_ttl", &T::email_change, "seconds an email-change link lives")
      .Between(1, 30 * 86400);
  s.Add("invite_ttl", &T::invite, "seconds an invitation lives").Between(1, 90 * 86400);
  return s;
}

}  // namespace portcullis::core
