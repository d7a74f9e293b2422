// SqliteTicketRepository: core::TicketRepository running SQL on one given Connection (a reader
// lease, or the writer connection inside a job). Not thread-safe: the connection's thread only.
#pragma once

#include "core/ports/ticket_repository.h"
#include "store/sqlite/connection.h"

namespace portcullis::store::sqlite {

// Create (supersede + insert) runs inside its own SAVEPOINT; every other call is one statement.
class SqliteTicketRepository final : public core::TicketRepository {
 public:
  explicit SqliteTicketRepository(Connection& conn) : conn_(conn) {}

  Status Create(const core::OneTimeTicket& ticket, bool supersede) override;
  Result<core::OneTimeTicket> Find(core::TicketKind kind, std::string_view token_hash) override;
  Result<core::OneTimeTicket> Take(core::TicketKind kind, std::string_view token_hash) override;
  Status DeleteForUser(std::string_view user_id) override;
  Result<int64_t> PurgeExpired(int64_t before) override;

 private:
  Connection& conn_;
};

}  // namespace portcullis::store::sqlite
