// MemoryInviteRepository: core::InviteRepository over a MemoryState.
// Not thread-safe: every call must be made with the owning MemoryStore's mutex held.
#pragma once

#include "core/ports/invite_repository.h"
#include "store/memory/memory_state.h"

namespace portcullis::store::memory {

class MemoryInviteRepository final : public core::InviteRepository {
 public:
  explicit MemoryInviteRepository(MemoryState& state) : state_(state) {}

  Status Create(const core::CompanyInvite& invite) override;
  Result<std::vector<core::CompanyInvite>> ListForCompany(std::string_view company_id) override;
  Result<core::CompanyInvite> Find(std::string_view token_hash) override;
  Result<core::CompanyInvite> Take(std::string_view token_hash) override;
  Status Delete(std::string_view company_id, std::string_view invite_id) override;
  Result<int64_t> PurgeExpired(int64_t before) override;

 private:
  // The invite whose ticket hashes to `token_hash`, or nullptr.
  const core::CompanyInvite* ByHash(std::string_view token_hash) const;

  MemoryState& state_;
};

}  // namespace portcullis::store::memory
