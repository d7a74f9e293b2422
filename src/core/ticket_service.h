// TicketService: issues and redeems one-time tickets (emailed links, exchange codes). A ticket is
// 32 random bytes (OpaqueTokens), only its SHA-256 stored; it lives its kind's TTL, is used once,
// and a newer ticket of a kind for a user supersedes the older one (exchange codes excepted).
// Thread-safe; works inside the caller's Read or Write.
#pragma once

#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "core/account_flow_policy.h"
#include "core/crypto_ports.h"
#include "core/one_time_ticket.h"
#include "core/ports/store.h"

namespace portcullis::core {

// A ticket's plaintext (shown once: it goes into a link or a redirect) and its lifetime.
struct IssuedTicket {
  std::string plaintext;
  int64_t expires_in = 0;  // seconds
};

class TicketService {
 public:
  TicketService(TicketTtls ttls, OpaqueTokens& tokens, const Clock& clock);

  // Inside a Write: stores a new ticket of `kind` for `user_id` (empty: an address with no account
  // yet) sent to `email`, superseding the subject's earlier ticket of that kind.
  Result<IssuedTicket> Issue(Repositories& repos, TicketKind kind, std::string_view user_id,
                             std::string_view email, std::string payload_json = "{}");
  // Inside a Write: takes the ticket `plaintext` names. The refusal, a Decision so that taking an
  // expired ticket commits, is kInvalidRequest (reason kTicketUnusable, `field`) for a ticket that
  // was never issued, was used or superseded, has expired, or is of another kind.
  Result<Decision<OneTimeTicket>> Redeem(Repositories& repos, TicketKind kind,
                                         std::string_view plaintext, Field field = Field::kTicket);
  // Inside a Read: the live ticket `plaintext` names, left in place (a look before costly work;
  // only Redeem spends it). The same kInvalidRequest as Redeem for a ticket it would refuse.
  Result<OneTimeTicket> Find(Repositories& repos, TicketKind kind, std::string_view plaintext,
                             Field field = Field::kTicket);

  int64_t TtlOf(TicketKind kind) const;
  // The hash a ticket is stored under (for work that must look the same as an Issue).
  std::string HashOf(std::string_view plaintext) { return tokens_.HashOf(plaintext); }
  OpaqueTokens& tokens() { return tokens_; }

 private:
  const TicketTtls ttls_;
  OpaqueTokens& tokens_;
  const Clock& clock_;
};

}  // namespace portcullis::core
