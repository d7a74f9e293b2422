// SessionRepository: the port for sessions and the state of their refresh tokens. Implemented by
// store/{memory,sqlite,...}; behaviour defined by store/conformance/session_conformance.cc. Bound
// to one transaction; not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "core/session.h"

namespace portcullis::core {

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  // Inserts a session (with its sealed refresh key, counter and current token's digest).
  // kNotFound for an unknown user, kConflict for a taken id.
  virtual Status Create(const Session& session) = 0;
  virtual Result<Session> FindSession(std::string_view session_id) = 0;
  // One conditional update of the session row: when the session is live and its counter is still
  // `rotation.from_counter`, the counter goes up by one, previous_hash takes the old refresh_hash,
  // refresh_hash becomes rotation.next_hash, rotated_at and last_refreshed_at become rotation.now
  // and expires_at rotation.expires_at; true. False (nothing changed) when the counter moved on or
  // the session is revoked: exactly one of two racing rotations wins. kNotFound when absent.
  virtual Result<bool> Rotate(std::string_view session_id, const RefreshRotation& rotation) = 0;
  // Marks the session revoked (idempotent: an already revoked session keeps its first time).
  virtual Status Revoke(std::string_view session_id, int64_t now) = 0;
  // Revokes every live session of the user except `keep_session_id` (may be empty); returns their
  // ids.
  virtual Result<std::vector<std::string>> RevokeAllForUser(std::string_view user_id,
                                                            std::string_view keep_session_id,
                                                            int64_t now) = 0;
  // Caps the user's live sessions (neither revoked nor expired at `now`) before one more opens:
  // when there are `max_live` or more, revokes the oldest — ordered by created_at, then id — at
  // `now` until `max_live - 1` stay live, and returns their ids (empty when under the cap).
  // `max_live` >= 1. One statement; the caller creates the new session in the same transaction.
  virtual Result<std::vector<std::string>> RevokeOldestBeyond(std::string_view user_id,
                                                              int64_t max_live, int64_t now) = 0;
  // Sessions neither revoked nor expired at `now`, newest first.
  virtual Result<std::vector<Session>> ListActive(std::string_view user_id, int64_t now) = 0;
  // Sessions revoked at or after `since`, to rebuild the in-memory revocation set at start.
  virtual Result<std::vector<RevokedSession>> ListRevokedSince(int64_t since) = 0;
  // Records a re-authentication of the session at `at`. kNotFound when absent.
  virtual Status SetStepUp(std::string_view session_id, int64_t at) = 0;
  // Sets the session's active company (empty: none). kNotFound when absent.
  virtual Status SetCompany(std::string_view session_id, std::string_view company_id) = 0;
};

}  // namespace portcullis::core
