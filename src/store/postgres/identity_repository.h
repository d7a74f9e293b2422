// PostgresIdentityRepository: core::IdentityRepository running SQL on one given Connection
// (leased from the pool for one unit of work). Not thread-safe: the connection's thread only.
#pragma once

#include "core/ports/identity_repository.h"
#include "store/postgres/connection.h"

namespace portcullis::store::postgres {

// Every call is one statement; the insert, which may break a constraint, runs in a savepoint so
// the unit of work stays usable after a refusal.
class PostgresIdentityRepository final : public core::IdentityRepository {
 public:
  explicit PostgresIdentityRepository(Connection& conn) : conn_(conn) {}

  Status Insert(const core::LinkedIdentity& identity) override;
  Result<core::LinkedIdentity> FindBySubject(std::string_view provider,
                                             std::string_view subject) override;
  Result<std::vector<core::LinkedIdentity>> ListForUser(std::string_view user_id) override;
  Status Delete(std::string_view user_id, std::string_view id) override;
  Status RecordLogin(std::string_view id, int64_t at) override;

 private:
  Connection& conn_;
};

}  // namespace portcullis::store::postgres
