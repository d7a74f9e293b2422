// SqliteSessionRepository: core::SessionRepository running SQL on one given Connection (a reader
// lease, or the writer connection inside a job). Not thread-safe: the connection's thread only.
#pragma once

#include "core/ports/session_repository.h"
#include "store/sqlite/connection.h"

namespace portcullis::store::sqlite {

// Every method is one statement (plus, when nothing changed, a read that says why), so each call
// is atomic on its own and part of the caller's transaction.
class SqliteSessionRepository final : public core::SessionRepository {
 public:
  explicit SqliteSessionRepository(Connection& conn) : conn_(conn) {}

  Status Create(const core::Session& session) override;
  Result<core::Session> FindSession(std::string_view session_id) override;
  Result<bool> Rotate(std::string_view session_id, const core::RefreshRotation& rotation) override;
  Status Revoke(std::string_view session_id, int64_t now) override;
  Result<std::vector<std::string>> RevokeOldestBeyond(std::string_view user_id, int64_t max_live,
                                                      int64_t now) override;
  Result<std::vector<std::string>> RevokeAllForUser(std::string_view user_id,
                                                    std::string_view keep_session_id,
                                                    int64_t now) override;
  Result<std::vector<core::Session>> ListActive(std::string_view user_id, int64_t now) override;
  Result<std::vector<core::RevokedSession>> ListRevokedSince(int64_t since) override;
  Status SetStepUp(std::string_view session_id, int64_t at) override;
  Status SetCompany(std::string_view session_id, std::string_view company_id) override;

 private:
  // kNotFound ("session") unless the session exists.
  Status MustExist(std::string_view session_id);

  Connection& conn_;
};

}  // namespace portcullis::store::sqlite
