// OutboxRepository: the port for the durable mail outbox (core/mail.h). Implemented by
// store/{memory,sqlite,postgres}; behaviour defined by store/conformance/outbox_conformance.cc.
// Bound to one transaction; not thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "core/mail.h"

namespace portcullis::core {

class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;
  // Stores a new message (written in the same transaction as the ticket it carries).
  virtual Status Enqueue(const OutboxMessage& message) = 0;
  // Leases up to `limit` messages that are not parked and due at `now` (next_attempt_at <= now),
  // earliest due first: sets their next_attempt_at to `lease_until` and attempts + 1, and returns
  // them as updated. A message another sender leased is not due until its lease ends; on
  // PostgreSQL concurrent claimers skip each other's rows (FOR UPDATE SKIP LOCKED).
  virtual Result<std::vector<OutboxMessage>> ClaimDue(int64_t now, int64_t lease_until,
                                                      int64_t limit) = 0;
  // Delivered: deletes the message. Idempotent.
  virtual Status Delete(std::string_view id) = 0;
  // A failed attempt: the next try at `next_attempt_at`, or parked for good. kNotFound when the
  // message is gone.
  virtual Status RecordFailure(std::string_view id, int64_t next_attempt_at, std::string_view error,
                               bool parked) = 0;
  virtual Result<OutboxCounts> Count() = 0;
};

}  // namespace portcullis::core
