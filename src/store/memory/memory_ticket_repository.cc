// MemoryTicketRepository: one-time tickets in a MemoryState, as the SQL backends keep them.
// Not thread-safe: the caller holds the owning store's mutex.
#include "store/memory/memory_ticket_repository.h"

#include <string>
#include <vector>

namespace portcullis::store::memory {
namespace {

template <class Belongs>
int64_t EraseWhere(MemoryState& state, Belongs belongs) {
  std::vector<std::string> keys;
  for (const auto& [hash, ticket] : state.one_time_tickets) {
    if (belongs(ticket)) keys.push_back(hash);
  }
  for (const auto& key : keys) state.Assign(state.one_time_tickets, key, std::nullopt);
  return static_cast<int64_t>(keys.size());
}

}  // namespace

Status MemoryTicketRepository::Create(const core::OneTimeTicket& ticket, bool supersede) {
  if (state_.one_time_tickets.contains(ticket.token_hash)) {
    return MakeError(ErrorCode::kConflict, "ticket");
  }
  if (!ticket.user_id.empty() && !state_.users.contains(ticket.user_id)) {
    return MakeError(ErrorCode::kNotFound, "user");
  }
  if (supersede) {
    EraseWhere(state_, [&](const core::OneTimeTicket& t) {
      return t.kind == ticket.kind && t.user_id == ticket.user_id &&
             (!ticket.user_id.empty() || t.email == ticket.email);
    });
  }
  state_.Assign(state_.one_time_tickets, ticket.token_hash, ticket);
  return Status::Ok();
}

Result<core::OneTimeTicket> MemoryTicketRepository::Find(core::TicketKind kind,
                                                         std::string_view token_hash) {
  auto it = state_.one_time_tickets.find(token_hash);
  if (it == state_.one_time_tickets.end() || it->second.kind != kind) {
    return MakeError(ErrorCode::kNotFound, "ticket");
  }
  return it->second;
}

Result<core::OneTimeTicket> MemoryTicketRepository::Take(core::TicketKind kind,
                                                         std::string_view token_hash) {
  auto it = state_.one_time_tickets.find(token_hash);
  if (it == state_.one_time_tickets.end() || it->second.kind != kind) {
    return MakeError(ErrorCode::kNotFound, "ticket");
  }
  core::OneTimeTicket ticket = it->second;
  state_.Assign(state_.one_time_tickets, ticket.token_hash, std::nullopt);
  return ticket;
}

Status MemoryTicketRepository::DeleteForUser(std::string_view user_id) {
  EraseWhere(state_, [&](const core::OneTimeTicket& t) { return t.user_id == user_id; });
  return Status::Ok();
}

Result<int64_t> MemoryTicketRepository::PurgeExpired(int64_t before) {
  return EraseWhere(state_, [&](const core::OneTimeTicket& t) { return t.expires_at < before; });
}

}  // namespace portcullis::store::memory
