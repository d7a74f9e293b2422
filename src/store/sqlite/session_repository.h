// SqliteSessionRepository: core::SessionRepository running SQL on one given Connection (a reader
// lease, or the writer connection inside a job). Not thread-safe: the connection's thread only.
#pragma once

#include "core/ports/session_repository.h"
#include "store/sqlite/connection.h"

namespace portcullis::store::sqlite {

// Multi-statement writes (Create, Rotate) run inside their own SAVEPOINT, so a failed call leaves
// nothing behind even when the surrounding transaction goes on to commit.
class SqliteSessionRepository final : public core::SessionRepository {
 public:
  explicit SqliteSessionRepository(Connection& conn) : conn_(conn) {}

  Status Create(const core::Session& session, const core::RefreshToken& first_token) override;
  Result<core::Session> FindSession(std::string_view session_id) override;
  Result<core::RefreshToken> FindToken(std::string_view token_hash) override;
  Result<bool> Rotate(std::string_view old_hash, const core::RefreshToken& next,
                      int64_t now) override;
  Status Revoke(std::string_view session_id, int64_t now) override;
  Result<std::vector<std::string>> RevokeAllForUser(std::string_view user_id,
                                                    std::string_view keep_session_id,
                                                    int64_t now) override;
  Result<std::vector<core::Session>> ListActive(std::string_view user_id, int64_t now) override;
  Result<std::vector<core::RevokedSession>> ListRevokedSince(int64_t since) override;
  Status SetStepUp(std::string_view session_id, int64_t at) override;

 private:
  Status InsertToken(const core::RefreshToken& token);
  Result<bool> Exists(std::string_view sql, std::string_view key);

  Connection& conn_;
};

}  // namespace portcullis::store::sqlite
