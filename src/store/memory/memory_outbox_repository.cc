// MemoryOutboxRepository: the mail outbox in a MemoryState, as the SQL backends keep it.
// Not thread-safe: the caller holds the owning store's mutex.
#include "store/memory/memory_outbox_repository.h"

#include <algorithm>
#include <string>
#include <tuple>

namespace portcullis::store::memory {

Status MemoryOutboxRepository::Enqueue(const core::OutboxMessage& message) {
  if (state_.outbox.contains(message.id)) return MakeError(ErrorCode::kConflict, "message");
  state_.Assign(state_.outbox, message.id, message);
  return Status::Ok();
}

Result<std::vector<core::OutboxMessage>> MemoryOutboxRepository::ClaimDue(int64_t now,
                                                                          int64_t lease_until,
                                                                          int64_t limit) {
  std::vector<core::OutboxMessage> due;
  if (limit <= 0) return due;
  for (const auto& [id, message] : state_.outbox) {
    if (!message.parked && message.next_attempt_at <= now) due.push_back(message);
  }
  std::sort(due.begin(), due.end(), [](const auto& a, const auto& b) {
    return std::tie(a.next_attempt_at, a.created_at, a.id) <
           std::tie(b.next_attempt_at, b.created_at, b.id);
  });
  if (static_cast<int64_t>(due.size()) > limit) due.resize(static_cast<std::size_t>(limit));
  for (auto& message : due) {
    message.next_attempt_at = lease_until;
    message.attempts += 1;
    state_.Assign(state_.outbox, message.id, message);
  }
  return due;
}

Status MemoryOutboxRepository::Delete(std::string_view id) {
  if (state_.outbox.contains(id)) state_.Assign(state_.outbox, std::string(id), std::nullopt);
  return Status::Ok();
}

Status MemoryOutboxRepository::RecordFailure(std::string_view id, int64_t next_attempt_at,
                                             std::string_view error, bool parked) {
  auto it = state_.outbox.find(id);
  if (it == state_.outbox.end()) return MakeError(ErrorCode::kNotFound, "message");
  core::OutboxMessage updated = it->second;
  updated.next_attempt_at = next_attempt_at;
  updated.last_error = std::string(error);
  updated.parked = parked;
  state_.Assign(state_.outbox, updated.id, updated);
  return Status::Ok();
}

Result<core::OutboxCounts> MemoryOutboxRepository::Count() {
  core::OutboxCounts counts;
  for (const auto& [id, message] : state_.outbox) {
    (message.parked ? counts.parked : counts.pending) += 1;
  }
  return counts;
}

}  // namespace portcullis::store::memory
