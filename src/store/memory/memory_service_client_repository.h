// MemoryServiceClientRepository: core::ServiceClientRepository over a MemoryState.
// Not thread-safe: every call must be made with the owning MemoryStore's mutex held.
#pragma once

#include "core/ports/service_client_repository.h"
#include "store/memory/memory_state.h"

namespace portcullis::store::memory {

class MemoryServiceClientRepository final : public core::ServiceClientRepository {
 public:
  explicit MemoryServiceClientRepository(MemoryState& state) : state_(state) {}

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
  MemoryState& state_;
};

}  // namespace portcullis::store::memory
