// PostgresCredentialRepository: core::CredentialRepository running SQL on one given Connection (a
// pooled connection inside a Read or Write). Not thread-safe: the connection's thread
// only.
#pragma once

#include "core/ports/credential_repository.h"
#include "store/postgres/connection.h"

namespace portcullis::store::postgres {

// Create (the credential and its permissions) runs inside its own SAVEPOINT; RecordUse is one
// UPDATE per use; every read is one statement (a LEFT JOIN of the permissions).
class PostgresCredentialRepository final : public core::CredentialRepository {
 public:
  explicit PostgresCredentialRepository(Connection& conn) : conn_(conn) {}

  Status Create(const core::Credential& credential) override;
  Result<core::Credential> FindByHash(std::string_view secret_hash) override;
  Result<std::vector<core::Credential>> ListForCompany(std::string_view company_id,
                                                       core::CredentialKind kind) override;
  Result<std::vector<core::Credential>> ListForUser(std::string_view user_id) override;
  Result<core::Credential> Find(std::string_view credential_id) override;
  Status Delete(std::string_view credential_id) override;
  Status RecordUse(const std::vector<core::CredentialUse>& uses) override;

 private:
  // Runs `sql` (one of the credential SELECTs, `keys` bound to ?1, ?2, ...) and folds its rows
  // into credentials with their permissions.
  template <class... Keys>
  Result<std::vector<core::Credential>> Select(std::string_view sql, const Keys&... keys);
  Result<core::Credential> SelectOne(std::string_view sql, std::string_view key);

  Connection& conn_;
};

}  // namespace portcullis::store::postgres
