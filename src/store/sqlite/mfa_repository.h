// SqliteMfaRepository and SqliteSecurityEventRepository: core::MfaRepository and
// core::SecurityEventRepository running SQL on one given Connection (a reader lease, or the writer
// connection inside a job). Not thread-safe: the connection's thread only.
#pragma once

#include "core/ports/mfa_repository.h"
#include "core/ports/security_event_repository.h"
#include "store/sqlite/connection.h"

namespace portcullis::store::sqlite {

// Multi-statement writes (Enable, Disable, ReplaceRecoveryCodes) run inside their own SAVEPOINT.
class SqliteMfaRepository final : public core::MfaRepository {
 public:
  explicit SqliteMfaRepository(Connection& conn) : conn_(conn) {}

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
  // Runs a prepared write with `args` and returns the number of changed rows.
  template <class... Args>
  Result<int64_t> Change(std::string_view sql, const Args&... args);

  Connection& conn_;
};

class SqliteSecurityEventRepository final : public core::SecurityEventRepository {
 public:
  explicit SqliteSecurityEventRepository(Connection& conn) : conn_(conn) {}
  Status Append(const core::SecurityEvent& event) override;
  Result<std::vector<core::SecurityEvent>> ListForUser(std::string_view user_id,
                                                       int64_t limit) override;
  Result<std::vector<core::SecurityEvent>> List(const core::SecurityEventQuery& query) override;
  Result<int64_t> PurgeBefore(int64_t at) override;

 private:
  Connection& conn_;
};

}  // namespace portcullis::store::sqlite
