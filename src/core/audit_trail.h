// AuditTrail: how every service writes the audit log. Record joins the caller's own Write (no
// second durable commit); RecordLater keeps the event of a request that writes nothing (a refused
// login, a key's first use of the day) in a bounded buffer that Flush writes in one Write.
// Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/mutex.h"
#include "common/random.h"
#include "common/status.h"
#include "common/thread_annotations.h"
#include "core/auth_types.h"
#include "core/ports/store.h"
#include "core/security_event.h"

namespace portcullis::core {

// An event of `type` with its client's address and agent and the actor `principal` (a user, an
// API key, a personal token); id and time are filled in by the trail.
SecurityEvent AuditEvent(std::string_view type, const Principal& principal,
                         const ClientInfo& client);
// An event of `type` whose actor is nobody known yet (a login attempt, a token request).
SecurityEvent AnonymousAuditEvent(std::string_view type, const ClientInfo& client);

class AuditTrail {
 public:
  // At most `buffer_limit` events wait for Flush; beyond that RecordLater drops (and counts) them.
  // `clock` and `random` must outlive the trail.
  AuditTrail(const Clock& clock, Random& random, std::size_t buffer_limit = 10000);

  // Inside a Write: appends `event`, its id and time filled in when empty.
  Status Record(Repositories& repos, SecurityEvent event);
  // Outside any transaction: keeps `event` (id and time filled in now) for the next Flush.
  void RecordLater(SecurityEvent event);
  // Writes every buffered event in one Write. On a store error they are put back (within the
  // limit) and the error returned. Called by the audit flusher every second and at shutdown.
  Status Flush(Store& store);
  // Events RecordLater dropped because the buffer was full, since start.
  uint64_t dropped() const;

 private:
  void Fill(SecurityEvent& event);

  const Clock& clock_;
  Random& random_;
  const std::size_t buffer_limit_;
  mutable Mutex mu_;
  std::vector<SecurityEvent> pending_ GUARDED_BY(mu_);
  uint64_t dropped_ GUARDED_BY(mu_) = 0;
};

}  // namespace portcullis::core
