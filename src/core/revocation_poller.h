// RevocationPoller: every `revocation_poll` seconds reads the sessions revoked since its last poll
// from the database and adds them to this node's revocation list, so a revocation made by another
// node (or process) takes effect here even when its broadcast was lost. Thread-safe: PollOnce may
// run on any thread (one at a time); Start runs it on a thread of the poller's own.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <thread>

#include "common/clock.h"
#include "common/mutex.h"
#include "common/status.h"
#include "core/ports/store.h"
#include "core/revocation_list.h"

namespace portcullis::core {

struct RevocationPollOptions {
  std::chrono::seconds period{1};  // setting revocation_poll
};

class RevocationPoller {
 public:
  // Each poll rereads this much before its last position: a revocation's time is taken before its
  // commit, and nodes' clocks differ a little, so a row may land behind the position it carries.
  static constexpr int64_t kOverlapSeconds = 5;
  // Called when polls start failing (with the first error) and when they succeed again.
  using HealthListener = std::function<void(const Status& status)>;

  // `lifetime`: how long a revoked session stays in the list after its revocation (access_ttl +
  // leeway). `position`: the time polls start from (what WarmRevocations already loaded).
  // `store`, `list` and `clock` must outlive the poller.
  RevocationPoller(Store& store, RevocationList& list, const Clock& clock, int64_t lifetime,
                   int64_t position, HealthListener listener = nullptr);
  ~RevocationPoller();  // stops the thread
  RevocationPoller(const RevocationPoller&) = delete;
  RevocationPoller& operator=(const RevocationPoller&) = delete;

  // One poll: reads revocations since position - overlap, adds those not yet in the list, and
  // advances the position only when the read succeeded (a failed poll loses nothing).
  Status PollOnce();
  // Polls every `period` on a thread of its own until Stop (or destruction).
  void Start(std::chrono::milliseconds period);
  void Stop();

  int64_t position() const { return position_.load(); }
  // Epoch seconds of the last successful poll (the start position before the first).
  int64_t last_success() const { return last_success_.load(); }

 private:
  Store& store_;
  RevocationList& list_;
  const Clock& clock_;
  const int64_t lifetime_;
  const HealthListener listener_;
  Mutex poll_mu_;  // one poll at a time
  bool failing_ GUARDED_BY(poll_mu_) = false;
  std::atomic<int64_t> position_;
  std::atomic<int64_t> last_success_;
  Mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ GUARDED_BY(stop_mu_) = false;
  std::thread thread_;  // touched by Start and Stop only (from the owner's thread)
};

}  // namespace portcullis::core
