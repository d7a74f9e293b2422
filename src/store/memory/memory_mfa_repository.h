// MemoryMfaRepository: core::MfaRepository (TOTP factor, recovery codes, tickets) over a
// MemoryState. Not thread-safe: every call must be made with the owning MemoryStore's mutex held.
#pragma once

#include "core/ports/mfa_repository.h"
#include "core/ports/security_event_repository.h"
#include "store/memory/memory_state.h"

namespace portcullis::store::memory {

class MemoryMfaRepository final : public core::MfaRepository {
 public:
  explicit MemoryMfaRepository(MemoryState& state) : state_(state) {}

  Result<core::MfaState> Find(std::string_view user_id) override;
  Status SavePending(std::string_view user_id, std::string_view pending_sealed,
                     int64_t now) override;
  Result<bool> Enable(std::string_view user_id, std::string_view secret_sealed, int64_t step,
                      int64_t now) override;
  Status Disable(std::string_view user_id) override;
  Result<bool> ClaimStep(std::string_view user_id, int64_t step) override;
  Result<core::MfaThrottle> RecordFailure(std::string_view user_id, int64_t now, int64_t lock_after,
                                          int64_t lock_seconds) override;
  Status ResetThrottle(std::string_view user_id) override;
  Status ReplaceRecoveryCodes(std::string_view user_id, const std::vector<std::string>& hashes,
                              int64_t now) override;
  Result<bool> UseRecoveryCode(std::string_view user_id, std::string_view hash,
                               int64_t now) override;
  Result<int64_t> CountUnusedRecoveryCodes(std::string_view user_id) override;
  Status CreateTicket(const core::MfaTicket& ticket) override;
  Result<core::MfaTicket> FindTicket(std::string_view hash) override;
  Result<core::MfaTicket> ReserveTicketAttempt(std::string_view hash, int64_t now,
                                               int64_t max_attempts) override;
  Result<bool> UseTicket(std::string_view hash, int64_t now) override;
  Status PurgeTickets(int64_t before) override;

 private:
  void SetUserMfa(std::string_view user_id, bool enabled);

  MemoryState& state_;
};

// MemorySecurityEventRepository: the security log in a MemoryState. Same locking rule.
class MemorySecurityEventRepository final : public core::SecurityEventRepository {
 public:
  explicit MemorySecurityEventRepository(MemoryState& state) : state_(state) {}
  Status Append(const core::SecurityEvent& event) override;
  Result<std::vector<core::SecurityEvent>> ListForUser(std::string_view user_id,
                                                       int64_t limit) override;
  Result<std::vector<core::SecurityEvent>> List(const core::SecurityEventQuery& query) override;
  Result<int64_t> PurgeBefore(int64_t at) override;

 private:
  MemoryState& state_;
};

}  // namespace portcullis::store::memory
