// AuditFlusher: writes the AuditTrail's buffered events (RecordLater) every second in one Write,
// and once more at Stop, so a request that writes nothing never waits for the log. Thread-safe:
// Flush may run on any thread (one at a time); Start and Stop from the owner's thread.
#pragma once

#include <chrono>
#include <functional>

#include "common/mutex.h"
#include "common/periodic_task.h"
#include "common/status.h"
#include "core/audit_trail.h"
#include "core/ports/store.h"

namespace portcullis::core {

class AuditFlusher {
 public:
  // Told of each flush that failed (a store error) and of the first success after failures.
  using HealthListener = std::function<void(const Status& status)>;

  // `trail` and `store` must outlive the flusher.
  AuditFlusher(AuditTrail& trail, Store& store, HealthListener listener = nullptr);
  ~AuditFlusher();  // stops the thread, flushing what is pending

  // AuditTrail::Flush, reporting a change of health to the listener.
  Status Flush();
  // Flushes every `interval` on a thread of its own until Stop (or destruction).
  void Start(std::chrono::milliseconds interval);
  // Stops the thread and flushes once more.
  void Stop();

 private:
  AuditTrail& trail_;
  Store& store_;
  const HealthListener listener_;
  Mutex flush_mu_;  // one flush at a time
  bool failing_ GUARDED_BY(flush_mu_) = false;
  PeriodicTask task_;
};

}  // namespace portcullis::core
