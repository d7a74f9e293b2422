// SessionRepository: the port for sessions and their refresh tokens. Implemented by
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
  // Inserts a session together with its first refresh token.
  virtual Status Create(const Session& session, const RefreshToken& first_token) = 0;
  virtual Result<Session> FindSession(std::string_view session_id) = 0;
  virtual Result<RefreshToken> FindToken(std::string_view token_hash) = 0;
  // When `old_hash` is still unused: marks it used at `now` with replaced_by = next.hash, inserts
  // `next` and slides the session's last_refreshed_at/expires_at. Returns false (and changes
  // nothing) when `old_hash` was already used: exactly one of two racing calls wins.
  virtual Result<bool> Rotate(std::string_view old_hash, const RefreshToken& next, int64_t now) = 0;
  // Marks the session revoked (idempotent: an already revoked session keeps its first time).
  virtual Status Revoke(std::string_view session_id, int64_t now) = 0;
  // Revokes every live session of the user except `keep_session_id` (may be empty); returns their
  // ids.
  virtual Result<std::vector<std::string>> RevokeAllForUser(std::string_view user_id,
                                                            std::string_view keep_session_id,
                                                            int64_t now) = 0;
  // Sessions neither revoked nor expired at `now`, newest first.
  virtual Result<std::vector<Session>> ListActive(std::string_view user_id, int64_t now) = 0;
  // Sessions revoked at or after `since`, to rebuild the in-memory revocation set at start.
  virtual Result<std::vector<RevokedSession>> ListRevokedSince(int64_t since) = 0;
  // Records a re-authentication of the session at `at`. kNotFound when absent.
  virtual Status SetStepUp(std::string_view session_id, int64_t at) = 0;
};

}  // namespace portcullis::core
