// MemoryIdentityRepository: core::IdentityRepository over a MemoryState.
// Not thread-safe: every call must be made with the owning MemoryStore's mutex held.
#pragma once

#include "core/ports/identity_repository.h"
#include "store/memory/memory_state.h"

namespace portcullis::store::memory {

class MemoryIdentityRepository final : public core::IdentityRepository {
 public:
  explicit MemoryIdentityRepository(MemoryState& state) : state_(state) {}

  Status Insert(const core::LinkedIdentity& identity) override;
  Result<core::LinkedIdentity> FindBySubject(std::string_view provider,
                                             std::string_view subject) override;
  Result<std::vector<core::LinkedIdentity>> ListForUser(std::string_view user_id) override;
  Status Delete(std::string_view user_id, std::string_view id) override;
  Status RecordLogin(std::string_view id, int64_t at) override;

 private:
  MemoryState& state_;
};

}  // namespace portcullis::store::memory
