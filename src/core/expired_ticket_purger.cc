// ExpiredTicketPurger: a timed loop around one store Write per interval.
// Thread-safe as documented in expired_ticket_purger.h.
#include "core/expired_ticket_purger.h"

#include <utility>

#include "common/status_macros.h"
#include "core/auth_types.h"

namespace portcullis::core {
ExpiredTicketPurger::ExpiredTicketPurger(Store& store, const Clock& clock, HealthListener listener)
    : store_(store), clock_(clock), listener_(std::move(listener)) {}

ExpiredTicketPurger::~ExpiredTicketPurger() { Stop(); }

Result<int64_t> ExpiredTicketPurger::PurgeOnce() {
  MutexLock lock(purge_mu_);
  const int64_t now = clock_.NowSeconds();
  // A ticket is usable while now < expires_at, so one with expires_at <= now is dead; the
  // repositories delete expires_at < before.
  auto purged = store_.WriteValue([&](Repositories& repos) -> Result<int64_t> {
    ASSIGN_OR_RETURN(int64_t one_time, repos.tickets().PurgeExpired(now + 1));
    ASSIGN_OR_RETURN(int64_t invites, repos.invites().PurgeExpired(now + 1));
    RETURN_IF_ERROR(repos.mfa().PurgeTickets(now + 1));
    // A revoked client token is remembered until its exp plus the largest clock leeway a token
    // is checked with (kMaxTokenLeeway): until then introspection could still take it for live.
    RETURN_IF_ERROR(repos.service_clients().PurgeRevokedTokens(now - kMaxTokenLeeway));
    return one_time + invites;
  });
  if (!purged) {
    if (!failing_ && listener_) listener_(purged.error());
    failing_ = true;
    return purged.error();
  }
  if (failing_ && listener_) listener_(Status::Ok());
  failing_ = false;
  return purged;
}

void ExpiredTicketPurger::Start(std::chrono::milliseconds interval) { task_.Start(interval); }

void ExpiredTicketPurger::Stop() { task_.Stop(); }

}  // namespace portcullis::core
