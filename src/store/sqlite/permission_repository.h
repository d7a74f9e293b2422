// SqlitePermissionRepository: core::PermissionRepository running SQL on one given Connection (a
// reader lease, or the writer connection inside a job). Not thread-safe: the connection's thread
// only.
#pragma once

#include "core/ports/permission_repository.h"
#include "store/sqlite/connection.h"

namespace portcullis::store::sqlite {

// RemoveName and AddGrant (several statements) run inside their own SAVEPOINT; every other call
// is one statement per subject.
class SqlitePermissionRepository final : public core::PermissionRepository {
 public:
  explicit SqlitePermissionRepository(Connection& conn) : conn_(conn) {}

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

}  // namespace portcullis::store::sqlite
