// MemoryOutboxRepository: core::OutboxRepository over a MemoryState.
// Not thread-safe: every call must be made with the owning MemoryStore's mutex held.
#pragma once

#include <vector>

#include "core/ports/outbox_repository.h"
#include "store/memory/memory_state.h"

namespace portcullis::store::memory {

class MemoryOutboxRepository final : public core::OutboxRepository {
 public:
  explicit MemoryOutboxRepository(MemoryState& state) : state_(state) {}

  Status Enqueue(const core::OutboxMessage& message) override;
  Result<std::vector<core::OutboxMessage>> ClaimDue(int64_t now, int64_t lease_until,
                                                    int64_t limit) override;
  Status Delete(std::string_view id) override;
  Status RecordFailure(std::string_view id, int64_t next_attempt_at, std::string_view error,
                       bool parked) override;
  Result<core::OutboxCounts> Count() override;

 private:
  MemoryState& state_;
};

}  // namespace portcullis::store::memory
