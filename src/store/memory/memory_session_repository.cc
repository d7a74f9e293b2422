// MemorySessionRepository: sessions in a MemoryState; checks first, then writes.
// Not thread-safe: the caller holds the owning store's mutex.
#include "store/memory/memory_session_repository.h"

#include <algorithm>
#include <tuple>

namespace portcullis::store::memory {

Status MemorySessionRepository::Create(const core::Session& session) {
  if (!state_.users.contains(session.user_id)) return MakeError(ErrorCode::kNotFound, "user");
  if (state_.sessions.contains(session.id)) return MakeError(ErrorCode::kConflict, "session");
  state_.PutSession(session);
  return Status::Ok();
}

Result<core::Session> MemorySessionRepository::FindSession(std::string_view session_id) {
  auto it = state_.sessions.find(session_id);
  if (it == state_.sessions.end()) return MakeError(ErrorCode::kNotFound, "session");
  return it->second;
}

Result<bool> MemorySessionRepository::Rotate(std::string_view session_id,
                                             const core::RefreshRotation& rotation) {
  auto it = state_.sessions.find(session_id);
  if (it == state_.sessions.end()) return MakeError(ErrorCode::kNotFound, "session");
  if (it->second.revoked_at || it->second.refresh_counter != rotation.from_counter) return false;
  core::Session rotated = it->second;
  rotated.refresh_counter = rotation.from_counter + 1;
  rotated.previous_hash = rotated.refresh_hash;
  rotated.refresh_hash = rotation.next_hash;
  rotated.rotated_at = rotation.now;
  rotated.last_refreshed_at = rotation.now;
  rotated.expires_at = rotation.expires_at;
  state_.PutSession(rotated);
  return true;
}

Status MemorySessionRepository::Revoke(std::string_view session_id, int64_t now) {
  auto it = state_.sessions.find(session_id);
  if (it == state_.sessions.end()) return MakeError(ErrorCode::kNotFound, "session");
  if (it->second.revoked_at) return Status::Ok();
  core::Session revoked = it->second;
  revoked.revoked_at = now;
  state_.PutSession(revoked);
  return Status::Ok();
}

Result<std::vector<std::string>> MemorySessionRepository::RevokeAllForUser(
    std::string_view user_id, std::string_view keep_session_id, int64_t now) {
  std::vector<core::Session> to_revoke;
  for (const auto& [id, session] : state_.sessions) {
    if (session.user_id == user_id && !session.revoked_at && session.expires_at > now &&
        id != keep_session_id) {
      to_revoke.push_back(session);
    }
  }
  std::vector<std::string> ids;
  ids.reserve(to_revoke.size());
  for (auto& session : to_revoke) {
    session.revoked_at = now;
    state_.PutSession(session);
    ids.push_back(session.id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<std::vector<std::string>> MemorySessionRepository::RevokeOldestBeyond(
    std::string_view user_id, int64_t max_live, int64_t now) {
  std::vector<core::Session> live;
  for (const auto& [id, session] : state_.sessions) {
    if (session.user_id == user_id && !session.revoked_at && session.expires_at > now) {
      live.push_back(session);
    }
  }
  std::vector<std::string> ids;
  const int64_t excess = static_cast<int64_t>(live.size()) - (max_live - 1);
  if (excess <= 0) return ids;
  std::sort(live.begin(), live.end(), [](const core::Session& a, const core::Session& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  for (int64_t i = 0; i < excess; ++i) {
    core::Session oldest = live[static_cast<std::size_t>(i)];
    oldest.revoked_at = now;
    state_.PutSession(oldest);
    ids.push_back(oldest.id);
  }
  return ids;
}

Result<std::vector<core::Session>> MemorySessionRepository::ListActive(std::string_view user_id,
                                                                       int64_t now) {
  std::vector<core::Session> active;
  for (const auto& [id, session] : state_.sessions) {
    if (session.user_id == user_id && !session.revoked_at && session.expires_at > now) {
      active.push_back(session);
    }
  }
  std::sort(active.begin(), active.end(), [](const core::Session& a, const core::Session& b) {
    return std::tie(a.created_at, a.id) > std::tie(b.created_at, b.id);
  });
  return active;
}

Result<std::vector<core::RevokedSession>> MemorySessionRepository::ListRevokedSince(int64_t since) {
  std::vector<core::RevokedSession> revoked;
  for (const auto& [id, session] : state_.sessions) {
    if (session.revoked_at && *session.revoked_at >= since) {
      revoked.push_back(core::RevokedSession{id, *session.revoked_at});
    }
  }
  std::sort(revoked.begin(), revoked.end(),
            [](const core::RevokedSession& a, const core::RevokedSession& b) {
              return std::tie(a.revoked_at, a.id) < std::tie(b.revoked_at, b.id);
            });
  return revoked;
}

Status MemorySessionRepository::SetStepUp(std::string_view session_id, int64_t at) {
  auto it = state_.sessions.find(session_id);
  if (it == state_.sessions.end()) return MakeError(ErrorCode::kNotFound, "session");
  core::Session updated = it->second;
  updated.step_up_at = at;
  state_.PutSession(updated);
  return Status::Ok();
}

Status MemorySessionRepository::SetCompany(std::string_view session_id,
                                           std::string_view company_id) {
  auto it = state_.sessions.find(session_id);
  if (it == state_.sessions.end()) return MakeError(ErrorCode::kNotFound, "session");
  core::Session updated = it->second;
  updated.company_id = std::string(company_id);
  state_.PutSession(updated);
  return Status::Ok();
}

}  // namespace portcullis::store::memory
