// SqliteOutboxRepository: core::OutboxRepository running SQL on one given Connection (a reader
// lease, or the writer connection inside a job). Not thread-safe: the connection's thread only.
#pragma once

#include <vector>

#include "core/ports/outbox_repository.h"
#include "store/sqlite/connection.h"

namespace portcullis::store::sqlite {

// ClaimDue selects and leases inside its own SAVEPOINT; the single writer runs one job at a time,
// so no other claim can interleave. Every other call is one statement.
class SqliteOutboxRepository final : public core::OutboxRepository {
 public:
  explicit SqliteOutboxRepository(Connection& conn) : conn_(conn) {}

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

}  // namespace portcullis::store::sqlite
