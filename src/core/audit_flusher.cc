// AuditFlusher: the periodic and final Flush of the AuditTrail's buffer.
// Thread-safe: flushes are serialised by flush_mu_.
#include "core/audit_flusher.h"

#include <utility>

namespace portcullis::core {

AuditFlusher::AuditFlusher(AuditTrail& trail, Store& store, HealthListener listener)
    : trail_(trail),
      store_(store),
      listener_(std::move(listener)),
      task_([this] { (void)Flush(); }) {}

AuditFlusher::~AuditFlusher() { Stop(); }

Status AuditFlusher::Flush() {
  MutexLock lock(flush_mu_);
  Status written = trail_.Flush(store_);
  if (!written) {
    if (!failing_ && listener_) listener_(written);
    failing_ = true;
    return written;
  }
  if (failing_ && listener_) listener_(Status::Ok());
  failing_ = false;
  return Status::Ok();
}

void AuditFlusher::Start(std::chrono::milliseconds interval) { task_.Start(interval); }

void AuditFlusher::Stop() {
  task_.Stop();
  (void)Flush();  // a failure keeps the events buffered: nothing more can be done at shutdown
}

}  // namespace portcullis::core
