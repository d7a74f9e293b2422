// MemoryCompanyRepository: core::CompanyRepository over a MemoryState.
// Not thread-safe: every call must be made with the owning MemoryStore's mutex held.
#pragma once

#include "core/ports/company_repository.h"
#include "store/memory/memory_state.h"

namespace portcullis::store::memory {

class MemoryCompanyRepository final : public core::CompanyRepository {
 public:
  explicit MemoryCompanyRepository(MemoryState& state) : state_(state) {}

  Status Create(const core::Company& company) override;
  Result<core::Company> Find(std::string_view company_id) override;
  Status Rename(std::string_view company_id, std::string_view name, int64_t now) override;
  Status Delete(std::string_view company_id) override;
  Status Lock(std::string_view company_id) override;
  Status AddMember(const core::Membership& membership) override;
  Result<core::Membership> FindMembership(std::string_view company_id,
                                          std::string_view user_id) override;
  Result<std::vector<core::CompanyOfUser>> ListForUser(std::string_view user_id) override;
  Result<std::vector<core::Member>> ListMembers(std::string_view company_id) override;
  Status SetRole(std::string_view company_id, std::string_view user_id, core::CompanyRole role,
                 int64_t now) override;
  Status RemoveMember(std::string_view company_id, std::string_view user_id) override;
  Result<int64_t> CountOwners(std::string_view company_id) override;
  Result<std::string> LastActive(std::string_view user_id) override;
  Status SetLastActive(std::string_view user_id, std::string_view company_id) override;
  Result<std::vector<core::Company>> ListAll(std::string_view after_id, int64_t limit) override;

 private:
  MemoryState& state_;
};

}  // namespace portcullis::store::memory
