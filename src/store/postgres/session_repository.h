// PostgresSessionRepository: core::SessionRepository running SQL on one given Connection (a pooled
// connection inside a Read or Write). Not thread-safe: the connection's thread only.
#pragma once

#include "core/ports/session_repository.h"
#include "store/postgres/connection.h"

namespace portcullis::store::postgres {

// Every method but RevokeOldestBeyond is one statement, so each call is atomic on its own and part
// of the caller's transaction; Rotate and Revoke also say in the same round trip whether the row
// exists.
class PostgresSessionRepository final : public core::SessionRepository {
 public:
  explicit PostgresSessionRepository(Connection& conn) : conn_(conn) {}

  Status Create(const core::Session& session) override;
  Result<core::Session> FindSession(std::string_view session_id) override;
  Result<bool> Rotate(std::string_view session_id, const core::RefreshRotation& rotation) override;
  Status Revoke(std::string_view session_id, int64_t now) override;
  Result<std::vector<std::string>> RevokeAllForUser(std::string_view user_id,
                                                    std::string_view keep_session_id,
                                                    int64_t now) override;
  // Two statements: the user's row is locked first, so two logins racing at the cap cannot both
  // count below it.
  Result<std::vector<std::string>> RevokeOldestBeyond(std::string_view user_id, int64_t max_live,
                                                      int64_t now) override;
  Result<std::vector<core::Session>> ListActive(std::string_view user_id, int64_t now) override;
  Result<std::vector<core::RevokedSession>> ListRevokedSince(int64_t since) override;
  Status SetStepUp(std::string_view session_id, int64_t at) override;
  Status SetCompany(std::string_view session_id, std::string_view company_id) override;

 private:
  Connection& conn_;
};

}  // namespace portcullis::store::postgres
