// SqliteSessionRepository: sessions and refresh tokens over one connection, with the conditional
// UPDATE that makes rotation race-free. Not thread-safe: the connection's thread only.
#include "store/sqlite/session_repository.h"

#include <algorithm>

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
  return session;
}

// Reads the column order of sql::kSelectToken.
core::RefreshToken ReadToken(const Statement& row) {
  core::RefreshToken token;
  token.hash = row.ColumnText(0);
  token.session_id = row.ColumnText(1);
  token.issued_at = row.ColumnInt(2);
  token.expires_at = row.ColumnInt(3);
  token.used_at = row.ColumnOptionalInt(4);
  token.replaced_by = row.ColumnText(5);
  return token;
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

Result<bool> SqliteSessionRepository::Exists(std::string_view sql, std::string_view key) {
  auto select = conn_.Prepare(sql);
  if (!select) return select.error();
  (*select)->BindAll(key);
  return (*select)->Step();
}

Status SqliteSessionRepository::InsertToken(const core::RefreshToken& token) {
  auto insert = conn_.Prepare(sql::kInsertToken);
  if (!insert) return insert.error();
  (*insert)->BindAll(token.hash, token.session_id, token.issued_at, token.expires_at, token.used_at,
                     token.replaced_by);
  return NameMissing((*insert)->Run(), "session");
}

Status SqliteSessionRepository::Create(const core::Session& session,
                                       const core::RefreshToken& first_token) {
  if (first_token.session_id != session.id) {
    return MakeError(ErrorCode::kInvalidRequest, "session_id");
  }
  return conn_.InSavepoint("session_create", [&]() -> Status {
    auto insert = conn_.Prepare(sql::kInsertSession);
    if (!insert) return insert.error();
    (*insert)->BindAll(session.id, session.user_id, session.created_at, session.last_refreshed_at,
                       session.expires_at, session.revoked_at, session.auth_time, session.amr,
                       session.user_agent, session.ip, session.step_up_at);
    if (Status s = NameMissing((*insert)->Run(), "user"); !s) return s;
    return InsertToken(first_token);
  });
}

Result<core::Session> SqliteSessionRepository::FindSession(std::string_view session_id) {
  auto select = conn_.Prepare(sql::kSelectSession);
  if (!select) return select.error();
  (*select)->BindAll(session_id);
  auto row = (*select)->Step();
  if (!row) return row.error();
  if (!*row) return MakeError(ErrorCode::kNotFound, "session");
  return ReadSession(**select);
}

Result<core::RefreshToken> SqliteSessionRepository::FindToken(std::string_view token_hash) {
  auto select = conn_.Prepare(sql::kSelectToken);
  if (!select) return select.error();
  (*select)->BindAll(token_hash);
  auto row = (*select)->Step();
  if (!row) return row.error();
  if (!*row) return MakeError(ErrorCode::kNotFound, "token");
  return ReadToken(**select);
}

Result<bool> SqliteSessionRepository::Rotate(std::string_view old_hash,
                                             const core::RefreshToken& next, int64_t now) {
  bool rotated = false;
  Status status = conn_.InSavepoint("rotate", [&]() -> Status {
    std::string session_id;
    {
      auto mark = conn_.Prepare(sql::kMarkTokenUsed);
      if (!mark) return mark.error();
      (*mark)->BindAll(old_hash, now, next.hash);
      auto row = (*mark)->Step();
      if (!row) return row.error();
      if (*row) {
        session_id = (*mark)->ColumnText(0);
        if (Status s = (*mark)->Run(); !s) return s;
      } else {
        // Nothing changed: the token was used already (the loser of a race), or never existed.
        auto exists = Exists(sql::kTokenExists, old_hash);
        if (!exists) return exists.error();
        if (!*exists) return MakeError(ErrorCode::kNotFound, "token");
        return Status::Ok();
      }
    }
    if (session_id != next.session_id) return MakeError(ErrorCode::kInvalidRequest, "session_id");
    if (Status s = InsertToken(next); !s) return s;
    auto slide = conn_.Prepare(sql::kSlideSession);
    if (!slide) return slide.error();
    (*slide)->BindAll(session_id, now, next.expires_at);
    if (Status s = (*slide)->Run(); !s) return s;
    rotated = true;
    return Status::Ok();
  });
  if (!status) return status.error();
  return rotated;
}

Status SqliteSessionRepository::Revoke(std::string_view session_id, int64_t now) {
  auto update = conn_.Prepare(sql::kRevokeSession);
  if (!update) return update.error();
  (*update)->BindAll(session_id, now);
  if (Status s = (*update)->Run(); !s) return s;
  if (conn_.changes() > 0) return Status::Ok();
  // Already revoked (keeps its first time) or absent.
  auto exists = Exists(sql::kSessionExists, session_id);
  if (!exists) return exists.error();
  if (!*exists) return MakeError(ErrorCode::kNotFound, "session");
  return Status::Ok();
}

Result<std::vector<std::string>> SqliteSessionRepository::RevokeAllForUser(
    std::string_view user_id, std::string_view keep_session_id, int64_t now) {
  auto update = conn_.Prepare(sql::kRevokeAllForUser);
  if (!update) return update.error();
  (*update)->BindAll(user_id, keep_session_id, now);
  std::vector<std::string> ids;
  for (;;) {
    auto row = (*update)->Step();
    if (!row) return row.error();
    if (!*row) break;
    ids.push_back((*update)->ColumnText(0));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<std::vector<core::Session>> SqliteSessionRepository::ListActive(std::string_view user_id,
                                                                       int64_t now) {
  auto select = conn_.Prepare(sql::kListActiveSessions);
  if (!select) return select.error();
  (*select)->BindAll(user_id, now);
  std::vector<core::Session> sessions;
  for (;;) {
    auto row = (*select)->Step();
    if (!row) return row.error();
    if (!*row) break;
    sessions.push_back(ReadSession(**select));
  }
  return sessions;
}

Result<std::vector<core::RevokedSession>> SqliteSessionRepository::ListRevokedSince(int64_t since) {
  auto select = conn_.Prepare(sql::kListRevokedSince);
  if (!select) return select.error();
  (*select)->BindAll(since);
  std::vector<core::RevokedSession> revoked;
  for (;;) {
    auto row = (*select)->Step();
    if (!row) return row.error();
    if (!*row) break;
    revoked.push_back(core::RevokedSession{(*select)->ColumnText(0), (*select)->ColumnInt(1)});
  }
  return revoked;
}

Status SqliteSessionRepository::SetStepUp(std::string_view session_id, int64_t at) {
  auto update = conn_.Prepare(sql::kSetStepUp);
  if (!update) return update.error();
  (*update)->BindAll(session_id, at);
  if (Status s = (*update)->Run(); !s) return s;
  if (conn_.changes() == 0) return MakeError(ErrorCode::kNotFound, "session");
  return Status::Ok();
}

}  // namespace portcullis::store::sqlite
