// MfaService: TOTP enrolment, second-factor checks with replay protection and per-user throttling,
// recovery codes, two-step login tickets and the security events of all of it.
// Thread-safe; all state is in the Store.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/random.h"
#include "common/status.h"
#include "core/audit_trail.h"
#include "core/auth_types.h"
#include "core/crypto_ports.h"
#include "core/ports/store.h"
#include "core/step_up_guard.h"

namespace portcullis::core {

struct MfaPolicy {
  std::string issuer = "Portcullis";  // shown by authenticator apps
  int64_t ticket_ttl = 300;           // seconds a login ticket lives
  int64_t ticket_max_attempts = 5;    // wrong codes after which a ticket is dead
  // Throttling of wrong codes per user, over every flow (login, ticket, step-up, verify, disable):
  // from the `slow_after`-th consecutive failure on, the next code is only checked
  // 2^(failures - slow_after) seconds (at most `max_delay`) after the last failure; the
  // `lock_after`-th failure locks the factor for `lock_seconds`. Refused attempts answer like a
  // wrong code. A right code resets the count.
  int64_t slow_after = 5;
  int64_t max_delay = 60;
  int64_t lock_after = 10;
  int64_t lock_seconds = 900;
};

struct MfaEnrolment {
  std::string secret;  // base32, shown once for manual entry
  std::string otpauth_uri;
};

// Which second factor a code proved: the amr value "otp" or "recovery". RedeemTicket also names
// the first factor that earned the ticket ("pwd", "email"); Verify leaves it empty.
struct SecondFactor {
  std::string user_id;
  std::string method;
  std::string first_factor;
};

class MfaService {
 public:
  // `audit` (may be null: the events are appended directly, as in tests) writes the security
  // events into the audit log.
  MfaService(MfaPolicy policy, Store& store, MfaCrypto& crypto, OpaqueTokens& tokens,
             Random& random, const Clock& clock, const StepUpGuard& guard,
             AuditTrail* audit = nullptr);

  // Step-up (kStepUpRequired outside the window), then a new pending secret (replacing any earlier
  // pending one). kConflict when MFA is enabled.
  Result<MfaEnrolment> BeginSetup(const Principal& principal, const ClientInfo& client);
  // Step-up, then confirms the pending secret with a code from it: enables MFA and returns the
  // recovery codes, the only time they are shown. kInvalidRequest (kNoPendingSecret) without a
  // pending secret; kInvalidCredentials (field kCode) for a wrong code.
  Result<std::vector<std::string>> ConfirmSetup(const Principal& principal, std::string_view code,
                                                const ClientInfo& client);
  // Step-up, then a TOTP or recovery code. kInvalidRequest when MFA is not enabled.
  Status Disable(const Principal& principal, std::string_view code, const ClientInfo& client);
  // Step-up; replaces every recovery code. kInvalidRequest when MFA is not enabled.
  Result<std::vector<std::string>> RegenerateRecoveryCodes(const Principal& principal,
                                                           const ClientInfo& client);

  // The building blocks of a login or step-up, run inside the caller's Write so the second factor
  // is spent in the same commit as the session it opens.

  // Checks `code` (6 digits: TOTP; otherwise a recovery code) of a user with MFA enabled and spends
  // it. A wrong, replayed or throttled code is a refusal (kInvalidCredentials, reason kWrongCode,
  // `field`) whose failure count and security events must be committed: the caller returns the
  // Decision from its WriteDecision. kInvalidRequest (kMfaNotEnabled) before anything is written.
  Result<Decision<SecondFactor>> Verify(Repositories& repos, std::string_view user_id,
                                        std::string_view code, const ClientInfo& client,
                                        Field field, int64_t now);
  // A single-use login ticket for the second step of a login (its plaintext is shown once), after
  // the first factor `first_factor` (the amr value "pwd" or "email") was proven.
  Result<MfaChallenge> IssueTicket(Repositories& repos, std::string_view user_id,
                                   std::string_view first_factor, int64_t now);
  // Takes one of the ticket's ticket_max_attempts attempts (it must be unused and unexpired),
  // checks the code and spends the ticket; the answer names the ticket's first factor.
  // kInvalidCredentials (kTicketUnusable, field kTicket)
  // for a dead ticket; a wrong code is a refusal as in Verify (field kCode).
  Result<Decision<SecondFactor>> RedeemTicket(Repositories& repos, std::string_view ticket,
                                              std::string_view code, const ClientInfo& client,
                                              int64_t now);
  // Inside a Write: appends the audit event `type` about `user_id`, who is its actor; a type ending
  // in "_failed" or "_locked" is a failure whose `detail` stays internal.
  Status Record(Repositories& repos, std::string_view user_id, std::string_view type,
                const ClientInfo& client, std::string detail = {});

  const StepUpGuard& guard() const { return guard_; }
  const MfaPolicy& policy() const { return policy_; }

 private:
  // Throttle state check: kInvalidCredentials when the user may not try a code now.
  Status CheckThrottle(const MfaState& state, int64_t now, Field field) const;
  // Counts a wrong code in the store (concurrent failures all count) and logs it.
  Status NoteFailure(Repositories& repos, std::string_view user_id, int64_t now,
                     const ClientInfo& client, std::string_view why);
  Status NoteSuccess(Repositories& repos, const MfaState& state);
  std::vector<std::string> NewRecoveryCodes(std::string_view user_id,
                                            std::vector<std::string>& hashes);

  const MfaPolicy policy_;
  Store& store_;
  MfaCrypto& crypto_;
  OpaqueTokens& tokens_;
  Random& random_;
  const Clock& clock_;
  const StepUpGuard& guard_;
  AuditTrail* const audit_;
};

}  // namespace portcullis::core
