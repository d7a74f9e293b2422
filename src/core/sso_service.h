// SsoService: single sign-on through an outside identity provider — Start keeps a flow's state
// (single use, 300 s, bound to the browser) in the EphemeralStore and names the provider URL;
// Callback consumes it, has the provider redeem the code, decides whose account it is (a linked
// identity, a verified email, an invite, open sign-up) and ends in a session, an MFA ticket, a
// one-time exchange code or a new link. Thread-safe; both calls block: run them on a worker.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "core/auth_types.h"
#include "core/linked_identity.h"
#include "core/ports/identity_provider.h"

namespace portcullis::core {

// [sso] policy (the provider tables themselves are the sso/ module's).
struct SsoPolicy {
  bool signup = false;        // sso_signup: an unknown user without an invite gets an account
  bool link_by_email = true;  // sso_link_by_email: a provider-verified email links its account
  std::chrono::seconds state_ttl{300};
  // Providers whose `amr` is believed: when it shows MFA ("mfa", "otp", "hwk", ...), a user with
  // TOTP on is not asked for it again (sso.<name>.trust_mfa).
  std::map<std::string, bool, std::less<>> trust_mfa;
};

enum class SsoPurpose { kLogin, kLink };

struct SsoStartRequest {
  std::string provider;      // a key of the configured IdentityProviders
  std::string callback_url;  // our callback URL for this provider, as registered there
  // Programmatic mode: where the flow ends (checked against the redirect allowlist here); empty:
  // browser mode.
  std::string redirect_uri;
  std::string code_challenge;  // programmatic mode: the client's PKCE S256 for the exchange code
  std::string invite;          // an invite ticket from the invite mail; empty: none
  SsoPurpose purpose = SsoPurpose::kLogin;
  std::string link_user_id;  // kLink: the signed-in user the identity is linked to
};

struct SsoStart {
  std::string authorization_url;  // 302 the browser here
  // A fresh random value for an HttpOnly cookie; the callback must bring it back, so a callback
  // in another browser fails. Only its hash is kept with the state.
  std::string browser_binding;
};

struct SsoCallbackRequest {
  std::string provider;
  std::string state;
  std::string code;
  std::string error;            // the provider's `error` answer (access_denied, ...); empty: none
  std::string browser_binding;  // from the cookie Start set
  std::string callback_url;     // the same callback URL Start used
  ClientInfo client;
};

// Stable error codes of a failed flow, for `?error=` in the redirect (never a token or secret).
namespace sso_error {
inline constexpr std::string_view kUnknownProvider = "unknown_provider";
inline constexpr std::string_view kInvalidState = "invalid_state";    // unknown, used, expired, or
                                                                      // another browser's
inline constexpr std::string_view kAccessDenied = "access_denied";    // the provider's answer
inline constexpr std::string_view kProviderError = "provider_error";  // any other provider error
inline constexpr std::string_view kProviderUnavailable = "provider_unavailable";
inline constexpr std::string_view kInvalidToken = "invalid_token";      // code refused or token bad
inline constexpr std::string_view kSignupDisabled = "signup_disabled";  // no account, no invite
inline constexpr std::string_view kInvalidInvite = "invalid_invite";
inline constexpr std::string_view kEmailNotVerified = "email_not_verified";  // an account has the
                                                                             // address
inline constexpr std::string_view kAccountDisabled = "account_disabled";
inline constexpr std::string_view kIdentityTaken = "identity_taken";  // linked to another account
inline constexpr std::string_view kServerError = "server_error";
}  // namespace sso_error

struct SsoCallbackOutcome {
  SsoPurpose purpose = SsoPurpose::kLogin;
  // The programmatic mode's target the start carried; empty: browser mode (or no usable state).
  std::string redirect_uri;
  std::string error;  // empty on success; else one of sso_error
  // On success, exactly one of these is set:
  std::optional<LoginOutcome> login;  // browser-mode login: tokens, or the MFA challenge
  std::string exchange_code;          // programmatic-mode login without MFA (POST /auth/exchange)
  std::optional<MfaChallenge> mfa;    // programmatic-mode login that needs TOTP (`mfa_ticket=`)
  std::optional<LinkedIdentity> linked;  // kLink
};

class SsoService {
 public:
  virtual ~SsoService() = default;

  // kNotFound for an unknown provider; kInvalidRequest (field kRedirectTo) for a redirect_uri
  // the allowlist refuses, or a malformed code_challenge; kUnavailable when the provider or the
  // EphemeralStore cannot be reached.
  virtual Result<SsoStart> Start(const SsoStartRequest& request) = 0;
  // Never an Error: every failure is an outcome with `error` set (and logged, audited).
  virtual SsoCallbackOutcome Callback(const SsoCallbackRequest& request) = 0;

  // The signed-in user's identities, oldest first.
  virtual Result<std::vector<LinkedIdentity>> ListIdentities(std::string_view user_id) = 0;
  // kNotFound when the user has no identity `id`; kConflict (reason kLastLoginMethod) when it
  // would leave the user no way to log in (no password and no other identity).
  virtual Status Unlink(std::string_view user_id, std::string_view id,
                        const ClientInfo& client) = 0;
};

}  // namespace portcullis::core
