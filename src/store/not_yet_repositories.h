// A ServiceClientRepository for the backends that do not have service clients yet: every call
// answers kInternal. Stateless; thread-safe. Removed once every backend implements the port.
#pragma once

#include "core/ports/service_client_repository.h"

namespace portcullis::store {

class NotYetServiceClientRepository final : public core::ServiceClientRepository {
 public:
  Status Create(const core::ServiceClient&) override { return NotYet(); }
  Result<core::ServiceClient> Find(std::string_view) override { return NotYet(); }
  Result<std::vector<core::ServiceClient>> ListForCompany(std::string_view) override {
    return NotYet();
  }
  Status SetDisabled(std::string_view, bool, int64_t) override { return NotYet(); }
  Status Delete(std::string_view) override { return NotYet(); }
  Status AddSecret(const core::ClientSecret&) override { return NotYet(); }
  Result<std::vector<core::ClientSecret>> ListSecrets(std::string_view) override {
    return NotYet();
  }
  Status DeleteSecret(std::string_view, std::string_view) override { return NotYet(); }
  Status RevokeToken(const core::TokenRevocation&) override { return NotYet(); }
  Result<bool> IsTokenRevoked(std::string_view) override { return NotYet(); }
  Result<int64_t> PurgeRevokedTokens(int64_t) override { return NotYet(); }

 private:
  static Error NotYet() {
    return MakeError(ErrorCode::kInternal, "service clients are not yet implemented by this store");
  }
};

}  // namespace portcullis::store
