// AuditTrail: appends audit events inside a caller's Write, or buffers them for one later Write.
// Thread-safe: the buffer is guarded by mu_.
#include "core/audit_trail.h"

#include <utility>

#include "common/utf8.h"
#include "common/uuid.h"

namespace portcullis::core {
namespace {

constexpr std::size_t kMaxRequestText = 256;  // an address, a User-Agent
constexpr std::size_t kMaxDetail = 1024;

std::string_view ActorTypeOf(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::kSession:
      return "user";
    case PrincipalKind::kApiKey:
      return "api_key";
    case PrincipalKind::kPersonalToken:
      return "personal_token";
  }
  return "user";
}

}  // namespace

SecurityEvent AuditEvent(std::string_view type, const Principal& principal,
                         const ClientInfo& client) {
  SecurityEvent event = AnonymousAuditEvent(type, client);
  event.actor_type = std::string(ActorTypeOf(principal.kind));
  event.actor_id =
      principal.kind == PrincipalKind::kSession ? principal.user_id : principal.credential_id;
  event.user_id = principal.user_id;
  event.company_id = principal.company_id;
  return event;
}

SecurityEvent AnonymousAuditEvent(std::string_view type, const ClientInfo& client) {
  SecurityEvent event;
  event.type = std::string(type);
  event.actor_type = "anonymous";
  event.ip = client.ip;
  event.user_agent = client.user_agent;
  return event;
}

AuditTrail::AuditTrail(const Clock& clock, Random& random, std::size_t buffer_limit)
    : clock_(clock), random_(random), buffer_limit_(buffer_limit) {}

void AuditTrail::Fill(SecurityEvent& event) {
  if (event.id.empty()) event.id = NewUuidV4(random_);
  if (event.at == 0) event.at = clock_.NowSeconds();
  // What came from the request is stored as valid UTF-8 (PostgreSQL refuses anything else).
  event.ip = ValidUtf8Prefix(event.ip, kMaxRequestText);
  event.user_agent = ValidUtf8Prefix(event.user_agent, kMaxRequestText);
  event.detail = ValidUtf8Prefix(event.detail, kMaxDetail);
}

Status AuditTrail::Record(Repositories& repos, SecurityEvent event) {
  Fill(event);
  return repos.security_events().Append(event);
}

void AuditTrail::RecordLater(SecurityEvent event) {
  Fill(event);
  MutexLock lock(mu_);
  if (pending_.size() >= buffer_limit_) {
    ++dropped_;
    return;
  }
  pending_.push_back(std::move(event));
}

Status AuditTrail::Flush(Store& store) {
  std::vector<SecurityEvent> batch;
  {
    MutexLock lock(mu_);
    batch.swap(pending_);
  }
  if (batch.empty()) return Status::Ok();
  Status written = store.Write([&](Repositories& repos) -> Status {
    for (const SecurityEvent& event : batch) RETURN_IF_ERROR(repos.security_events().Append(event));
    return Status::Ok();
  });
  if (written) return written;
  // Not an outage: one event the store refuses must not hold every later one back. Write them
  // one at a time and drop (count) what is still refused.
  std::size_t next = 0;
  if (written.error().code != ErrorCode::kUnavailable && batch.size() > 1) {
    for (; next < batch.size(); ++next) {
      Status one = store.Write([&](Repositories& repos) -> Status {
        return repos.security_events().Append(batch[next]);
      });
      if (one) continue;
      if (one.error().code == ErrorCode::kUnavailable) break;
      MutexLock lock(mu_);
      ++dropped_;
    }
    if (next == batch.size()) return Status::Ok();
  }
  MutexLock lock(mu_);
  for (; next < batch.size(); ++next) {
    if (pending_.size() >= buffer_limit_) {
      ++dropped_;
      continue;
    }
    pending_.push_back(std::move(batch[next]));
  }
  return written;
}

uint64_t AuditTrail::dropped() const {
  MutexLock lock(mu_);
  return dropped_;
}

}  // namespace portcullis::core
