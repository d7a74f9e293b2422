// PostgresPermissionRepository: core::PermissionRepository running SQL on one given Connection (a
// pooled connection inside a Read or Write). Not thread-safe: the connection's thread
// only.
#pragma once

#include "core/ports/permission_repository.h"
#include "store/postgres/connection.h"

namespace portcullis::store::postgres {

// AddName and AddGrant (one statement each, which may hit a key or a reference) run inside their
// own SAVEPOINT; RemoveName is two statements; every other call, GrantsFor too, is one.
class PostgresPermissionRepository final : public core::PermissionRepository {
 public:
  explicit PostgresPermissionRepository(Connection& conn) : conn_(conn) {}

  Status AddName(std::string_view company_id, core::PermissionNameKind kind,
                 std::string_view name) override;
  Result<std::vector<std::string>> ListNames(std::string_view company_id,
                                             core::PermissionNameKind kind) override;
  Status RemoveName(std::string_view company_id, core::PermissionNameKind kind,
                    std::string_view name) override;
  Status AddGrant(const core::PermissionGrant& grant) override;
  Status RemoveGrant(std::string_view company_id, std::string_view grant_id) override;
  Result<std::vector<core::PermissionGrant>> ListGrants(
      std::string_view company_id, const std::optional<core::GrantSubject>& subject) override;
  Result<std::vector<core::PermissionGrant>> GrantsFor(
      std::string_view company_id, const std::vector<core::GrantSubject>& subjects,
      std::string_view feature, std::string_view scope) override;
  Status RemoveGrantsOf(std::string_view company_id, const core::GrantSubject& subject) override;

 private:
  Connection& conn_;
};

}  // namespace portcullis::store::postgres
