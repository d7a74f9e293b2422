// MemoryUserRepository: core::UserRepository over a MemoryState.
// Not thread-safe: every call must be made with the owning MemoryStore's mutex held.
#pragma once

#include "core/ports/user_repository.h"
#include "store/memory/memory_state.h"

namespace portcullis::store::memory {

class MemoryUserRepository final : public core::UserRepository {
 public:
  explicit MemoryUserRepository(MemoryState& state) : state_(state) {}

  Status Create(const core::User& user) override;
  Result<core::User> FindById(std::string_view id) override;
  Result<core::User> FindByEmail(std::string_view normalized_email) override;
  Result<core::User> FindByUsername(std::string_view normalized_username) override;
  Status UpdateProfile(const core::User& user) override;
  Status UpdatePassword(std::string_view user_id, std::string_view password_hash,
                        int64_t now) override;
  Result<bool> RehashPassword(std::string_view user_id, std::string_view old_hash,
                              std::string_view new_hash) override;
  Status Activate(std::string_view user_id, int64_t now) override;
  Status ChangeEmail(std::string_view user_id, std::string_view normalized_email, bool verified,
                     int64_t now) override;
  Status Delete(std::string_view user_id) override;
  Result<int64_t> Count() override;
  Status SetDisabled(std::string_view user_id, int64_t at, int64_t now) override;
  Status SetEmailVerified(std::string_view user_id, int64_t at, int64_t now) override;
  Result<std::vector<core::User>> Search(const core::UserSearch& search) override;

 private:
  MemoryState& state_;
};

}  // namespace portcullis::store::memory
