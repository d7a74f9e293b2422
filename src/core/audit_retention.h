// AuditRetention: deletes the audit log's events older than `audit_retention_days` (0 keeps them
// forever), once per purge interval on a thread of its own. Thread-safe: PurgeOnce may run on any
// thread (one at a time); Start and Stop from the owner's thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include "common/clock.h"
#include "common/mutex.h"
#include "common/periodic_task.h"
#include "common/status.h"
#include "core/ports/store.h"

namespace portcullis::core {

struct AuditRetentionOptions {
  int64_t retention_days = 365;  // setting audit_retention_days; 0: kept forever
};

class AuditRetention {
 public:
  // Told of each purge that failed (a store error) and of the first success after failures.
  using HealthListener = std::function<void(const Status& status)>;

  // `store` and `clock` must outlive the purge.
  AuditRetention(AuditRetentionOptions options, Store& store, const Clock& clock,
                 HealthListener listener = nullptr);
  ~AuditRetention();  // stops the thread

  // One Write deleting every event older than the retention; how many went (0 when kept forever).
  Result<int64_t> PurgeOnce();
  // Purges every `interval` on a thread of its own until Stop (or destruction); the first purge
  // is one interval after Start.
  void Start(std::chrono::milliseconds interval);
  void Stop();

 private:
  const AuditRetentionOptions options_;
  Store& store_;
  const Clock& clock_;
  const HealthListener listener_;
  Mutex purge_mu_;  // one purge at a time
  bool failing_ GUARDED_BY(purge_mu_) = false;
  PeriodicTask task_;
};

}  // namespace portcullis::core
