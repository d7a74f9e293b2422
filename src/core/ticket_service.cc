// TicketService: one-time tickets over the TicketRepository.
// Thread-safe: holds only immutable TTLs and thread-safe ports.
#include "core/ticket_service.h"

#include <utility>

#include "common/status_macros.h"

namespace portcullis::core {
namespace {

// The one refusal for every ticket that cannot be used, whatever the reason.
Error Unusable(Field field) {
  return MakeError(ErrorCode::kInvalidRequest,
                   "the ticket is unknown, expired, already used or superseded by a newer one",
                   field, Reason::kTicketUnusable);
}

}  // namespace

TicketService::TicketService(TicketTtls ttls, OpaqueTokens& tokens, const Clock& clock)
    : ttls_(ttls), tokens_(tokens), clock_(clock) {}

int64_t TicketService::TtlOf(TicketKind kind) const {
  switch (kind) {
    case TicketKind::kActivation:
      return ttls_.activation;
    case TicketKind::kMagicLink:
      return ttls_.magic_link;
    case TicketKind::kPasswordReset:
      return ttls_.password_reset;
    case TicketKind::kEmailChange:
      return ttls_.email_change;
    case TicketKind::kInvite:
      return ttls_.invite;
    case TicketKind::kExchangeCode:
      return ttls_.exchange_code;
  }
  return 0;
}

Result<IssuedTicket> TicketService::Issue(Repositories& repos, TicketKind kind,
                                          std::string_view user_id, std::string_view email,
                                          std::string payload_json) {
  OpaqueToken token = tokens_.Generate();
  OneTimeTicket ticket;
  ticket.token_hash = std::move(token.hash);
  ticket.kind = kind;
  ticket.user_id = std::string(user_id);
  ticket.email = std::string(email);
  ticket.payload_json = std::move(payload_json);
  ticket.created_at = clock_.NowSeconds();
  ticket.expires_at = ticket.created_at + TtlOf(kind);
  // Two redirects of one user may be under way at once (two browsers): codes never supersede.
  RETURN_IF_ERROR(repos.tickets().Create(ticket, kind != TicketKind::kExchangeCode));
  return IssuedTicket{std::move(token.plaintext), TtlOf(kind)};
}

Result<Decision<OneTimeTicket>> TicketService::Redeem(Repositories& repos, TicketKind kind,
                                                      std::string_view plaintext, Field field) {
  const Error unusable = Unusable(field);
  if (plaintext.empty()) return Decision<OneTimeTicket>(unusable);
  Result<OneTimeTicket> taken = repos.tickets().Take(kind, tokens_.HashOf(plaintext));
  if (!taken) {
    if (taken.error().code == ErrorCode::kNotFound) return Decision<OneTimeTicket>(unusable);
    return taken.error();
  }
  if (taken->expires_at <= clock_.NowSeconds()) return Decision<OneTimeTicket>(unusable);
  return Decision<OneTimeTicket>(std::move(taken).value());
}

Result<OneTimeTicket> TicketService::Find(Repositories& repos, TicketKind kind,
                                          std::string_view plaintext, Field field) {
  if (plaintext.empty()) return Unusable(field);
  Result<OneTimeTicket> found = repos.tickets().Find(kind, tokens_.HashOf(plaintext));
  if (!found) {
    if (found.error().code == ErrorCode::kNotFound) return Unusable(field);
    return found.error();
  }
  if (found->expires_at <= clock_.NowSeconds()) return Unusable(field);
  return found;
}

}  // namespace portcullis::core
