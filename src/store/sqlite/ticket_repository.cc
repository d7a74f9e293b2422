// SqliteTicketRepository: one-time ticket rows over one connection; taking a ticket is one
// DELETE ... RETURNING, so it succeeds once. Not thread-safe: the connection's thread only.
#include "store/sqlite/ticket_repository.h"

#include <optional>
#include <string>

#include "common/status_macros.h"
#include "store/sqlite/sql.h"

namespace portcullis::store::sqlite {
namespace {

// Reads the column order of sql::kSelectOneTimeTicket and kTakeOneTimeTicket's RETURNING.
Result<core::OneTimeTicket> ReadOneTimeTicket(const Statement& row) {
  core::OneTimeTicket ticket;
  ticket.token_hash = row.ColumnText(0);
  const std::optional<core::TicketKind> kind = core::TicketKindFromName(row.ColumnText(1));
  if (!kind) return MakeError(ErrorCode::kInternal, "sqlite: a ticket of an unknown kind");
  ticket.kind = *kind;
  ticket.user_id = row.ColumnText(2);  // NULL (no user) reads as ""
  ticket.email = row.ColumnText(3);
  ticket.payload_json = row.ColumnText(4);
  ticket.created_at = row.ColumnInt(5);
  ticket.expires_at = row.ColumnInt(6);
  return ticket;
}

// A ticket with no user stores NULL, which the foreign key lets through.
std::optional<std::string> UserOf(const core::OneTimeTicket& ticket) {
  if (ticket.user_id.empty()) return std::nullopt;
  return ticket.user_id;
}

Status Execute(Connection& conn, std::string_view sql, auto... args) {
  ASSIGN_OR_RETURN(auto statement, conn.Prepare(sql));
  statement->BindAll(args...);
  return statement->Run();
}

}  // namespace

Status SqliteTicketRepository::Create(const core::OneTimeTicket& ticket, bool supersede) {
  const std::string_view kind = core::TicketKindName(ticket.kind);
  Status status = conn_.InSavepoint("ticket_create", [&]() -> Status {
    if (supersede) {
      RETURN_IF_ERROR(ticket.user_id.empty() ? Execute(conn_, sql::kSupersedeAddressTickets,
                                                       ticket.token_hash, kind, ticket.email)
                                             : Execute(conn_, sql::kSupersedeUserTickets,
                                                       ticket.token_hash, kind, ticket.user_id));
    }
    return Execute(conn_, sql::kInsertOneTimeTicket, ticket.token_hash, kind, UserOf(ticket),
                   ticket.email, ticket.payload_json, ticket.created_at, ticket.expires_at);
  });
  // The only reference a ticket makes is to its user.
  if (!status && status.error().code == ErrorCode::kNotFound &&
      status.error().detail == "reference") {
    return MakeError(ErrorCode::kNotFound, "user");
  }
  return status;
}

Result<core::OneTimeTicket> SqliteTicketRepository::Find(core::TicketKind kind,
                                                         std::string_view token_hash) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kSelectOneTimeTicket));
  select->BindAll(token_hash, core::TicketKindName(kind));
  ASSIGN_OR_RETURN(bool found, select->Step());
  if (!found) return MakeError(ErrorCode::kNotFound, "ticket");
  return ReadOneTimeTicket(*select);
}

Result<core::OneTimeTicket> SqliteTicketRepository::Take(core::TicketKind kind,
                                                         std::string_view token_hash) {
  ASSIGN_OR_RETURN(auto take, conn_.Prepare(sql::kTakeOneTimeTicket));
  take->BindAll(token_hash, core::TicketKindName(kind));
  ASSIGN_OR_RETURN(bool found, take->Step());
  if (!found) return MakeError(ErrorCode::kNotFound, "ticket");
  ASSIGN_OR_RETURN(core::OneTimeTicket ticket, ReadOneTimeTicket(*take));
  RETURN_IF_ERROR(take->Step());  // finishes the DELETE (one row at most: the key)
  return ticket;
}

Status SqliteTicketRepository::DeleteForUser(std::string_view user_id) {
  return Execute(conn_, sql::kDeleteUserTickets, user_id);
}

Result<int64_t> SqliteTicketRepository::PurgeExpired(int64_t before) {
  RETURN_IF_ERROR(Execute(conn_, sql::kPurgeOneTimeTickets, before));
  return conn_.changes();
}

}  // namespace portcullis::store::sqlite
