// PostgresOutboxRepository: core::OutboxRepository running SQL on one given Connection (a pooled
// connection inside a Read or Write). Not thread-safe: the connection's thread only.
#pragma once

#include <vector>

#include "core/ports/outbox_repository.h"
#include "store/postgres/connection.h"

namespace portcullis::store::postgres {

// Enqueue (which may hit a key) runs inside its own SAVEPOINT; every other call is one statement.
// ClaimDue locks what it claims with FOR UPDATE SKIP LOCKED, so claims on several nodes never
// hand one message to two senders and never wait for each other.
class PostgresOutboxRepository final : public core::OutboxRepository {
 public:
  explicit PostgresOutboxRepository(Connection& conn) : conn_(conn) {}

  Status Enqueue(const core::OutboxMessage& message) override;
  Result<std::vector<core::OutboxMessage>> ClaimDue(int64_t now, int64_t lease_until,
                                                    int64_t limit) override;
  Status Delete(std::string_view id) override;
  Status RecordFailure(std::string_view id, int64_t next_attempt_at, std::string_view error,
                       bool parked) override;
  Result<core::OutboxCounts> Count() override;

 private:
  Connection& conn_;
};

}  // namespace portcullis::store::postgres
