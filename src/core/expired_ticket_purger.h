// ExpiredTicketPurger: every `ticket_purge_interval` deletes the one-time tickets (emailed links,
// exchange codes, the decoys written for unknown addresses), company invites, MFA login tickets
// and the revocations of service clients' tokens that have expired, so no such table grows
// without bound. Thread-safe: PurgeOnce may run on any
// thread (one at a time); Start runs it on a thread of the purger's own.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

#include "common/clock.h"
#include "common/mutex.h"
#include "common/periodic_task.h"
#include "common/status.h"
#include "core/ports/store.h"

namespace portcullis::core {

struct ExpiredTicketPurgeOptions {
  std::chrono::seconds interval{300};  // setting ticket_purge_interval
};

class ExpiredTicketPurger {
 public:
  // Told of each purge that failed (a store error) and of the first success after failures.
  using HealthListener = std::function<void(const Status& status)>;

  // `store` and `clock` must outlive the purger.
  ExpiredTicketPurger(Store& store, const Clock& clock, HealthListener listener = nullptr);
  ~ExpiredTicketPurger();  // stops the thread
  ExpiredTicketPurger(const ExpiredTicketPurger&) = delete;
  ExpiredTicketPurger& operator=(const ExpiredTicketPurger&) = delete;

  // One purge, one Write: deletes every one-time ticket, invite and MFA ticket that expired before
  // now. Returns how many one-time tickets and invites went (the MFA repository does not count).
  Result<int64_t> PurgeOnce();
  // Purges every `interval` on a thread of its own until Stop (or destruction). The first purge
  // is one interval after Start.
  void Start(std::chrono::milliseconds interval);
  void Stop();

 private:
  Store& store_;
  const Clock& clock_;
  const HealthListener listener_;
  Mutex purge_mu_;  // one purge at a time
  bool failing_ GUARDED_BY(purge_mu_) = false;
  // Last: destroyed (stopped) before what its purges use. A failed purge is retried at the next
  // tick; nothing is lost meanwhile.
  PeriodicTask task_{[this] { (void)PurgeOnce(); }};
};

}  // namespace portcullis::core
