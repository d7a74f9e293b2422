// ActivationService: with auto_activate_new_users off, new accounts are inactive until the link
// mailed at registration is used; it can be mailed again, and with verify_emails on a registration
// for a taken address mails its owner a notice instead (answered like a new registration).
// Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/account_flows.h"
#include "core/auth_types.h"

namespace portcullis::core {

class ActivationService {
 public:
  explicit ActivationService(FlowDeps deps) : deps_(std::move(deps)) {}

  // Whether registration creates inactive accounts (auto_activate_new_users = false).
  bool required() const { return !deps_.policy.auto_activate_new_users; }
  // Whether a registration for a taken address is answered as a new one (and its owner told).
  bool hides_taken_addresses() const { return required() && deps_.policy.verify_emails; }

  // Inside registration's Write: the activation ticket and message for the new `user`.
  Status SendActivation(Repositories& repos, const User& user, std::string_view locale);
  // Inside registration's Write: the notice to the owner of the taken address `email`.
  Status SendRegistrationAttempt(Repositories& repos, std::string_view email,
                                 std::string_view locale);
  void Wake() { deps_.mail.Wake(); }

  // Mails the account of `email` a new activation link when it is inactive; ok whether or not
  // there is one (no enumeration); kRateLimited beyond the mail limits.
  Status Resend(std::string_view email, const ClientInfo& client);
  // Activates the account the ticket names and signs it in (amr "email").
  Result<LoginOutcome> Activate(std::string_view ticket, const ClientInfo& client);
  // Activates it and returns a one-time exchange code for the redirect (bound to `code_challenge`
  // when not empty).
  Result<std::string> ActivateForCode(std::string_view ticket, std::string_view code_challenge);

 private:
  // Inside a Write: takes the activation ticket and activates its account.
  Result<Decision<User>> TakeAndActivate(Repositories& repos, std::string_view ticket);

  const FlowDeps deps_;
};

}  // namespace portcullis::core
