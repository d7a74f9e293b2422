// MemoryStore: core::Store in memory with the SQL backends' semantics; used by core unit tests.
// Thread-safe: one mutex guards all state; Transact holds it for the whole unit of work.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include "core/repositories.h"
#include "store/memory/memory_mfa_repository.h"
#include "store/memory/memory_session_repository.h"
#include "store/memory/memory_state.h"
#include "store/memory/memory_user_repository.h"

namespace portcullis::store::memory {

class MemoryStore final : public core::Store {
 public:
  MemoryStore();
  MemoryStore(const MemoryStore&) = delete;
  MemoryStore& operator=(const MemoryStore&) = delete;

  core::UserRepository& users() override { return locked_users_; }
  core::SessionRepository& sessions() override { return locked_sessions_; }
  core::MfaRepository& mfa() override { return locked_mfa_; }
  core::SecurityEventRepository& security_events() override { return locked_events_; }
  // All-or-nothing: `work` runs under the lock with an undo log that is replayed when it fails.
  // Calling this store (rather than the given repositories) from inside `work` returns kInternal.
  Status Transact(const std::function<Status(core::Repositories&)>& work) override;
  Status Ping() override { return Status::Ok(); }

 private:
  // Runs `fn` with the mutex held; kInternal when called from inside this store's Transact.
  template <class Fn>
  auto Locked(Fn&& fn) -> decltype(fn());

  std::mutex mu_;
  MemoryState state_;                                  // guarded by mu_
  MemoryUserRepository users_;                         // guarded by mu_ (views state_)
  MemorySessionRepository sessions_;                   // guarded by mu_ (views state_)
  MemoryMfaRepository mfa_;                            // guarded by mu_ (views state_)
  MemorySecurityEventRepository events_;               // guarded by mu_ (views state_)
  std::atomic<std::thread::id> transacting_thread_{};  // the thread inside Transact, if any

  class LockedUsers final : public core::UserRepository {
   public:
    explicit LockedUsers(MemoryStore& store) : store_(store) {}
    Status Create(const core::User& user) override;
    Result<core::User> FindById(std::string_view id) override;
    Result<core::User> FindByEmail(std::string_view normalized_email) override;
    Result<core::User> FindByUsername(std::string_view normalized_username) override;
    Status UpdateProfile(const core::User& user) override;
    Status UpdatePassword(std::string_view user_id, std::string_view password_hash,
                          int64_t now) override;
    Result<int64_t> Count() override;

   private:
    MemoryStore& store_;
  };

  class LockedSessions final : public core::SessionRepository {
   public:
    explicit LockedSessions(MemoryStore& store) : store_(store) {}
    Status Create(const core::Session& session, const core::RefreshToken& first_token) override;
    Result<core::Session> FindSession(std::string_view session_id) override;
    Result<core::RefreshToken> FindToken(std::string_view token_hash) override;
    Result<bool> Rotate(std::string_view old_hash, const core::RefreshToken& next,
                        int64_t now) override;
    Status Revoke(std::string_view session_id, int64_t now) override;
    Result<std::vector<std::string>> RevokeAllForUser(std::string_view user_id,
                                                      std::string_view keep_session_id,
                                                      int64_t now) override;
    Result<std::vector<core::Session>> ListActive(std::string_view user_id, int64_t now) override;
    Result<std::vector<core::RevokedSession>> ListRevokedSince(int64_t since) override;
    Status SetStepUp(std::string_view session_id, int64_t at) override;

   private:
    MemoryStore& store_;
  };

  class LockedMfa final : public core::MfaRepository {
   public:
    explicit LockedMfa(MemoryStore& store) : store_(store) {}
    Result<core::MfaState> Find(std::string_view user_id) override;
    Status SavePending(std::string_view user_id, std::string_view pending_sealed,
                       int64_t now) override;
    Result<bool> Enable(std::string_view user_id, std::string_view secret_sealed, int64_t step,
                        int64_t now) override;
    Status Disable(std::string_view user_id) override;
    Result<bool> ClaimStep(std::string_view user_id, int64_t step) override;
    Result<core::MfaThrottle> RecordFailure(std::string_view user_id, int64_t now,
                                            int64_t lock_after, int64_t lock_seconds) override;
    Status ResetThrottle(std::string_view user_id) override;
    Status ReplaceRecoveryCodes(std::string_view user_id, const std::vector<std::string>& hashes,
                                int64_t now) override;
    Result<bool> UseRecoveryCode(std::string_view user_id, std::string_view hash,
                                 int64_t now) override;
    Result<int64_t> CountUnusedRecoveryCodes(std::string_view user_id) override;
    Status CreateTicket(const core::MfaTicket& ticket) override;
    Result<core::MfaTicket> FindTicket(std::string_view hash) override;
    Result<std::string> ReserveTicketAttempt(std::string_view hash, int64_t now,
                                             int64_t max_attempts) override;
    Result<bool> UseTicket(std::string_view hash, int64_t now) override;
    Status PurgeTickets(int64_t before) override;

   private:
    MemoryStore& store_;
  };

  class LockedEvents final : public core::SecurityEventRepository {
   public:
    explicit LockedEvents(MemoryStore& store) : store_(store) {}
    Status Append(const core::SecurityEvent& event) override;
    Result<std::vector<core::SecurityEvent>> ListForUser(std::string_view user_id,
                                                         int64_t limit) override;

   private:
    MemoryStore& store_;
  };

  LockedUsers locked_users_{*this};
  LockedSessions locked_sessions_{*this};
  LockedMfa locked_mfa_{*this};
  LockedEvents locked_events_{*this};
};

}  // namespace portcullis::store::memory
