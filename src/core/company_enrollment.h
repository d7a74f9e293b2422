// CompanyEnrollment: what a new account joins — the inviting company when it registers with an
// invite, else a company of its own with it as owner (create_company_on_signup). Used by every
// path that creates an account (registration, `portcullis user create`). Immutable; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/random.h"
#include "common/status.h"
#include "core/audit_trail.h"
#include "core/auth_types.h"
#include "core/company_policy.h"
#include "core/crypto_ports.h"
#include "core/ports/store.h"
#include "core/user.h"

namespace portcullis::core {

class CompanyEnrollment {
 public:
  // Every reference must outlive this. `audit` may be null: else an invite redeemed here is
  // logged (invite_accepted) in the creating Write.
  CompanyEnrollment(CompanyPolicy policy, OpaqueTokens& tokens, Random& random,
                    AuditTrail* audit = nullptr)
      : policy_(policy), tokens_(tokens), random_(random), audit_(audit) {}

  // Inside the Write that created `user`: with `invite`, redeems it (core/invite_redemption.h,
  // refusals on the `invite` field) and makes its company the user's last active one; without,
  // founds the user's own company (named by SignupCompanyName) when create_company_on_signup.
  // `client` is the request's, for the invite's audit event.
  Status Enroll(Repositories& repos, const User& user, const std::optional<std::string>& invite,
                int64_t now, const ClientInfo& client = {});

 private:
  const CompanyPolicy policy_;
  OpaqueTokens& tokens_;
  Random& random_;
  AuditTrail* const audit_;
};

}  // namespace portcullis::core
