// CompanySwitch: POST /v1/auth/switch-company — the caller's session moves to another of the
// user's companies. The choice is stored on the session row (and as the user's last active
// company, where the next login starts), so the session's later refreshes keep it; the answer is
// a new access token for the same session (no new refresh token). Thread-safe.
#pragma once

#include <string_view>

#include "common/status.h"
#include "core/audit_trail.h"
#include "core/auth_types.h"
#include "core/authorizer.h"
#include "core/ports/store.h"
#include "core/session_service.h"

namespace portcullis::core {

class CompanySwitch {
 public:
  // Every reference must outlive this. `audit` may be null (nothing is logged): else each switch
  // is logged (company_switched) in its Write.
  CompanySwitch(Store& store, const Authorizer& authorizer, SessionService& sessions,
                AuditTrail* audit = nullptr)
      : store_(store), authorizer_(authorizer), sessions_(sessions), audit_(audit) {}

  // kNotFound when the user is not a member of `company_id` (or it does not exist);
  // kTokenInvalid when the session is gone or revoked; kForbidden for a key or a personal token
  // (they have no session). The IssuedTokens hold an access token only (refresh_expires_in 0).
  // `client` is the request's, for the audit event.
  Result<IssuedTokens> Switch(const Principal& principal, std::string_view company_id,
                              const ClientInfo& client = {});

 private:
  Store& store_;
  const Authorizer& authorizer_;
  SessionService& sessions_;
  AuditTrail* const audit_;
};

}  // namespace portcullis::core
