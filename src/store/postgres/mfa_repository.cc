// PostgresMfaRepository and PostgresSecurityEventRepository: MFA rows and the audit log over
// one connection, with conditional UPDATEs for the single-use guards. Not thread-safe.
#include "store/postgres/mfa_repository.h"

#include <cstddef>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status_macros.h"
#include "store/postgres/sql.h"

namespace portcullis::store::postgres {
namespace {

// Reads every row, in the column order of sql::kListSecurityEvents.
std::vector<core::SecurityEvent> ReadEvents(const Rows& rows) {
  std::vector<core::SecurityEvent> events;
  events.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    core::SecurityEvent event;
    event.seq = rows.Int(r, 0);
    event.id = rows.Text(r, 1);
    event.user_id = rows.Text(r, 2);
    event.type = rows.Text(r, 3);
    event.at = rows.Int(r, 4);
    event.ip = rows.Text(r, 5);
    event.user_agent = rows.Text(r, 6);
    event.detail = rows.Text(r, 7);
    event.actor_type = rows.Text(r, 8);
    event.actor_id = rows.Text(r, 9);
    event.company_id = rows.Text(r, 10);
    event.target_type = rows.Text(r, 11);
    event.target_id = rows.Text(r, 12);
    event.outcome = rows.Text(r, 13);
    events.push_back(std::move(event));
  }
  return events;
}

// Reads the column order of sql::kSelectMfa.
core::MfaState ReadMfa(const Rows& rows) {
  core::MfaState state;
  state.user_id = rows.Text(0, 0);
  state.enabled = rows.Bool(0, 1);
  state.secret_sealed = rows.Text(0, 2);
  state.pending_sealed = rows.Text(0, 3);
  state.last_used_step = rows.Int(0, 4);
  state.failures = rows.Int(0, 5);
  state.last_failure_at = rows.Int(0, 6);
  state.locked_until = rows.Int(0, 7);
  state.updated_at = rows.Int(0, 8);
  return state;
}

// Reads the column order of sql::kSelectTicket.
core::MfaTicket ReadTicket(const Rows& rows) {
  core::MfaTicket ticket;
  ticket.hash = rows.Text(0, 0);
  ticket.user_id = rows.Text(0, 1);
  ticket.created_at = rows.Int(0, 2);
  ticket.expires_at = rows.Int(0, 3);
  ticket.attempts = rows.Int(0, 4);
  ticket.used_at = rows.OptionalInt(0, 5);
  ticket.first_factor = rows.Text(0, 6);
  return ticket;
}

// A foreign-key failure names the user that was missing.
Error NameMissingUser(Error error) {
  if (error.code == ErrorCode::kNotFound && error.detail == "reference") {
    return MakeError(ErrorCode::kNotFound, "user");
  }
  return error;
}

}  // namespace

template <class... Args>
Result<int64_t> PostgresMfaRepository::Change(std::string_view sql, const Args&... args) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql, args...));
  return rows.affected();
}

Result<core::MfaState> PostgresMfaRepository::Find(std::string_view user_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kSelectMfa, user_id));
  if (rows.empty()) return MakeError(ErrorCode::kNotFound, "mfa");
  return ReadMfa(rows);
}

Status PostgresMfaRepository::SavePending(std::string_view user_id, std::string_view pending_sealed,
                                          int64_t now) {
  auto changed =
      conn_.InSavepoint([&] { return Change(sql::kSavePendingMfa, user_id, pending_sealed, now); });
  if (!changed) return NameMissingUser(changed.error());
  if (*changed == 0) return MakeError(ErrorCode::kConflict, "mfa");  // enabled: left alone
  return Status::Ok();
}

Result<bool> PostgresMfaRepository::Enable(std::string_view user_id, std::string_view secret_sealed,
                                           int64_t step, int64_t now) {
  return conn_.InSavepoint([&]() -> Result<bool> {
    ASSIGN_OR_RETURN(int64_t changed, Change(sql::kEnableMfa, user_id, secret_sealed, step, now));
    if (changed == 0) {
      ASSIGN_OR_RETURN(Rows exists, conn_.Run(sql::kMfaExists, user_id));
      if (exists.empty()) return MakeError(ErrorCode::kNotFound, "mfa");
      return false;  // already enabled, or another pending secret: the caller lost
    }
    RETURN_IF_ERROR(Change(sql::kSetUserMfa, user_id, true));
    return true;
  });
}

Status PostgresMfaRepository::Disable(std::string_view user_id) {
  return conn_.InSavepoint([&]() -> Status {
    RETURN_IF_ERROR(Change(sql::kDeleteMfa, user_id));
    RETURN_IF_ERROR(Change(sql::kDeleteRecoveryCodes, user_id));
    RETURN_IF_ERROR(Change(sql::kSetUserMfa, user_id, false));
    return Status::Ok();
  });
}

Result<bool> PostgresMfaRepository::ClaimStep(std::string_view user_id, int64_t step) {
  ASSIGN_OR_RETURN(int64_t changed, Change(sql::kClaimStep, user_id, step));
  return changed > 0;
}

