// SqliteMfaRepository and SqliteSecurityEventRepository: MFA rows and the audit log over one
// connection, with conditional UPDATEs for the single-use guards. Not thread-safe.
#include "store/sqlite/mfa_repository.h"

#include <limits>
#include <string_view>
#include <utility>

#include "common/status_macros.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/sql.h"

namespace portcullis::store::sqlite {
namespace {

// Steps `select` (columns in the order of sql::kListSecurityEvents) to its end.
Result<std::vector<core::SecurityEvent>> ReadEvents(Statement& select) {
  std::vector<core::SecurityEvent> events;
  for (;;) {
    ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) break;
    core::SecurityEvent event;
    event.seq = select.ColumnInt(0);
    event.id = select.ColumnText(1);
    event.user_id = select.ColumnText(2);
    event.type = select.ColumnText(3);
    event.at = select.ColumnInt(4);
    event.ip = select.ColumnText(5);
    event.user_agent = select.ColumnText(6);
    event.detail = select.ColumnText(7);
    event.actor_type = select.ColumnText(8);
    event.actor_id = select.ColumnText(9);
    event.company_id = select.ColumnText(10);
    event.target_type = select.ColumnText(11);
    event.target_id = select.ColumnText(12);
    event.outcome = select.ColumnText(13);
    events.push_back(std::move(event));
  }
  return events;
}

// Reads the column order of sql::kSelectMfa.
core::MfaState ReadMfa(const Statement& row) {
  core::MfaState state;
  state.user_id = row.ColumnText(0);
  state.enabled = row.ColumnInt(1) != 0;
  state.secret_sealed = row.ColumnText(2);
  state.pending_sealed = row.ColumnText(3);
  state.last_used_step = row.ColumnInt(4);
  state.failures = row.ColumnInt(5);
  state.last_failure_at = row.ColumnInt(6);
  state.locked_until = row.ColumnInt(7);
  state.updated_at = row.ColumnInt(8);
  return state;
}

// Reads the column order of sql::kSelectTicket.
core::MfaTicket ReadTicket(const Statement& row) {
  core::MfaTicket ticket;
  ticket.hash = row.ColumnText(0);
  ticket.user_id = row.ColumnText(1);
  ticket.created_at = row.ColumnInt(2);
  ticket.expires_at = row.ColumnInt(3);
  ticket.attempts = row.ColumnInt(4);
  ticket.used_at = row.ColumnOptionalInt(5);
  ticket.first_factor = row.ColumnText(6);
  return ticket;
}

Status NameMissingUser(Status status) {
  if (!status.ok() && status.error().code == ErrorCode::kNotFound &&
      status.error().detail == "reference") {
    return MakeError(ErrorCode::kNotFound, "user");
  }
  return status;
}

}  // namespace

template <class... Args>
Result<int64_t> SqliteMfaRepository::Change(std::string_view sql, const Args&... args) {
  auto statement = conn_.Prepare(sql);
  if (!statement) return statement.error();
  (*statement)->BindAll(args...);
  if (Status s = (*statement)->Run(); !s) return s.error();
  return conn_.changes();
}

Result<core::MfaState> SqliteMfaRepository::Find(std::string_view user_id) {
  auto select = conn_.Prepare(sql::kSelectMfa);
  if (!select) return select.error();
  (*select)->BindAll(user_id);
  auto row = (*select)->Step();
  if (!row) return row.error();
  if (!*row) return MakeError(ErrorCode::kNotFound, "mfa");
  return ReadMfa(**select);
}

Status SqliteMfaRepository::SavePending(std::string_view user_id, std::string_view pending_sealed,
                                        int64_t now) {
  auto changed = Change(sql::kSavePendingMfa, user_id, pending_sealed, now);
  if (!changed) return NameMissingUser(changed.error());
  if (*changed == 0) return MakeError(ErrorCode::kConflict, "mfa");  // enabled: left alone
  return Status::Ok();
}

