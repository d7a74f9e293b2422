// PasswordResetService: a lost password replaced through a link mailed to the account's address
// (lost_password_enabled). Asking is answered the same whether or not the address has an account;
// a reset applies the password policy, revokes every session, keeps MFA as it is and mails a
// notice. Thread-safe.
#pragma once

#include <string_view>

#include "core/account_flows.h"
#include "core/auth_types.h"
#include "core/crypto_ports.h"

namespace portcullis::core {

class PasswordResetService {
 public:
  PasswordResetService(FlowDeps deps, PasswordHasher& hasher, SessionService& sessions)
      : deps_(std::move(deps)), hasher_(hasher), sessions_(sessions) {}

  // Mails a reset link when `email` has an account; ok either way, after the same work.
  // kRateLimited beyond the mail limits.
  Status Forgot(std::string_view email, const ClientInfo& client);
  // Sets the new password from the ticket's account. kInvalidRequest for an unusable ticket
  // (looked up before the password is judged or hashed, and taken only with the change) or a
  // password the policy refuses (field kNewPassword).
  Status Reset(std::string_view ticket, std::string_view new_password, const ClientInfo& client);

 private:
  const FlowDeps deps_;
  PasswordHasher& hasher_;
  SessionService& sessions_;
};

}  // namespace portcullis::core
