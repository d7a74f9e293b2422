// MfaService: TOTP enrolment, second-factor checks with replay protection and per-user throttling,
// recovery codes, two-step login tickets and the security events of all of it.
// Thread-safe; all state is in the Store.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/random.h"
#include "common/status.h"
#include "core/auth_types.h"
#include "core/crypto_ports.h"
#include "core/repositories.h"
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

// Which second factor a code proved: the amr value "otp" or "recovery".
struct SecondFactor {
  std::string user_id;
  std::string method;
};

class MfaService {
 public:
  MfaService(MfaPolicy policy, Store& store, MfaCrypto& crypto, OpaqueTokens& tokens,
             Random& random, const Clock& clock, const StepUpGuard& guard);

  // A new pending secret (replacing any earlier pending one). kConflict when MFA is enabled.
  Result<MfaEnrolment> BeginSetup(const Principal& principal, const ClientInfo& client);
  // Confirms the pending secret with a code from it: enables MFA and returns the recovery codes,
  // the only time they are shown. kInvalidRequest without a pending secret; kInvalidCredentials
  // for a wrong code.
  Result<std::vector<std::string>> ConfirmSetup(const Principal& principal, std::string_view code,
                                                const ClientInfo& client);
  // Step-up, then a TOTP or recovery code. kInvalidRequest when MFA is not enabled.
  Status Disable(const Principal& principal, std::string_view code, const ClientInfo& client);
  // Step-up; replaces every recovery code. kInvalidRequest when MFA is not enabled.
  Result<std::vector<std::string>> RegenerateRecoveryCodes(const Principal& principal,
                                                           const ClientInfo& client);

  // Checks `code` (6 digits: TOTP; otherwise a recovery code) for a user with MFA enabled and
  // returns the method it proved. kInvalidCredentials for a wrong, replayed or throttled code;
  // kUnavailable when the failure (or success) cannot be recorded in the throttle.
  Result<SecondFactor> Verify(std::string_view user_id, std::string_view code,
                              const ClientInfo& client);

  // A single-use login ticket for the second step of a login (plaintext, shown once).
  Result<std::string> IssueTicket(std::string_view user_id);
  // Takes one of the ticket's ticket_max_attempts attempts (it must be unused and unexpired),
  // checks the code, then spends the ticket and the second factor together: a code that is not
  // accepted, or a ticket that another call spent meanwhile, leaves the factor unspent.
  // kInvalidCredentials (field "ticket" or "code") otherwise; kUnavailable when the attempt or a
  // failure cannot be recorded.
  Result<SecondFactor> RedeemTicket(std::string_view ticket, std::string_view code,
                                    const ClientInfo& client);

  // Appends a security event; a failure to record is not the caller's failure.
  void Record(std::string_view user_id, std::string_view type, const ClientInfo& client,
              std::string detail = {});

  const StepUpGuard& guard() const { return guard_; }
  const MfaPolicy& policy() const { return policy_; }

 private:
  // Spends something together with the second factor, in its transaction (a login ticket): false
  // refuses, and the factor stays unspent.
  using Spend = std::function<Result<bool>(Repositories&)>;

  // Verify, with `spend` (may be null) spent atomically with the factor; BadTicket when refused.
  Result<SecondFactor> Check(std::string_view user_id, std::string_view code,
                             const ClientInfo& client, const Spend* spend);
  // Throttle state check: kInvalidCredentials when the user may not try a code now.
  Status CheckThrottle(const MfaState& state, int64_t now) const;
  // Counts a wrong code atomically in the store; kUnavailable when it cannot be recorded.
  Status NoteFailure(std::string_view user_id, int64_t now, const ClientInfo& client,
                     std::string_view why);
  Status NoteSuccess(const MfaState& state);
  std::vector<std::string> NewRecoveryCodes(std::string_view user_id,
                                            std::vector<std::string>& hashes);
  Result<MfaState> EnabledState(std::string_view user_id);

  const MfaPolicy policy_;
  Store& store_;
  MfaCrypto& crypto_;
  OpaqueTokens& tokens_;
  Random& random_;
  const Clock& clock_;
  const StepUpGuard& guard_;
};

}  // namespace portcullis::core
