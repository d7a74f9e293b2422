// In-memory revoked-session set with time-based forgetting.
// Thread-safe: a shared lock for lookups, an exclusive one for changes.
#include "core/revoked_sessions.h"

#include <algorithm>
#include <mutex>

namespace portcullis::core {

void RevokedSessions::Add(std::string_view session_id, int64_t forget_after, int64_t now) {
  std::unique_lock lock(mutex_);
  auto [it, inserted] = forget_after_.try_emplace(std::string(session_id), forget_after);
  if (!inserted) it->second = std::max(it->second, forget_after);
  if (++adds_since_prune_ >= 256) {
    adds_since_prune_ = 0;
    std::erase_if(forget_after_, [&](const auto& entry) { return entry.second < now; });
  }
}

bool RevokedSessions::Contains(std::string_view session_id) const {
  std::shared_lock lock(mutex_);
  return forget_after_.find(session_id) != forget_after_.end();
}

std::size_t RevokedSessions::size() const {
  std::shared_lock lock(mutex_);
  return forget_after_.size();
}

}  // namespace portcullis::core
