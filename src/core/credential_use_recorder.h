// CredentialUseRecorder: remembers in memory when each API key or personal token was last used and
// flushes those times with one store Write every few seconds, so authenticating by a credential
// never waits for a durable write. Thread-safe: Record from any thread; Flush one at a time; Start
// and Stop from the owner's thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "common/mutex.h"
#include "common/periodic_task.h"
#include "common/status.h"
#include "core/ports/store.h"

namespace portcullis::core {

class CredentialUseRecorder {
 public:
  // Told of each flush that failed (a store error) and of the first success after failures.
  using HealthListener = std::function<void(const Status& status)>;

  // `store` must outlive the recorder.
  explicit CredentialUseRecorder(Store& store, HealthListener listener = nullptr);
  ~CredentialUseRecorder();  // stops the thread, flushing what is pending
  CredentialUseRecorder(const CredentialUseRecorder&) = delete;
  CredentialUseRecorder& operator=(const CredentialUseRecorder&) = delete;

  // Notes that `credential_id` was used at `at` (the latest use of each credential is kept).
  // Cheap: a map update under a lock, no I/O. True when this is the credential's first use of
  // the (UTC) day: neither `stored_last_used_at` (what the store said) nor any use noted since
  // start is of that day (the audit log's first-use event; at most once per day per process).
  bool Record(std::string_view credential_id, int64_t at, int64_t stored_last_used_at = 0);
  // Writes every pending use with CredentialRepository::RecordUse in one Write. On a store error
  // the uses stay pending (merged with newer ones) for the next flush.
  Status Flush();
  // The number of credentials whose use is not written yet.
  std::size_t pending() const;

  // Flushes every `interval` on a thread of its own until Stop (or destruction).
  void Start(std::chrono::milliseconds interval);
  // Stops the thread and flushes once more.
  void Stop();

 private:
  // Keeps the later of the pending time and `at`.
  void MergeLocked(const std::string& id, int64_t at) REQUIRES(pending_mu_);

  Store& store_;
  const HealthListener listener_;
  mutable Mutex pending_mu_;
  std::map<std::string, int64_t, std::less<>> pending_ GUARDED_BY(pending_mu_);
  // The last day (epoch days) each credential's first use was announced by Record.
  std::map<std::string, int64_t, std::less<>> announced_day_ GUARDED_BY(pending_mu_);
  Mutex flush_mu_;  // one flush at a time
  bool failing_ GUARDED_BY(flush_mu_) = false;
  // Last: destroyed (stopped) before what its flushes use. A failed flush keeps the uses pending
  // for the next tick.
  PeriodicTask task_{[this] { (void)Flush(); }};
};

}  // namespace portcullis::core
