// TicketRepository: the port for one-time tickets (core/one_time_ticket.h). Implemented by
// store/{memory,sqlite,postgres}; behaviour defined by store/conformance/ticket_conformance.cc.
// Bound to one transaction; not thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"
#include "core/one_time_ticket.h"

namespace portcullis::core {

class TicketRepository {
 public:
  virtual ~TicketRepository() = default;
  // Stores `ticket`. With `supersede`, first deletes every other ticket of the same kind for the
  // same subject: the same user_id, or, when user_id is empty, the same email with no user.
  // kConflict on a taken hash; kNotFound ("user") when user_id names no account.
  virtual Status Create(const OneTimeTicket& ticket, bool supersede) = 0;
  // The ticket of `kind` whose hash is `token_hash`, read only (a look before the work a Take
  // would spend, e.g. hashing a new password). kNotFound when there is none; expiry is the
  // caller's to check. Only Take makes a ticket single-use.
  virtual Result<OneTimeTicket> Find(TicketKind kind, std::string_view token_hash) = 0;
  // Deletes the ticket of `kind` whose hash is `token_hash` and returns it: of concurrent takers
  // exactly one gets it. kNotFound when there is none (never issued, used or superseded). Expiry
  // is the caller's to check (an expired ticket is taken all the same, and so gone).
  virtual Result<OneTimeTicket> Take(TicketKind kind, std::string_view token_hash) = 0;
  // Deletes every ticket of the user, of every kind (deleting the user does it too).
  virtual Status DeleteForUser(std::string_view user_id) = 0;
  // Deletes tickets whose expires_at is before `before`; returns how many.
  virtual Result<int64_t> PurgeExpired(int64_t before) = 0;
};

}  // namespace portcullis::core
