// PostgresTicketRepository: core::TicketRepository running SQL on one given Connection (a pooled
// connection inside a Read or Write). Not thread-safe: the connection's thread only.
#pragma once

#include "core/ports/ticket_repository.h"
#include "store/postgres/connection.h"

namespace portcullis::store::postgres {

// Create (supersede + insert, which may hit a key) runs inside its own SAVEPOINT, so a failed call
// leaves the caller's transaction as it was; every other call is one statement.
class PostgresTicketRepository final : public core::TicketRepository {
 public:
  explicit PostgresTicketRepository(Connection& conn) : conn_(conn) {}

  Status Create(const core::OneTimeTicket& ticket, bool supersede) override;
  Result<core::OneTimeTicket> Find(core::TicketKind kind, std::string_view token_hash) override;
  Result<core::OneTimeTicket> Take(core::TicketKind kind, std::string_view token_hash) override;
  Status DeleteForUser(std::string_view user_id) override;
  Result<int64_t> PurgeExpired(int64_t before) override;

 private:
  Connection& conn_;
};

}  // namespace portcullis::store::postgres
