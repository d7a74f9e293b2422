// PostgresInviteRepository: core::InviteRepository running SQL on one given Connection (a pooled
// connection inside a Read or Write). Not thread-safe: the connection's thread only.
#pragma once

#include "core/ports/invite_repository.h"
#include "store/postgres/connection.h"

namespace portcullis::store::postgres {

// Create (supersede + insert) runs inside its own SAVEPOINT; every other call is one statement.
class PostgresInviteRepository final : public core::InviteRepository {
 public:
  explicit PostgresInviteRepository(Connection& conn) : conn_(conn) {}

  Status Create(const core::CompanyInvite& invite) override;
  Result<std::vector<core::CompanyInvite>> ListForCompany(std::string_view company_id) override;
  Result<core::CompanyInvite> Find(std::string_view token_hash) override;
  Result<core::CompanyInvite> Take(std::string_view token_hash) override;
  Status Delete(std::string_view company_id, std::string_view invite_id) override;
  Result<int64_t> PurgeExpired(int64_t before) override;

 private:
  Connection& conn_;
};

}  // namespace portcullis::store::postgres