Result<bool> SqliteMfaRepository::Enable(std::string_view user_id, std::string_view secret_sealed,
                                         int64_t step, int64_t now) {
  bool enabled = false;
  Status status = conn_.InSavepoint("mfa_enable", [&]() -> Status {
    auto changed = Change(sql::kEnableMfa, user_id, secret_sealed, step, now);
    if (!changed) return changed.error();
    if (*changed == 0) {
      auto exists = conn_.Prepare(sql::kMfaExists);
      if (!exists) return exists.error();
      (*exists)->BindAll(user_id);
      auto row = (*exists)->Step();
      if (!row) return row.error();
      if (!*row) return MakeError(ErrorCode::kNotFound, "mfa");
      return Status::Ok();  // already enabled, or another pending secret: the caller lost
    }
    auto user = Change(sql::kSetUserMfa, user_id, int64_t{1});
    if (!user) return user.error();
    enabled = true;
    return Status::Ok();
  });
  if (!status) return status.error();
  return enabled;
}

Status SqliteMfaRepository::Disable(std::string_view user_id) {
  return conn_.InSavepoint("mfa_disable", [&]() -> Status {
    if (auto r = Change(sql::kDeleteMfa, user_id); !r) return r.error();
    if (auto r = Change(sql::kDeleteRecoveryCodes, user_id); !r) return r.error();
    if (auto r = Change(sql::kSetUserMfa, user_id, int64_t{0}); !r) return r.error();
    return Status::Ok();
  });
}

Result<bool> SqliteMfaRepository::ClaimStep(std::string_view user_id, int64_t step) {
  auto changed = Change(sql::kClaimStep, user_id, step);
  if (!changed) return changed.error();
  return *changed > 0;
}

Result<core::MfaThrottle> SqliteMfaRepository::RecordFailure(std::string_view user_id, int64_t now,
                                                             int64_t lock_after,
                                                             int64_t lock_seconds) {
  auto update = conn_.Prepare(sql::kRecordMfaFailure);
  if (!update) return update.error();
  (*update)->BindAll(user_id, now, lock_after, lock_seconds);
  auto row = (*update)->Step();
  if (!row) return row.error();
  if (!*row) return MakeError(ErrorCode::kNotFound, "mfa");
  core::MfaThrottle throttle;
  throttle.failures = (*update)->ColumnInt(0);
  throttle.last_failure_at = (*update)->ColumnInt(1);
  throttle.locked_until = (*update)->ColumnInt(2);
  if (Status s = (*update)->Run(); !s) return s.error();
  return throttle;
}

Status SqliteMfaRepository::ResetThrottle(std::string_view user_id) {
  auto changed = Change(sql::kResetMfaThrottle, user_id);
  if (!changed) return changed.error();
  if (*changed == 0) return MakeError(ErrorCode::kNotFound, "mfa");
  return Status::Ok();
}

Status SqliteMfaRepository::ReplaceRecoveryCodes(std::string_view user_id,
                                                 const std::vector<std::string>& hashes,
                                                 int64_t now) {
  return conn_.InSavepoint("recovery_codes", [&]() -> Status {
    if (auto r = Change(sql::kDeleteRecoveryCodes, user_id); !r) return r.error();
    for (const auto& hash : hashes) {
      if (auto r = Change(sql::kInsertRecoveryCode, user_id, hash, now); !r) {
        return NameMissingUser(r.error());
      }
    }
    return Status::Ok();
  });
}

Result<bool> SqliteMfaRepository::UseRecoveryCode(std::string_view user_id, std::string_view hash,
                                                  int64_t now) {
  auto changed = Change(sql::kUseRecoveryCode, user_id, hash, now);
  if (!changed) return changed.error();
  return *changed > 0;
}

Result<int64_t> SqliteMfaRepository::CountUnusedRecoveryCodes(std::string_view user_id) {
  auto select = conn_.Prepare(sql::kCountUnusedRecoveryCodes);
  if (!select) return select.error();
  (*select)->BindAll(user_id);
  auto row = (*select)->Step();
  if (!row) return row.error();
  return *row ? (*select)->ColumnInt(0) : 0;
}

