// PostgresSessionRepository: sessions over one connection, with the conditional UPDATE that makes
// refresh rotation race-free (one round trip per rotation). Not thread-safe.
#include "store/postgres/session_repository.h"

#include <algorithm>

#include "common/status_macros.h"
#include "store/postgres/sql.h"

namespace portcullis::store::postgres {
namespace {

// Reads row `r` in the column order of sql::kSelectSession and kListActiveSessions.
core::Session ReadSession(const Rows& rows, int r) {
  core::Session session;
  session.id = rows.Text(r, 0);
  session.user_id = rows.Text(r, 1);
  session.created_at = rows.Int(r, 2);
  session.last_refreshed_at = rows.Int(r, 3);
  session.expires_at = rows.Int(r, 4);
  session.revoked_at = rows.OptionalInt(r, 5);
  session.auth_time = rows.Int(r, 6);
  session.amr = rows.Text(r, 7);
  session.user_agent = rows.Text(r, 8);
  session.ip = rows.Text(r, 9);
  session.step_up_at = rows.OptionalInt(r, 10);
  session.refresh_key = rows.Text(r, 11);
  session.refresh_counter = rows.Int(r, 12);
  session.rotated_at = rows.Int(r, 13);
  session.refresh_hash = rows.Text(r, 14);
  session.previous_hash = rows.Text(r, 15);
  session.company_id = rows.Text(r, 16);
  return session;
}

}  // namespace

Status PostgresSessionRepository::Create(const core::Session& session) {
  Status status = conn_.InSavepoint([&]() -> Status {
    RETURN_IF_ERROR(conn_.Run(sql::kInsertSession, session.id, session.user_id, session.created_at,
                              session.last_refreshed_at, session.expires_at, session.revoked_at,
                              session.auth_time, session.amr, session.user_agent, session.ip,
                              session.step_up_at, session.refresh_key, session.refresh_counter,
                              session.rotated_at, session.refresh_hash, session.previous_hash,
                              session.company_id));
    return Status::Ok();
  });
  // A foreign-key failure names the row that was missing.
  if (!status.ok() && status.error().code == ErrorCode::kNotFound &&
      status.error().detail == "reference") {
    return MakeError(ErrorCode::kNotFound, "user");
  }
  return status;
}

Result<core::Session> PostgresSessionRepository::FindSession(std::string_view session_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kSelectSession, session_id));
  if (rows.empty()) return MakeError(ErrorCode::kNotFound, "session");
  return ReadSession(rows, 0);
}

Result<bool> PostgresSessionRepository::Rotate(std::string_view session_id,
                                               const core::RefreshRotation& rotation) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kRotateSession, session_id, rotation.from_counter,
                                        rotation.next_hash, rotation.now, rotation.expires_at));
  if (rows.Bool(0, 0)) return true;
  // Nothing changed: the counter moved on (the loser of a race), the session is revoked, or absent.
  if (!rows.Bool(0, 1)) return MakeError(ErrorCode::kNotFound, "session");
  return false;
}

Status PostgresSessionRepository::Revoke(std::string_view session_id, int64_t now) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kRevokeSession, session_id, now));
  // Already revoked (keeps its first time) or absent.
  if (!rows.Bool(0, 0) && !rows.Bool(0, 1)) return MakeError(ErrorCode::kNotFound, "session");
  return Status::Ok();
}

Result<std::vector<std::string>> PostgresSessionRepository::RevokeAllForUser(
    std::string_view user_id, std::string_view keep_session_id, int64_t now) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kRevokeAllForUser, user_id, keep_session_id, now));
  std::vector<std::string> ids;
  ids.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) ids.push_back(rows.Text(r, 0));
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<std::vector<std::string>> PostgresSessionRepository::RevokeOldestBeyond(
    std::string_view user_id, int64_t max_live, int64_t now) {
  RETURN_IF_ERROR(conn_.Run(sql::kLockUserForSessions, user_id));
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kRevokeOldestBeyond, user_id, max_live, now));
  std::vector<std::string> ids;
  ids.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) ids.push_back(rows.Text(r, 0));
  return ids;
}

Result<std::vector<core::Session>> PostgresSessionRepository::ListActive(std::string_view user_id,
                                                                         int64_t now) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kListActiveSessions, user_id, now));
  std::vector<core::Session> sessions;
  sessions.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) sessions.push_back(ReadSession(rows, r));
  return sessions;
}

Result<std::vector<core::RevokedSession>> PostgresSessionRepository::ListRevokedSince(
    int64_t since) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kListRevokedSince, since));
  std::vector<core::RevokedSession> revoked;
  revoked.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    revoked.push_back(core::RevokedSession{rows.Text(r, 0), rows.Int(r, 1)});
  }
  return revoked;
}

Status PostgresSessionRepository::SetStepUp(std::string_view session_id, int64_t at) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kSetStepUp, session_id, at));
  if (rows.affected() == 0) return MakeError(ErrorCode::kNotFound, "session");
  return Status::Ok();
}

Status PostgresSessionRepository::SetCompany(std::string_view session_id,
                                             std::string_view company_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kSetSessionCompany, session_id, company_id));
  if (rows.affected() == 0) return MakeError(ErrorCode::kNotFound, "session");
  return Status::Ok();
}

}  // namespace portcullis::store::postgres
