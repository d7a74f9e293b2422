// MfaRepository: the port for a user's TOTP factor, throttling, recovery codes (keyed hashes only)
// and MFA login tickets. Implemented by store/{memory,sqlite,...}; behaviour defined by
// store/conformance/mfa_conformance.cc. Bound to one transaction; not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "core/mfa.h"

namespace portcullis::core {

// The throttling members of an MfaState, as RecordFailure left them.
struct MfaThrottle {
  int64_t failures = 0;
  int64_t last_failure_at = 0;
  int64_t locked_until = 0;
};

class MfaRepository {
 public:
  virtual ~MfaRepository() = default;
  // kNotFound when the user never started enrolment (or disabled MFA since).
  virtual Result<MfaState> Find(std::string_view user_id) = 0;
  // Stores a pending secret, creating the row when needed. kConflict ("mfa") when the factor is
  // enabled (nothing changes); kNotFound ("user") for an unknown user.
  virtual Status SavePending(std::string_view user_id, std::string_view pending_sealed,
                             int64_t now) = 0;
  // Atomically, when the factor is not enabled and its pending secret is still `secret_sealed`:
  // makes it the factor (enabled, no pending secret, last_used_step = `step`, no failures) and
  // sets users.mfa_enabled; true. False (nothing changed) otherwise: exactly one of two racing
  // enablings wins. kNotFound when there is no row.
  virtual Result<bool> Enable(std::string_view user_id, std::string_view secret_sealed,
                              int64_t step, int64_t now) = 0;
  // Deletes the factor and every recovery code; clears users.mfa_enabled. Idempotent.
  virtual Status Disable(std::string_view user_id) = 0;
  // Atomically raises last_used_step to `step` when it is lower and the factor is enabled; false
  // (nothing changed) otherwise: exactly one of two racing uses of one code wins.
  virtual Result<bool> ClaimStep(std::string_view user_id, int64_t step) = 0;
  // Atomically counts one wrong code at `now`: failures + 1 and last_failure_at = `now`; when that
  // reaches `lock_after`, failures restarts at 0 and locked_until becomes at least
  // `now + lock_seconds` (it never decreases). Returns the new state (so failures == 0 means this
  // call locked the factor). kNotFound when no row.
  virtual Result<MfaThrottle> RecordFailure(std::string_view user_id, int64_t now,
                                            int64_t lock_after, int64_t lock_seconds) = 0;
  // Clears failures, last_failure_at and locked_until. kNotFound when no row.
  virtual Status ResetThrottle(std::string_view user_id) = 0;

  // Replaces the user's recovery codes with `hashes` (all unused).
  virtual Status ReplaceRecoveryCodes(std::string_view user_id,
                                      const std::vector<std::string>& hashes, int64_t now) = 0;
  // Atomically marks the unused code `hash` of the user used; false when none matches.
  virtual Result<bool> UseRecoveryCode(std::string_view user_id, std::string_view hash,
                                       int64_t now) = 0;
  virtual Result<int64_t> CountUnusedRecoveryCodes(std::string_view user_id) = 0;

  // kConflict for a taken hash, kNotFound ("user") for an unknown user.
  virtual Status CreateTicket(const MfaTicket& ticket) = 0;
  virtual Result<MfaTicket> FindTicket(std::string_view hash) = 0;
  // Atomically reserves one attempt of a ticket that is unused, unexpired at `now` and has had
  // fewer than `max_attempts` (attempts + 1) and returns it as reserved; kNotFound ("ticket") when
  // absent or unusable (nothing changes). Concurrent calls never take more than `max_attempts`.
  virtual Result<MfaTicket> ReserveTicketAttempt(std::string_view hash, int64_t now,
                                                 int64_t max_attempts) = 0;
  // Atomically marks an unused ticket used; false when it was used already (or absent).
  virtual Result<bool> UseTicket(std::string_view hash, int64_t now) = 0;
  // Deletes tickets that expired before `before`.
  virtual Status PurgeTickets(int64_t before) = 0;
};

}  // namespace portcullis::core
