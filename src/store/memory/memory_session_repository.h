// MemorySessionRepository: core::SessionRepository over a MemoryState.
// Not thread-safe: every call must be made with the owning MemoryStore's mutex held.
#pragma once

#include "core/ports/session_repository.h"
#include "store/memory/memory_state.h"

namespace portcullis::store::memory {

class MemorySessionRepository final : public core::SessionRepository {
 public:
  explicit MemorySessionRepository(MemoryState& state) : state_(state) {}

  Status Create(const core::Session& session) override;
  Result<core::Session> FindSession(std::string_view session_id) override;
  Result<bool> Rotate(std::string_view session_id, const core::RefreshRotation& rotation) override;
  Status Revoke(std::string_view session_id, int64_t now) override;
  Result<std::vector<std::string>> RevokeOldestBeyond(std::string_view user_id, int64_t max_live,
                                                      int64_t now) override;
  Result<std::vector<std::string>> RevokeAllForUser(std::string_view user_id,
                                                    std::string_view keep_session_id,
                                                    int64_t now) override;
  Result<std::vector<core::Session>> ListActive(std::string_view user_id, int64_t now) override;
  Result<std::vector<core::RevokedSession>> ListRevokedSince(int64_t since) override;
  Status SetStepUp(std::string_view session_id, int64_t at) override;
  Status SetCompany(std::string_view session_id, std::string_view company_id) override;

 private:
  MemoryState& state_;
};

}  // namespace portcullis::store::memory
