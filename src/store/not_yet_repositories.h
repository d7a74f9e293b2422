// Placeholders for the ticket and outbox repositories (and the new user methods) of a backend
// that does not have them yet: every call answers kInternal. Removed once each backend has them.
#pragma once

#include <vector>

#include "core/ports/outbox_repository.h"
#include "core/ports/ticket_repository.h"

namespace portcullis::store {

inline Error NotYet() { return MakeError(ErrorCode::kInternal, "not implemented by this store"); }

class NotYetTicketRepository final : public core::TicketRepository {
 public:
  Status Create(const core::OneTimeTicket&, bool) override { return NotYet(); }
  Result<core::OneTimeTicket> Take(core::TicketKind, std::string_view) override { return NotYet(); }
  Status DeleteForUser(std::string_view) override { return NotYet(); }
  Result<int64_t> PurgeExpired(int64_t) override { return NotYet(); }
};

class NotYetOutboxRepository final : public core::OutboxRepository {
 public:
  Status Enqueue(const core::OutboxMessage&) override { return NotYet(); }
  Result<std::vector<core::OutboxMessage>> ClaimDue(int64_t, int64_t, int64_t) override {
    return NotYet();
  }
  Status Delete(std::string_view) override { return NotYet(); }
  Status RecordFailure(std::string_view, int64_t, std::string_view, bool) override {
    return NotYet();
  }
  Result<core::OutboxCounts> Count() override { return NotYet(); }
};

}  // namespace portcullis::store
