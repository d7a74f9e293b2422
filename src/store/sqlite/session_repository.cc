// SqliteSessionRepository: sessions over one connection, with the conditional UPDATE that makes
// refresh rotation race-free. Not thread-safe: the connection's thread only.
#include "store/sqlite/session_repository.h"

#include <algorithm>

#include "common/status_macros.h"
#include "store/sqlite/sql.h"

namespace portcullis::store::sqlite {
namespace {

// Reads the column order of sql::kSelectSession and kListActiveSessions.
core::Session ReadSession(const Statement& row) {
  core::Session session;
  session.id = row.ColumnText(0);
  session.user_id = row.ColumnText(1);
  session.created_at = row.ColumnInt(2);
  session.last_refreshed_at = row.ColumnInt(3);
  session.expires_at = row.ColumnInt(4);
  session.revoked_at = row.ColumnOptionalInt(5);
  session.auth_time = row.ColumnInt(6);
  session.amr = row.ColumnText(7);
  session.user_agent = row.ColumnText(8);
  session.ip = row.ColumnText(9);
  session.step_up_at = row.ColumnOptionalInt(10);
  session.refresh_key = row.ColumnText(11);
  session.refresh_counter = row.ColumnInt(12);
  session.rotated_at = row.ColumnInt(13);
  session.refresh_hash = row.ColumnText(14);
  session.previous_hash = row.ColumnText(15);
  session.company_id = row.ColumnText(16);
  return session;
}

// A foreign-key failure names the row that was missing.
Status NameMissing(Status status, const char* what) {
  if (!status.ok() && status.error().code == ErrorCode::kNotFound &&
      status.error().detail == "reference") {
    return MakeError(ErrorCode::kNotFound, what);
  }
  return status;
}

}  // namespace

Status SqliteSessionRepository::MustExist(std::string_view session_id) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kSessionExists));
  select->BindAll(session_id);
  ASSIGN_OR_RETURN(bool exists, select->Step());
  if (!exists) return MakeError(ErrorCode::kNotFound, "session");
  return Status::Ok();
}

Status SqliteSessionRepository::Create(const core::Session& session) {
  ASSIGN_OR_RETURN(auto insert, conn_.Prepare(sql::kInsertSession));
  insert->BindAll(session.id, session.user_id, session.created_at, session.last_refreshed_at,
                  session.expires_at, session.revoked_at, session.auth_time, session.amr,
                  session.user_agent, session.ip, session.step_up_at, session.refresh_key,
                  session.refresh_counter, session.rotated_at, session.refresh_hash,
                  session.previous_hash, session.company_id);
  return NameMissing(insert->Run(), "user");
}

Result<core::Session> SqliteSessionRepository::FindSession(std::string_view session_id) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kSelectSession));
  select->BindAll(session_id);
  ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return MakeError(ErrorCode::kNotFound, "session");
  return ReadSession(*select);
}

Result<bool> SqliteSessionRepository::Rotate(std::string_view session_id,
                                             const core::RefreshRotation& rotation) {
  {
    ASSIGN_OR_RETURN(auto update, conn_.Prepare(sql::kRotateSession));
    update->BindAll(session_id, rotation.from_counter, rotation.next_hash, rotation.now,
                    rotation.expires_at);
    RETURN_IF_ERROR(update->Run());
  }
  if (conn_.changes() > 0) return true;
  // Nothing changed: the counter moved on (the loser of a race), the session is revoked, or absent.
  RETURN_IF_ERROR(MustExist(session_id));
  return false;
}

Status SqliteSessionRepository::Revoke(std::string_view session_id, int64_t now) {
  {
    ASSIGN_OR_RETURN(auto update, conn_.Prepare(sql::kRevokeSession));
    update->BindAll(session_id, now);
    RETURN_IF_ERROR(update->Run());
  }
  if (conn_.changes() > 0) return Status::Ok();
  // Already revoked (keeps its first time) or absent.
  return MustExist(session_id);
}

Result<std::vector<std::string>> SqliteSessionRepository::RevokeAllForUser(
    std::string_view user_id, std::string_view keep_session_id, int64_t now) {
  ASSIGN_OR_RETURN(auto update, conn_.Prepare(sql::kRevokeAllForUser));
  update->BindAll(user_id, keep_session_id, now);
  std::vector<std::string> ids;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, update->Step());
    if (!row) break;
    ids.push_back(update->ColumnText(0));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<std::vector<std::string>> SqliteSessionRepository::RevokeOldestBeyond(
    std::string_view user_id, int64_t max_live, int64_t now) {
  ASSIGN_OR_RETURN(auto update, conn_.Prepare(sql::kRevokeOldestBeyond));
  update->BindAll(user_id, max_live, now);
  std::vector<std::string> ids;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, update->Step());
    if (!row) break;
    ids.push_back(update->ColumnText(0));
  }
  return ids;
}

Result<std::vector<core::Session>> SqliteSessionRepository::ListActive(std::string_view user_id,
                                                                       int64_t now) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kListActiveSessions));
  select->BindAll(user_id, now);
  std::vector<core::Session> sessions;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    sessions.push_back(ReadSession(*select));
  }
  return sessions;
}

Result<std::vector<core::RevokedSession>> SqliteSessionRepository::ListRevokedSince(int64_t since) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kListRevokedSince));
  select->BindAll(since);
  std::vector<core::RevokedSession> revoked;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    revoked.push_back(core::RevokedSession{select->ColumnText(0), select->ColumnInt(1)});
  }
  return revoked;
}

Status SqliteSessionRepository::SetStepUp(std::string_view session_id, int64_t at) {
  ASSIGN_OR_RETURN(auto update, conn_.Prepare(sql::kSetStepUp));
  update->BindAll(session_id, at);
  RETURN_IF_ERROR(update->Run());
  if (conn_.changes() == 0) return MakeError(ErrorCode::kNotFound, "session");
  return Status::Ok();
}

Status SqliteSessionRepository::SetCompany(std::string_view session_id,
                                           std::string_view company_id) {
  ASSIGN_OR_RETURN(auto update, conn_.Prepare(sql::kSetSessionCompany));
  update->BindAll(session_id, company_id);
  RETURN_IF_ERROR(update->Run());
  if (conn_.changes() == 0) return MakeError(ErrorCode::kNotFound, "session");
  return Status::Ok();
}

}  // namespace portcullis::store::sqlite