Status SqliteMfaRepository::CreateTicket(const core::MfaTicket& ticket) {
  auto changed = Change(sql::kInsertTicket, ticket.hash, ticket.user_id, ticket.created_at,
                        ticket.expires_at, ticket.attempts, ticket.used_at, ticket.first_factor);
  if (!changed) {
    if (changed.error().code == ErrorCode::kConflict)
      return MakeError(ErrorCode::kConflict, "ticket");
    return NameMissingUser(changed.error());
  }
  return Status::Ok();
}

Result<core::MfaTicket> SqliteMfaRepository::FindTicket(std::string_view hash) {
  auto select = conn_.Prepare(sql::kSelectTicket);
  if (!select) return select.error();
  (*select)->BindAll(hash);
  auto row = (*select)->Step();
  if (!row) return row.error();
  if (!*row) return MakeError(ErrorCode::kNotFound, "ticket");
  return ReadTicket(**select);
}

Result<core::MfaTicket> SqliteMfaRepository::ReserveTicketAttempt(std::string_view hash,
                                                                  int64_t now,
                                                                  int64_t max_attempts) {
  auto update = conn_.Prepare(sql::kReserveTicketAttempt);
  if (!update) return update.error();
  (*update)->BindAll(hash, now, max_attempts);
  auto row = (*update)->Step();
  if (!row) return row.error();
  if (!*row) return MakeError(ErrorCode::kNotFound, "ticket");
  core::MfaTicket reserved = ReadTicket(**update);
  if (Status s = (*update)->Run(); !s) return s.error();
  return reserved;
}

Result<bool> SqliteMfaRepository::UseTicket(std::string_view hash, int64_t now) {
  auto changed = Change(sql::kUseTicket, hash, now);
  if (!changed) return changed.error();
  return *changed > 0;
}

Status SqliteMfaRepository::PurgeTickets(int64_t before) {
  auto changed = Change(sql::kPurgeTickets, before);
  if (!changed) return changed.error();
  return Status::Ok();
}

Status SqliteSecurityEventRepository::Append(const core::SecurityEvent& event) {
  ASSIGN_OR_RETURN(auto insert, conn_.Prepare(sql::kInsertSecurityEvent));
  insert->BindAll(event.id, event.user_id, event.type, event.at, event.ip, event.user_agent,
                  event.detail, event.actor_type, event.actor_id, event.company_id,
                  event.target_type, event.target_id, event.outcome);
  return insert->Run();  // a taken id: kConflict "event"
}

Result<std::vector<core::SecurityEvent>> SqliteSecurityEventRepository::ListForUser(
    std::string_view user_id, int64_t limit) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kListSecurityEvents));
  select->BindAll(user_id, limit);
  return ReadEvents(*select);
}

Result<std::vector<core::SecurityEvent>> SqliteSecurityEventRepository::List(
    const core::SecurityEventQuery& query) {
  const std::string_view sql = !query.user_id.empty()      ? sql::kQueryUserSecurityEvents
                               : !query.company_id.empty() ? sql::kQueryCompanySecurityEvents
                                                           : sql::kQueryAllSecurityEvents;
  constexpr int64_t kNoBound = std::numeric_limits<int64_t>::max();
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql));
  select->BindAll(query.user_id, query.company_id, query.type, query.actor_id,
                  query.since != 0 ? query.since : std::numeric_limits<int64_t>::min(),
                  query.until != 0 ? query.until : kNoBound,
                  query.before_seq != 0 ? query.before_seq : kNoBound, query.limit);
  return ReadEvents(*select);
}

Result<int64_t> SqliteSecurityEventRepository::PurgeBefore(int64_t at) {
  RETURN_IF_ERROR(Execute(conn_, sql::kPurgeSecurityEvents, at));
  return conn_.changes();
}

}  // namespace portcullis::store::sqlite
