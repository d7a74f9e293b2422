// PostgresTicketRepository: one-time ticket rows over one connection; taking a ticket is one
// DELETE ... RETURNING, so it succeeds once. Not thread-safe: the connection's thread only.
#include "store/postgres/ticket_repository.h"

#include <optional>
#include <string>

#include "common/status_macros.h"
#include "store/postgres/sql.h"

namespace portcullis::store::postgres {
namespace {

// Reads the column order of sql::kSelectOneTimeTicket and kTakeOneTimeTicket's RETURNING.
Result<core::OneTimeTicket> ReadOneTimeTicket(const Rows& rows) {
  core::OneTimeTicket ticket;
  ticket.token_hash = rows.Text(0, 0);
  const std::optional<core::TicketKind> kind = core::TicketKindFromName(rows.Text(0, 1));
  if (!kind) return MakeError(ErrorCode::kInternal, "postgres: a ticket of an unknown kind");
  ticket.kind = *kind;
  ticket.user_id = rows.OptionalText(0, 2).value_or("");  // NULL: no user
  ticket.email = rows.Text(0, 3);
  ticket.payload_json = rows.Text(0, 4);
  ticket.created_at = rows.Int(0, 5);
  ticket.expires_at = rows.Int(0, 6);
  return ticket;
}

// A ticket with no user stores NULL, which the foreign key lets through.
std::optional<std::string> UserOf(const core::OneTimeTicket& ticket) {
  if (ticket.user_id.empty()) return std::nullopt;
  return ticket.user_id;
}

}  // namespace

Status PostgresTicketRepository::Create(const core::OneTimeTicket& ticket, bool supersede) {
  const std::string_view kind = core::TicketKindName(ticket.kind);
  Status status = conn_.InSavepoint([&]() -> Status {
    if (supersede) {
      RETURN_IF_ERROR(
          ticket.user_id.empty()
              ? conn_.Run(sql::kSupersedeAddressTickets, ticket.token_hash, kind, ticket.email)
              : conn_.Run(sql::kSupersedeUserTickets, ticket.token_hash, kind, ticket.user_id));
    }
    RETURN_IF_ERROR(conn_.Run(sql::kInsertOneTimeTicket, ticket.token_hash, kind, UserOf(ticket),
                              ticket.email, ticket.payload_json, ticket.created_at,
                              ticket.expires_at));
    return Status::Ok();
  });
  // The only reference a ticket makes is to its user.
  if (!status && status.error().code == ErrorCode::kNotFound &&
      status.error().detail == "reference") {
    return MakeError(ErrorCode::kNotFound, "user");
  }
  return status;
}

Result<core::OneTimeTicket> PostgresTicketRepository::Find(core::TicketKind kind,
                                                           std::string_view token_hash) {
  ASSIGN_OR_RETURN(Rows rows,
                   conn_.Run(sql::kSelectOneTimeTicket, token_hash, core::TicketKindName(kind)));
  if (rows.empty()) return MakeError(ErrorCode::kNotFound, "ticket");
  return ReadOneTimeTicket(rows);
}

Result<core::OneTimeTicket> PostgresTicketRepository::Take(core::TicketKind kind,
                                                           std::string_view token_hash) {
  ASSIGN_OR_RETURN(Rows rows,
                   conn_.Run(sql::kTakeOneTimeTicket, token_hash, core::TicketKindName(kind)));
  if (rows.empty()) return MakeError(ErrorCode::kNotFound, "ticket");
  return ReadOneTimeTicket(rows);
}

Status PostgresTicketRepository::DeleteForUser(std::string_view user_id) {
  RETURN_IF_ERROR(conn_.Run(sql::kDeleteUserTickets, user_id));
  return Status::Ok();
}

Result<int64_t> PostgresTicketRepository::PurgeExpired(int64_t before) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kPurgeOneTimeTickets, before));
  return rows.affected();
}

}  // namespace portcullis::store::postgres
