// RevocationPoller: a timed loop around one store Read per period.
// Thread-safe as documented in revocation_poller.h.
#include "core/revocation_poller.h"

#include <vector>

#include "common/status_macros.h"

namespace portcullis::core {

RevocationPoller::RevocationPoller(Store& store, RevocationList& list, const Clock& clock,
                                   int64_t lifetime, int64_t position, HealthListener listener)
    : store_(store),
      list_(list),
      clock_(clock),
      lifetime_(lifetime),
      listener_(std::move(listener)),
      position_(position),
      last_success_(position) {}

RevocationPoller::~RevocationPoller() { Stop(); }

Status RevocationPoller::PollOnce() {
  MutexLock lock(poll_mu_);
  const int64_t now = clock_.NowSeconds();
  const int64_t since = position_.load() - kOverlapSeconds;
  auto revoked = store_.ReadValue(
      [&](Repositories& repos) { return repos.sessions().ListRevokedSince(since); });
  if (!revoked) {
    if (!failing_ && listener_) listener_(revoked.error());
    failing_ = true;
    return revoked.error();
  }
  std::vector<Revocation> fresh;
  for (const RevokedSession& r : *revoked) {
    const int64_t forget_after = r.revoked_at + lifetime_;
    // The overlap rereads what earlier polls (or the broadcast) added: skip it, so an idle poll
    // does not copy the list.
    if (forget_after >= now && !list_.Contains(r.id)) fresh.push_back({r.id, forget_after});
  }
  list_.Add(fresh, now);
  position_.store(now);
  last_success_.store(now);
  if (failing_ && listener_) listener_(Status::Ok());
  failing_ = false;
  return Status::Ok();
}

void RevocationPoller::Start(std::chrono::milliseconds period) {
  if (thread_.joinable()) return;
  {
    MutexLock lock(stop_mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this, period] {
    for (;;) {
      {
        MutexLock lock(stop_mu_);
        const bool stop = lock.WaitFor(stop_cv_, period, [this] {
          stop_mu_.AssertHeld();
          return stopping_;
        });
        if (stop) return;
      }
      (void)PollOnce();  // a failure is retried at the next tick, from the same position
    }
  });
}

void RevocationPoller::Stop() {
  {
    MutexLock lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace portcullis::core
