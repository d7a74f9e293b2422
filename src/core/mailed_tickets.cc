// MailedTickets: tickets and their messages in one Write, decoys for addresses that get nothing.
// Thread-safe: holds only thread-safe collaborators.
#include "core/mailed_tickets.h"

#include <utility>

#include "common/status_macros.h"
#include "core/async.h"
#include "core/identity_rules.h"

namespace portcullis::core {
namespace {

std::string MinutesOf(int64_t seconds) { return std::to_string((seconds + 59) / 60); }

}  // namespace

MailedTickets::MailedTickets(TicketService& tickets, MailOutbox& outbox, RateLimiter* limiter)
    : tickets_(tickets), outbox_(outbox), limiter_(limiter) {}

Status CheckMailLimits(RateLimiter* limiter, std::string_view normalized_address,
                       std::string_view ip) {
  if (limiter == nullptr) return Status::Ok();
  RETURN_IF_ERROR(Await<Status>(
      [&](RateLimiter::Done done) { limiter->Hit(Limit::kMailPerIp, ip, std::move(done)); }));
  return Await<Status>([&](RateLimiter::Done done) {
    limiter->Hit(Limit::kMailPerAddress, normalized_address, std::move(done));
  });
}

Status MailedTickets::CheckLimits(std::string_view normalized_address, std::string_view ip) {
  return CheckMailLimits(limiter_, normalized_address, ip);
}

MailValues MailedTickets::ValuesFor(std::string_view display_name, MailValues extra) {
  MailValues values{{"display_name", std::string(display_name)}};
  for (auto& value : extra) values.push_back(std::move(value));
  return values;
}

Status MailedTickets::Send(Repositories& repos, const TicketMail& mail) {
  ASSIGN_OR_RETURN(IssuedTicket issued,
                   tickets_.Issue(repos, mail.kind, mail.user_id, mail.to, mail.payload_json));
  MailValues values = ValuesFor(mail.display_name, mail.extra);
  values.emplace_back("link", std::string(mail.link_base) + issued.plaintext);
  values.emplace_back("expires_in_minutes", MinutesOf(issued.expires_in));
  return outbox_.Enqueue(repos, mail.mail_kind, mail.to, mail.locale, std::move(values));
}

Status MailedTickets::Rehearse(Repositories& repos, const TicketMail& mail) {
  // A ticket for the address with no account, whose plaintext is dropped here: no one can use it.
  ASSIGN_OR_RETURN(IssuedTicket issued,
                   tickets_.Issue(repos, mail.kind, "", mail.to, mail.payload_json));
  MailValues values = ValuesFor(mail.display_name, mail.extra);
  values.emplace_back("link", std::string(mail.link_base) + issued.plaintext);
  values.emplace_back("expires_in_minutes", MinutesOf(issued.expires_in));
  return outbox_.Rehearse(mail.mail_kind, mail.to, mail.locale, std::move(values));
}

Status MailedTickets::MailToTypedAddress(Store& store, std::string_view email,
                                         const ClientInfo& client, TicketMail mail,
                                         const std::function<bool(const User*)>& sends) {
  ASSIGN_OR_RETURN(const std::string address, NormalizeEmail(email));
  RETURN_IF_ERROR(ValidateEmail(address));
  RETURN_IF_ERROR(CheckLimits(address, client.ip));
  mail.to = address;
  mail.locale = client.locale;
  RETURN_IF_ERROR(store.Write([&](Repositories& repos) -> Status {
    auto user = repos.users().FindByEmail(address);
    if (!user && user.error().code != ErrorCode::kNotFound) return user.error();
    const User* account = user ? &*user : nullptr;
    if (!sends(account)) return Rehearse(repos, mail);
    if (account != nullptr) {
      mail.user_id = account->id;
      mail.display_name = account->display_name;
    }
    return Send(repos, mail);
  }));
  Wake();
  return Status::Ok();
}

Status MailedTickets::Notify(Repositories& repos, std::string_view mail_kind, std::string_view to,
                             std::string_view display_name, std::string_view locale,
                             MailValues extra) {
  return outbox_.Enqueue(repos, mail_kind, to, locale, ValuesFor(display_name, std::move(extra)));
}

}  // namespace portcullis::core
