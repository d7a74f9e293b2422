// MemoryTicketRepository: core::TicketRepository over a MemoryState.
// Not thread-safe: every call must be made with the owning MemoryStore's mutex held.
#pragma once

#include "core/ports/ticket_repository.h"
#include "store/memory/memory_state.h"

namespace portcullis::store::memory {

class MemoryTicketRepository final : public core::TicketRepository {
 public:
  explicit MemoryTicketRepository(MemoryState& state) : state_(state) {}

  Status Create(const core::OneTimeTicket& ticket, bool supersede) override;
  Result<core::OneTimeTicket> Find(core::TicketKind kind, std::string_view token_hash) override;
  Result<core::OneTimeTicket> Take(core::TicketKind kind, std::string_view token_hash) override;
  Status DeleteForUser(std::string_view user_id) override;
  Result<int64_t> PurgeExpired(int64_t before) override;

 private:
  MemoryState& state_;
};

}  // namespace portcullis::store::memory
