// MailedTickets: how a flow mails a ticket or a notice. A ticket and the message carrying its link
// are written in the caller's Write (they commit together); Wake after the commit. For an address
// that gets nothing, Rehearse does the same work (a ticket row no one can redeem, a message
// composed and sealed but not queued) so that known and unknown addresses cost the same time. The
// per-IP and per-address send limits are checked first. Thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "core/auth_types.h"
#include "core/mail.h"
#include "core/mail_outbox.h"
#include "core/one_time_ticket.h"
#include "core/ports/store.h"
#include "core/rate_limiter.h"
#include "core/ticket_service.h"

namespace portcullis::core {

// One ticket to mail: its kind and subject, the message kind, the link it is appended to.
struct TicketMail {
  TicketKind kind = TicketKind::kActivation;
  std::string_view mail_kind;     // "activation", "magic_link", ...
  std::string_view user_id;       // empty: an address with no account yet
  std::string_view to;            // the normalised recipient (and the ticket's email)
  std::string_view display_name;  // the account's, or ""
  std::string_view locale;        // the request's Accept-Language
  std::string_view link_base;     // the ticket's plaintext is appended to it
  std::string payload_json = "{}";
  MailValues extra;  // the kind's own values (new_email, ...)
};

// Counts one mail to `normalized_address` asked for from `ip` against mail_per_ip and
// mail_per_address; kRateLimited beyond either; ok when `limiter` is null. Waits for the limiter:
// call it from a worker, never from an I/O thread.
Status CheckMailLimits(RateLimiter* limiter, std::string_view normalized_address,
                       std::string_view ip);

class MailedTickets {
 public:
  // `limiter` may be null (nothing is limited). Every reference must outlive this.
  MailedTickets(TicketService& tickets, MailOutbox& outbox, RateLimiter* limiter);

  // Before any work: counts the request against mail_per_ip and mail_per_address (the same for
  // known and unknown addresses); kRateLimited beyond either. Waits for the limiter: call it from
  // a worker, never from an I/O thread.
  Status CheckLimits(std::string_view normalized_address, std::string_view ip);
  // Inside a Write: issues the ticket and enqueues its message.
  Status Send(Repositories& repos, const TicketMail& mail);
  // Inside a Write: Send's work for an address that gets nothing (see the header comment).
  Status Rehearse(Repositories& repos, const TicketMail& mail);
  // Inside a Write: enqueues a message without a ticket.
  Status Notify(Repositories& repos, std::string_view mail_kind, std::string_view to,
                std::string_view display_name, std::string_view locale, MailValues extra = {});
  // A whole request that mails a ticket to an address someone typed (activation resend, magic
  // link, forgotten password): normalises and validates `email`, checks the limits, then in one
  // Write finds its account and sends `mail` when `sends(account)` says so (nullptr for an
  // address without an account; the account's id and name go on the mail), else rehearses it;
  // wakes the sender. The same answer and the same work either way. Waits for the limiter and
  // the store: call it from a worker.
  Status MailToTypedAddress(Store& store, std::string_view email, const ClientInfo& client,
                            TicketMail mail, const std::function<bool(const User*)>& sends);
  // After the commit of a Write that sent: the sender need not wait for its next poll.
  void Wake() { outbox_.Wake(); }

  TicketService& tickets() { return tickets_; }

 private:
  // display_name and the kind's own values (the composer adds app_name and email).
  static MailValues ValuesFor(std::string_view display_name, MailValues extra);

  TicketService& tickets_;
  MailOutbox& outbox_;
  RateLimiter* const limiter_;
};

}  // namespace portcullis::core
