// Repository ports: what core needs from a database. Implemented by store/{memory,sqlite,...} and
// checked by one conformance suite. Every method is thread-safe; writes are durable on return.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "core/session.h"
#include "core/user.h"

namespace portcullis::core {

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  // kConflict (detail "email" or "username") when either is taken.
  virtual Status Create(const User& user) = 0;
  // kNotFound when absent.
  virtual Result<User> FindById(std::string_view id) = 0;
  virtual Result<User> FindByEmail(std::string_view normalized_email) = 0;
  virtual Result<User> FindByUsername(std::string_view normalized_username) = 0;
  // Writes username, display_name, metadata_json, role and updated_at. kConflict on a taken
  // username.
  virtual Status UpdateProfile(const User& user) = 0;
  virtual Status UpdatePassword(std::string_view user_id, std::string_view password_hash,
                                int64_t now) = 0;
  virtual Result<int64_t> Count() = 0;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  // Inserts a session together with its first refresh token.
  virtual Status Create(const Session& session, const RefreshToken& first_token) = 0;
  virtual Result<Session> FindSession(std::string_view session_id) = 0;
  virtual Result<RefreshToken> FindToken(std::string_view token_hash) = 0;
  // Atomically: when `old_hash` is still unused, marks it used at `now` with replaced_by =
  // next.hash, inserts `next` and slides the session's last_refreshed_at/expires_at. Returns false
  // (and changes nothing) when `old_hash` was already used: exactly one of two racing calls wins.
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
};

// The repositories bound to one transaction.
class Repositories {
 public:
  virtual ~Repositories() = default;
  virtual UserRepository& users() = 0;
  virtual SessionRepository& sessions() = 0;
};

// A database: repositories whose single calls are atomic, plus multi-call transactions.
class Store : public Repositories {
 public:
  // Runs `work` in one transaction: commits (durably) when it returns ok, rolls back otherwise, and
  // returns its status. `work` must not call the Store's own repositories, only the ones it is
  // given.
  virtual Status Transact(const std::function<Status(Repositories&)>& work) = 0;
  // ok when the database answers.
  virtual Status Ping() = 0;
};

}  // namespace portcullis::core
