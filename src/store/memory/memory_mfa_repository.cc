// MemoryMfaRepository and MemorySecurityEventRepository: MFA rows in a MemoryState with the SQL
// backends' semantics. Not thread-safe: the caller holds the owning store's mutex.
#include "store/memory/memory_mfa_repository.h"

#include <algorithm>

namespace portcullis::store::memory {

void MemoryMfaRepository::SetUserMfa(std::string_view user_id, bool enabled) {
  auto it = state_.users.find(user_id);
  if (it == state_.users.end() || it->second.mfa_enabled == enabled) return;
  core::User user = it->second;
  user.mfa_enabled = enabled;
  state_.PutUser(user);
}

Result<core::MfaState> MemoryMfaRepository::Find(std::string_view user_id) {
  auto it = state_.mfa.find(user_id);
  if (it == state_.mfa.end()) return MakeError(ErrorCode::kNotFound, "mfa");
  return it->second;
}

Status MemoryMfaRepository::SavePending(std::string_view user_id, std::string_view pending_sealed,
                                        int64_t now) {
  if (!state_.users.contains(user_id)) return MakeError(ErrorCode::kNotFound, "user");
  core::MfaState row;
  if (auto it = state_.mfa.find(user_id); it != state_.mfa.end()) row = it->second;
  if (row.enabled) return MakeError(ErrorCode::kConflict, "mfa");  // left alone
  row.user_id = std::string(user_id);
  row.pending_sealed = std::string(pending_sealed);
  row.updated_at = now;
  state_.Assign(state_.mfa, row.user_id, row);
  return Status::Ok();
}

Result<bool> MemoryMfaRepository::Enable(std::string_view user_id, std::string_view secret_sealed,
                                         int64_t step, int64_t now) {
  auto it = state_.mfa.find(user_id);
  if (it == state_.mfa.end()) return MakeError(ErrorCode::kNotFound, "mfa");
  if (it->second.enabled || it->second.pending_sealed != secret_sealed) return false;
  core::MfaState row = it->second;
  row.enabled = true;
  row.secret_sealed = std::string(secret_sealed);
  row.pending_sealed.clear();
  row.last_used_step = step;
  row.failures = 0;
  row.last_failure_at = 0;
  row.locked_until = 0;
  row.updated_at = now;
  state_.Assign(state_.mfa, row.user_id, row);
  SetUserMfa(user_id, true);
  return true;
}

Status MemoryMfaRepository::Disable(std::string_view user_id) {
  const std::string key(user_id);
  state_.Assign(state_.mfa, key, std::nullopt);
  state_.Assign(state_.recovery_codes, key, std::nullopt);
  SetUserMfa(user_id, false);
  return Status::Ok();
}

Result<bool> MemoryMfaRepository::ClaimStep(std::string_view user_id, int64_t step) {
  auto it = state_.mfa.find(user_id);
  if (it == state_.mfa.end() || !it->second.enabled || it->second.last_used_step >= step) {
    return false;
  }
  core::MfaState row = it->second;
  row.last_used_step = step;
  state_.Assign(state_.mfa, row.user_id, row);
  return true;
}

Result<core::MfaThrottle> MemoryMfaRepository::RecordFailure(std::string_view user_id, int64_t now,
                                                             int64_t lock_after,
                                                             int64_t lock_seconds) {
  auto it = state_.mfa.find(user_id);
  if (it == state_.mfa.end()) return MakeError(ErrorCode::kNotFound, "mfa");
  core::MfaState row = it->second;
  row.failures += 1;
  row.last_failure_at = now;
  if (row.failures >= lock_after) {
    row.failures = 0;
    row.locked_until = std::max(row.locked_until, now + lock_seconds);
  }
  state_.Assign(state_.mfa, row.user_id, row);
  return core::MfaThrottle{row.failures, row.last_failure_at, row.locked_until};
}

Status MemoryMfaRepository::ResetThrottle(std::string_view user_id) {
  auto it = state_.mfa.find(user_id);
  if (it == state_.mfa.end()) return MakeError(ErrorCode::kNotFound, "mfa");
  core::MfaState row = it->second;
  row.failures = 0;
  row.last_failure_at = 0;
  row.locked_until = 0;
  state_.Assign(state_.mfa, row.user_id, row);
  return Status::Ok();
}

Status MemoryMfaRepository::ReplaceRecoveryCodes(std::string_view user_id,
                                                 const std::vector<std::string>& hashes,
                                                 int64_t now) {
  if (!state_.users.contains(user_id)) return MakeError(ErrorCode::kNotFound, "user");
  std::vector<MemoryState::RecoveryCodeRow> rows;
  for (const auto& hash : hashes) rows.push_back({hash, now, std::nullopt});
  state_.Assign(state_.recovery_codes, std::string(user_id), rows);
  return Status::Ok();
}

Result<bool> MemoryMfaRepository::UseRecoveryCode(std::string_view user_id, std::string_view hash,
                                                  int64_t now) {
  auto it = state_.recovery_codes.find(user_id);
  if (it == state_.recovery_codes.end()) return false;
  std::vector<MemoryState::RecoveryCodeRow> rows = it->second;
  for (auto& row : rows) {
    if (row.hash == hash && !row.used_at) {
      row.used_at = now;
      state_.Assign(state_.recovery_codes, std::string(user_id), rows);
      return true;
    }
  }
  return false;
}

Result<int64_t> MemoryMfaRepository::CountUnusedRecoveryCodes(std::string_view user_id) {
  auto it = state_.recovery_codes.find(user_id);
  if (it == state_.recovery_codes.end()) return int64_t{0};
  int64_t count = 0;
  for (const auto& row : it->second) count += row.used_at ? 0 : 1;
  return count;
}

Status MemoryMfaRepository::CreateTicket(const core::MfaTicket& ticket) {
  if (!state_.users.contains(ticket.user_id)) return MakeError(ErrorCode::kNotFound, "user");
  if (state_.tickets.contains(ticket.hash)) return MakeError(ErrorCode::kConflict, "ticket");
  state_.Assign(state_.tickets, ticket.hash, ticket);
  return Status::Ok();
}

Result<core::MfaTicket> MemoryMfaRepository::FindTicket(std::string_view hash) {
  auto it = state_.tickets.find(hash);
  if (it == state_.tickets.end()) return MakeError(ErrorCode::kNotFound, "ticket");
  return it->second;
}

Result<core::MfaTicket> MemoryMfaRepository::ReserveTicketAttempt(std::string_view hash,
                                                                  int64_t now,
                                                                  int64_t max_attempts) {
  auto it = state_.tickets.find(hash);
  if (it == state_.tickets.end() || it->second.used_at || it->second.expires_at <= now ||
      it->second.attempts >= max_attempts) {
    return MakeError(ErrorCode::kNotFound, "ticket");
  }
  core::MfaTicket row = it->second;
  ++row.attempts;
  state_.Assign(state_.tickets, row.hash, row);
  return row;
}

Result<bool> MemoryMfaRepository::UseTicket(std::string_view hash, int64_t now) {
  auto it = state_.tickets.find(hash);
  if (it == state_.tickets.end() || it->second.used_at) return false;
  core::MfaTicket row = it->second;
  row.used_at = now;
  state_.Assign(state_.tickets, row.hash, row);
  return true;
}

Status MemoryMfaRepository::PurgeTickets(int64_t before) {
  std::vector<std::string> expired;
  for (const auto& [hash, ticket] : state_.tickets) {
    if (ticket.expires_at < before) expired.push_back(hash);
  }
  for (const auto& hash : expired) state_.Assign(state_.tickets, hash, std::nullopt);
  return Status::Ok();
}

Status MemorySecurityEventRepository::Append(const core::SecurityEvent& event) {
  for (const auto& existing : state_.events) {
    if (existing.id == event.id) return MakeError(ErrorCode::kConflict, "event");
  }
  state_.AppendEvent(event);
  return Status::Ok();
}

Result<std::vector<core::SecurityEvent>> MemorySecurityEventRepository::ListForUser(
    std::string_view user_id, int64_t limit) {
  std::vector<core::SecurityEvent> out;
  for (auto it = state_.events.rbegin(); it != state_.events.rend(); ++it) {
    if (static_cast<int64_t>(out.size()) >= limit) break;
    if (it->user_id == user_id) out.push_back(*it);
  }
  return out;
}

Result<std::vector<core::SecurityEvent>> MemorySecurityEventRepository::List(
    const core::SecurityEventQuery& query) {
  const auto selected = [&](const core::SecurityEvent& e) {
    return (query.user_id.empty() || e.user_id == query.user_id) &&
           (query.company_id.empty() || e.company_id == query.company_id) &&
           (query.type.empty() || e.type == query.type) &&
           (query.actor_id.empty() || e.actor_id == query.actor_id) &&
           (query.since == 0 || e.at >= query.since) && (query.until == 0 || e.at <= query.until) &&
           (query.before_seq == 0 || e.seq < query.before_seq);
  };
  std::vector<core::SecurityEvent> out;
  for (auto it = state_.events.rbegin();
       it != state_.events.rend() && static_cast<int64_t>(out.size()) < query.limit; ++it) {
    if (selected(*it)) out.push_back(*it);
  }
  return out;
}

Result<int64_t> MemorySecurityEventRepository::PurgeBefore(int64_t at) {
  return state_.EraseEventsBefore(at);
}

}  // namespace portcullis::store::memory
