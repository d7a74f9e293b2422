// SqliteServiceClientRepository: core::ServiceClientRepository running SQL on one given Connection
// (a reader lease, or the writer connection inside a job). Not thread-safe: the connection's
// thread only.
#pragma once

#include "core/ports/service_client_repository.h"
#include "store/sqlite/connection.h"

namespace portcullis::store::sqlite {

// Every call is one statement; deleting a client is one DELETE whose foreign keys take its
// secrets and grants.
class SqliteServiceClientRepository final : public core::ServiceClientRepository {
 public:
  explicit SqliteServiceClientRepository(Connection& conn) : conn_(conn) {}

  Status Create(const core::ServiceClient& client) override;
  Result<core::ServiceClient> Find(std::string_view client_id) override;
  Result<std::vector<core::ServiceClient>> ListForCompany(std::string_view company_id) override;
  Status SetDisabled(std::string_view client_id, bool disabled, int64_t now) override;
  Status Delete(std::string_view client_id) override;
  Status AddSecret(const core::ClientSecret& secret) override;
  Result<std::vector<core::ClientSecret>> ListSecrets(std::string_view client_id) override;
  Status DeleteSecret(std::string_view client_id, std::string_view secret_id) override;
  Status RevokeToken(const core::TokenRevocation& revocation) override;
  Result<bool> IsTokenRevoked(std::string_view token_id) override;
  Result<int64_t> PurgeRevokedTokens(int64_t now) override;

 private:
  Connection& conn_;
};

}  // namespace portcullis::store::sqlite
