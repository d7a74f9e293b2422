// MemoryPermissionRepository: core::PermissionRepository over a MemoryState.
// Not thread-safe: every call must be made with the owning MemoryStore's mutex held.
#pragma once

#include "core/ports/permission_repository.h"
#include "store/memory/memory_state.h"

namespace portcullis::store::memory {

class MemoryPermissionRepository final : public core::PermissionRepository {
 public:
  explicit MemoryPermissionRepository(MemoryState& state) : state_(state) {}

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
  // Adds the name unless the company has it already.
  void EnsureName(std::string_view company_id, core::PermissionNameKind kind,
                  std::string_view name);

  MemoryState& state_;
};

}  // namespace portcullis::store::memory
