// Declarations of the [rate_limits] settings: one "N/WINDOW" or "off" per named limit.
// Pure functions; thread-safe.
#include "core/rate_limit.h"

namespace portcullis::core {

options::Section<RateLimitPolicy> RateLimitSection() {
  using P = RateLimitPolicy;
  options::Section<P> s("rate_limits", "Rate limits (each N/WINDOW, e.g. 100/1m, or off)");
  s.Add("enabled", &P::enabled, "false switches every rate limit off");
  s.Add("login_per_ip", &P::login_per_ip, "login attempts per client IP");
  s.Add("login_failures_per_account_ip", &P::login_failures_per_account_ip,
        "failed logins per (account, client IP) pair; a success clears the pair");
  s.Add("login_failures_per_account", &P::login_failures_per_account,
        "failed logins per account from every IP; beyond it the account's pairs that have "
        "failed get one attempt per second between them (slowed, never locked)");
  s.Add("register_per_ip", &P::register_per_ip, "registrations per client IP");
  s.Add("refresh_per_ip", &P::refresh_per_ip, "refresh-token rotations per client IP");
  s.Add("mfa_failures_per_account", &P::mfa_failures_per_account,
        "wrong second-factor codes per account (login with totp_code, step-up)");
  s.Add("step_up_failures_per_session", &P::step_up_failures_per_session,
        "failed step-ups per session");
  s.Add("password_change_failures_per_account", &P::password_change_failures_per_account,
        "password changes with a wrong old password per account");
  s.Add("mail_per_address", &P::mail_per_address,
        "mails requested per normalised address, known or not (activation, magic link, password "
        "reset, email change, inactive registration)");
  s.Add("mail_per_ip", &P::mail_per_ip, "mails requested per client IP (the same routes)");
  return s;
}

}  // namespace portcullis::core
