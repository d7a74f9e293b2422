// AuditRetention: the periodic deletion of audit events past their retention.
// Thread-safe: purges are serialised by purge_mu_.
#include "core/audit_retention.h"

#include <utility>

namespace portcullis::core {

constexpr int64_t kSecondsPerDay = 24 * 3600;

AuditRetention::AuditRetention(AuditRetentionOptions options, Store& store, const Clock& clock,
                               HealthListener listener)
    : options_(options),
      store_(store),
      clock_(clock),
      listener_(std::move(listener)),
      task_([this] { (void)PurgeOnce(); }) {}

AuditRetention::~AuditRetention() { Stop(); }

Result<int64_t> AuditRetention::PurgeOnce() {
  if (options_.retention_days <= 0) return int64_t{0};
  MutexLock lock(purge_mu_);
  const int64_t cutoff = clock_.NowSeconds() - options_.retention_days * kSecondsPerDay;
  Result<int64_t> purged = store_.WriteValue(
      [&](Repositories& repos) { return repos.security_events().PurgeBefore(cutoff); });
  if (!purged) {
    if (!failing_ && listener_) listener_(Status(purged.error()));
    failing_ = true;
    return purged;
  }
  if (failing_ && listener_) listener_(Status::Ok());
  failing_ = false;
  return purged;
}

void AuditRetention::Start(std::chrono::milliseconds interval) { task_.Start(interval); }

void AuditRetention::Stop() { task_.Stop(); }

}  // namespace portcullis::core
