// Repository ports: what core needs from a database. Implemented by store/{memory,sqlite,...} and
// checked by one conformance suite. Every method is thread-safe; writes are durable on return.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "core/mfa.h"
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
  // Records a re-authentication of the session at `at`. kNotFound when absent.
  virtual Status SetStepUp(std::string_view session_id, int64_t at) = 0;
};

// The throttling members of an MfaState, as RecordFailure left them.
struct MfaThrottle {
  int64_t failures = 0;
  int64_t last_failure_at = 0;
  int64_t locked_until = 0;
};

// A user's TOTP factor, recovery codes (keyed hashes only) and MFA login tickets.
class MfaRepository {
 public:
  virtual ~MfaRepository() = default;
  // kNotFound when the user never started enrolment (or disabled MFA since).
  virtual Result<MfaState> Find(std::string_view user_id) = 0;
  // Stores a pending secret, creating the row when needed. kConflict ("mfa") when the factor is
  // enabled (nothing changes); kNotFound ("user") for an unknown user.
  virtual Status SavePending(std::string_view user_id, std::string_view pending_sealed,
                             int64_t now) = 0;
  // Atomically, when the factor is not enabled and its pending secret is still `secret_sealed`:
  // makes it the factor (enabled, no pending secret, last_used_step = `step`, no failures) and
  // sets users.mfa_enabled; true. False (nothing changed) otherwise: exactly one of two racing
  // enablings wins. kNotFound when there is no row.
  virtual Result<bool> Enable(std::string_view user_id, std::string_view secret_sealed,
                              int64_t step, int64_t now) = 0;
  // Deletes the factor and every recovery code; clears users.mfa_enabled. Idempotent.
  virtual Status Disable(std::string_view user_id) = 0;
  // Atomically raises last_used_step to `step` when it is lower and the factor is enabled; false
  // (nothing changed) otherwise: exactly one of two racing uses of one code wins.
  virtual Result<bool> ClaimStep(std::string_view user_id, int64_t step) = 0;
  // Atomically counts one wrong code at `now`: failures + 1 and last_failure_at = `now`; when that
  // reaches `lock_after`, failures restarts at 0 and locked_until becomes at least
  // `now + lock_seconds` (it never decreases). Returns the new state (so failures == 0 means this
  // call locked the factor). kNotFound when no row.
  virtual Result<MfaThrottle> RecordFailure(std::string_view user_id, int64_t now,
                                            int64_t lock_after, int64_t lock_seconds) = 0;
  // Clears failures, last_failure_at and locked_until. kNotFound when no row.
  virtual Status ResetThrottle(std::string_view user_id) = 0;

  // Replaces the user's recovery codes with `hashes` (all unused).
  virtual Status ReplaceRecoveryCodes(std::string_view user_id,
                                      const std::vector<std::string>& hashes, int64_t now) = 0;
  // Atomically marks the unused code `hash` of the user used; false when none matches.
  virtual Result<bool> UseRecoveryCode(std::string_view user_id, std::string_view hash,
                                       int64_t now) = 0;
  virtual Result<int64_t> CountUnusedRecoveryCodes(std::string_view user_id) = 0;

  // kConflict for a taken hash, kNotFound ("user") for an unknown user.
  virtual Status CreateTicket(const MfaTicket& ticket) = 0;
  virtual Result<MfaTicket> FindTicket(std::string_view hash) = 0;
  // Atomically reserves one attempt of a ticket that is unused, unexpired at `now` and has had
  // fewer than `max_attempts` (attempts + 1) and returns its user id; kNotFound ("ticket") when
  // absent or unusable (nothing changes). Concurrent calls never take more than `max_attempts`.
  virtual Result<std::string> ReserveTicketAttempt(std::string_view hash, int64_t now,
                                                   int64_t max_attempts) = 0;
  // Atomically marks an unused ticket used; false when it was used already (or absent).
  virtual Result<bool> UseTicket(std::string_view hash, int64_t now) = 0;
  // Deletes tickets that expired before `before`.
  virtual Status PurgeTickets(int64_t before) = 0;
};

// The append-only security log.
class SecurityEventRepository {
 public:
  virtual ~SecurityEventRepository() = default;
  virtual Status Append(const SecurityEvent& event) = 0;
  // The user's events, newest first, at most `limit`.
  virtual Result<std::vector<SecurityEvent>> ListForUser(std::string_view user_id,
                                                         int64_t limit) = 0;
};

// The repositories bound to one transaction.
class Repositories {
 public:
  virtual ~Repositories() = default;
  virtual UserRepository& users() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual MfaRepository& mfa() = 0;
  virtual SecurityEventRepository& security_events() = 0;
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