Result<core::MfaThrottle> PostgresMfaRepository::RecordFailure(std::string_view user_id,
                                                               int64_t now, int64_t lock_after,
                                                               int64_t lock_seconds) {
  ASSIGN_OR_RETURN(Rows rows,
                   conn_.Run(sql::kRecordMfaFailure, user_id, now, lock_after, lock_seconds));
  if (rows.empty()) return MakeError(ErrorCode::kNotFound, "mfa");
  core::MfaThrottle throttle;
  throttle.failures = rows.Int(0, 0);
  throttle.last_failure_at = rows.Int(0, 1);
  throttle.locked_until = rows.Int(0, 2);
  return throttle;
}

Status PostgresMfaRepository::ResetThrottle(std::string_view user_id) {
  ASSIGN_OR_RETURN(int64_t changed, Change(sql::kResetMfaThrottle, user_id));
  if (changed == 0) return MakeError(ErrorCode::kNotFound, "mfa");
  return Status::Ok();
}

Status PostgresMfaRepository::ReplaceRecoveryCodes(std::string_view user_id,
                                                   const std::vector<std::string>& hashes,
                                                   int64_t now) {
  Status status = conn_.InSavepoint([&]() -> Status {
    RETURN_IF_ERROR(Change(sql::kDeleteRecoveryCodes, user_id));
    for (const auto& hash : hashes) {
      RETURN_IF_ERROR(Change(sql::kInsertRecoveryCode, user_id, hash, now));
    }
    return Status::Ok();
  });
  if (!status) return NameMissingUser(status.error());
  return status;
}

Result<bool> PostgresMfaRepository::UseRecoveryCode(std::string_view user_id, std::string_view hash,
                                                    int64_t now) {
  ASSIGN_OR_RETURN(int64_t changed, Change(sql::kUseRecoveryCode, user_id, hash, now));
  return changed > 0;
}

Result<int64_t> PostgresMfaRepository::CountUnusedRecoveryCodes(std::string_view user_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kCountUnusedRecoveryCodes, user_id));
  return rows.empty() ? 0 : rows.Int(0, 0);
}

Status PostgresMfaRepository::CreateTicket(const core::MfaTicket& ticket) {
  auto changed = conn_.InSavepoint([&] {
    return Change(sql::kInsertTicket, ticket.hash, ticket.user_id, ticket.created_at,
                  ticket.expires_at, ticket.attempts, ticket.used_at, ticket.first_factor);
  });
  if (!changed) {
    if (changed.error().code == ErrorCode::kConflict) {
      return MakeError(ErrorCode::kConflict, "ticket");
    }
    return NameMissingUser(changed.error());
  }
  return Status::Ok();
}

Result<core::MfaTicket> PostgresMfaRepository::FindTicket(std::string_view hash) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kSelectTicket, hash));
  if (rows.empty()) return MakeError(ErrorCode::kNotFound, "ticket");
  return ReadTicket(rows);
}

Result<core::MfaTicket> PostgresMfaRepository::ReserveTicketAttempt(std::string_view hash,
                                                                    int64_t now,
                                                                    int64_t max_attempts) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kReserveTicketAttempt, hash, now, max_attempts));
  if (rows.empty()) return MakeError(ErrorCode::kNotFound, "ticket");
  return ReadTicket(rows);
}

Result<bool> PostgresMfaRepository::UseTicket(std::string_view hash, int64_t now) {
  ASSIGN_OR_RETURN(int64_t changed, Change(sql::kUseTicket, hash, now));
  return changed > 0;
}

Status PostgresMfaRepository::PurgeTickets(int64_t before) {
  RETURN_IF_ERROR(Change(sql::kPurgeTickets, before));
  return Status::Ok();
}

Status PostgresSecurityEventRepository::Append(const core::SecurityEvent& event) {
  ASSIGN_OR_RETURN(
      Rows rows,
      conn_.Run(sql::kInsertSecurityEvent, event.id, event.user_id, event.type, event.at, event.ip,
                event.user_agent, event.detail, event.actor_type, event.actor_id, event.company_id,
                event.target_type, event.target_id, event.outcome));
  if (rows.affected() == 0) return MakeError(ErrorCode::kConflict, "event");
  return Status::Ok();
}

Result<std::vector<core::SecurityEvent>> PostgresSecurityEventRepository::ListForUser(
    std::string_view user_id, int64_t limit) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kListSecurityEvents, user_id, limit));
  return ReadEvents(rows);
}

Result<std::vector<core::SecurityEvent>> PostgresSecurityEventRepository::List(
    const core::SecurityEventQuery& query) {
  const std::string_view sql = !query.user_id.empty()      ? sql::kQueryUserSecurityEvents
                               : !query.company_id.empty() ? sql::kQueryCompanySecurityEvents
                                                           : sql::kQueryAllSecurityEvents;
  constexpr int64_t kNoBound = std::numeric_limits<int64_t>::max();
  ASSIGN_OR_RETURN(Rows rows,
                   conn_.Run(sql, query.user_id, query.company_id, query.type, query.actor_id,
                             query.since != 0 ? query.since : std::numeric_limits<int64_t>::min(),
                             query.until != 0 ? query.until : kNoBound,
                             query.before_seq != 0 ? query.before_seq : kNoBound, query.limit));
  return ReadEvents(rows);
}

Result<int64_t> PostgresSecurityEventRepository::PurgeBefore(int64_t at) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kPurgeSecurityEvents, at));
  return rows.affected();
}

}  // namespace portcullis::store::postgres
