// Declarations of core's settings: names, bounds, help and former flat names.
// Pure functions; thread-safe.
#include "core/auth_options.h"

namespace portcullis::core {

constexpr char kAuthTitle[] = "Sessions and access tokens";

options::Section<AuthPolicy> AuthPolicySection() {
  options::Section<AuthPolicy> s("auth", kAuthTitle);
  s.Add("issuer", &AuthPolicy::issuer, "the iss claim of access tokens")
      .Require([](const std::string& v) { return !v.empty(); }, "must not be empty")
      .Alias("issuer");
  s.Add("access_ttl", &AuthPolicy::access_ttl, "access-token lifetime, seconds")
      .Between(1, 86400)
      .Alias("access_ttl");
  s.Add("refresh_ttl", &AuthPolicy::refresh_ttl,
        "refresh-token lifetime, seconds (renewed on rotation)")
      .Between(60, 366 * 86400)
      .Alias("refresh_ttl");
  s.Add("refresh_reuse_grace", &AuthPolicy::refresh_reuse_grace,
        "seconds in which replaying the previous refresh token is a race, not theft")
      .Between(0, 300)
      .Alias("refresh_reuse_grace");
  s.Add("token_leeway", &AuthPolicy::token_leeway, "clock skew tolerated on access tokens, seconds")
      .Between(0, kMaxTokenLeeway)
      .Alias("token_leeway");
  s.Add("max_sessions_per_user", &AuthPolicy::max_sessions_per_user,
        "live sessions a user may have; a login beyond it revokes the oldest")
      .Between(1, 100000)
      .Alias("max_sessions_per_user");
  s.Add("password_min_score", &AuthPolicy::password_min_score,
        "zxcvbn strength score (0-4) a new password must reach; 0 = no floor (common, "
        "repetitive and sequential passwords are refused regardless)")
      .Between(0, 4)
      .Alias("password_min_score");
  return s;
}

options::Section<StepUpPolicy> StepUpPolicySection() {
  options::Section<StepUpPolicy> s("auth", kAuthTitle);
  s.Add("step_up_window", &StepUpPolicy::window,
        "seconds after a login or step-up in which sensitive operations are allowed")
      .Between(1, 86400)
      .Alias("step_up_window");
  return s;
}

options::Section<MfaPolicy> MfaPolicySection() {
  options::Section<MfaPolicy> s("mfa", "Multi-factor authentication");
  s.Add("issuer", &MfaPolicy::issuer, "issuer name shown by authenticator apps")
      .Require([](const std::string& v) { return !v.empty() && v.find(':') == std::string::npos; },
               "must be non-empty and contain no ':'")
      .Alias("mfa_issuer");
  s.Add("ticket_ttl", &MfaPolicy::ticket_ttl, "seconds an MFA login ticket lives")
      .Between(1, 3600)
      .Alias("mfa_ticket_ttl");
  return s;
}

}  // namespace portcullis::core
