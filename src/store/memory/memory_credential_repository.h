// MemoryCredentialRepository: core::CredentialRepository over a MemoryState.
// Not thread-safe: every call must be made with the owning MemoryStore's mutex held.
#pragma once

#include "core/ports/credential_repository.h"
#include "store/memory/memory_state.h"

namespace portcullis::store::memory {

class MemoryCredentialRepository final : public core::CredentialRepository {
 public:
  explicit MemoryCredentialRepository(MemoryState& state) : state_(state) {}

  Status Create(const core::Credential& credential) override;
  Result<core::Credential> FindByHash(std::string_view secret_hash) override;
  Result<std::vector<core::Credential>> ListForCompany(std::string_view company_id,
                                                       core::CredentialKind kind) override;
  Result<std::vector<core::Credential>> ListForUser(std::string_view user_id) override;
  Result<core::Credential> Find(std::string_view credential_id) override;
  Status Delete(std::string_view credential_id) override;
  Status RecordUse(const std::vector<core::CredentialUse>& uses) override;

 private:
  MemoryState& state_;
};

}  // namespace portcullis::store::memory
