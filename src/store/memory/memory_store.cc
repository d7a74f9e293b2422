// MemoryStore: locking facades over the unlocked memory repositories, and undo-log transactions.
// Thread-safe: every entry point takes mu_.
#include "store/memory/memory_store.h"

namespace portcullis::store::memory {
namespace {

Error ReentrantCall() {
  return MakeError(ErrorCode::kInternal, "store called from inside its own Transact");
}

// The repositories handed to a Transact's work: the unlocked ones (the lock is already held).
class TxRepositories final : public core::Repositories {
 public:
  TxRepositories(core::UserRepository& users, core::SessionRepository& sessions,
                 core::MfaRepository& mfa, core::SecurityEventRepository& events)
      : users_(users), sessions_(sessions), mfa_(mfa), events_(events) {}
  core::UserRepository& users() override { return users_; }
  core::SessionRepository& sessions() override { return sessions_; }
  core::MfaRepository& mfa() override { return mfa_; }
  core::SecurityEventRepository& security_events() override { return events_; }

 private:
  core::UserRepository& users_;
  core::SessionRepository& sessions_;
  core::MfaRepository& mfa_;
  core::SecurityEventRepository& events_;
};

}  // namespace

MemoryStore::MemoryStore() : users_(state_), sessions_(state_), mfa_(state_), events_(state_) {}

template <class Fn>
auto MemoryStore::Locked(Fn&& fn) -> decltype(fn()) {
  if (transacting_thread_.load() == std::this_thread::get_id()) return ReentrantCall();
  std::lock_guard lock(mu_);
  return fn();
}

Status MemoryStore::Transact(const std::function<Status(core::Repositories&)>& work) {
  if (transacting_thread_.load() == std::this_thread::get_id()) return ReentrantCall();
  std::lock_guard lock(mu_);
  transacting_thread_ = std::this_thread::get_id();
  state_.BeginTransaction();
  TxRepositories repos(users_, sessions_, mfa_, events_);
  Status status;
  try {
    status = work(repos);
  } catch (...) {
    state_.Rollback();
    transacting_thread_ = std::thread::id();
    throw;
  }
  if (status.ok()) {
    state_.Commit();
  } else {
    state_.Rollback();
  }
  transacting_thread_ = std::thread::id();
  return status;
}

// --- users ---

Status MemoryStore::LockedUsers::Create(const core::User& user) {
  return store_.Locked([&] { return store_.users_.Create(user); });
}
Result<core::User> MemoryStore::LockedUsers::FindById(std::string_view id) {
  return store_.Locked([&] { return store_.users_.FindById(id); });
}
Result<core::User> MemoryStore::LockedUsers::FindByEmail(std::string_view normalized_email) {
  return store_.Locked([&] { return store_.users_.FindByEmail(normalized_email); });
}
Result<core::User> MemoryStore::LockedUsers::FindByUsername(std::string_view normalized_username) {
  return store_.Locked([&] { return store_.users_.FindByUsername(normalized_username); });
}
Status MemoryStore::LockedUsers::UpdateProfile(const core::User& user) {
  return store_.Locked([&] { return store_.users_.UpdateProfile(user); });
}
Status MemoryStore::LockedUsers::UpdatePassword(std::string_view user_id,
                                                std::string_view password_hash, int64_t now) {
  return store_.Locked([&] { return store_.users_.UpdatePassword(user_id, password_hash, now); });
}
Result<int64_t> MemoryStore::LockedUsers::Count() {
  return store_.Locked([&] { return store_.users_.Count(); });
}

// --- sessions ---

Status MemoryStore::LockedSessions::Create(const core::Session& session,
                                           const core::RefreshToken& first_token) {
  return store_.Locked([&] { return store_.sessions_.Create(session, first_token); });
}
Result<core::Session> MemoryStore::LockedSessions::FindSession(std::string_view session_id) {
  return store_.Locked([&] { return store_.sessions_.FindSession(session_id); });
}
Result<core::RefreshToken> MemoryStore::LockedSessions::FindToken(std::string_view token_hash) {
  return store_.Locked([&] { return store_.sessions_.FindToken(token_hash); });
}
Result<bool> MemoryStore::LockedSessions::Rotate(std::string_view old_hash,
                                                 const core::RefreshToken& next, int64_t now) {
  return store_.Locked([&] { return store_.sessions_.Rotate(old_hash, next, now); });
}
Status MemoryStore::LockedSessions::Revoke(std::string_view session_id, int64_t now) {
  return store_.Locked([&] { return store_.sessions_.Revoke(session_id, now); });
}
Result<std::vector<std::string>> MemoryStore::LockedSessions::RevokeAllForUser(
    std::string_view user_id, std::string_view keep_session_id, int64_t now) {
  return store_.Locked(
      [&] { return store_.sessions_.RevokeAllForUser(user_id, keep_session_id, now); });
}
Result<std::vector<core::Session>> MemoryStore::LockedSessions::ListActive(std::string_view user_id,
                                                                           int64_t now) {
  return store_.Locked([&] { return store_.sessions_.ListActive(user_id, now); });
}
Result<std::vector<core::RevokedSession>> MemoryStore::LockedSessions::ListRevokedSince(
    int64_t since) {
  return store_.Locked([&] { return store_.sessions_.ListRevokedSince(since); });
}

Status MemoryStore::LockedSessions::SetStepUp(std::string_view session_id, int64_t at) {
  return store_.Locked([&] { return store_.sessions_.SetStepUp(session_id, at); });
}

// --- mfa ---

Result<core::MfaState> MemoryStore::LockedMfa::Find(std::string_view user_id) {
  return store_.Locked([&] { return store_.mfa_.Find(user_id); });
}
Status MemoryStore::LockedMfa::SavePending(std::string_view user_id,
                                           std::string_view pending_sealed, int64_t now) {
  return store_.Locked([&] { return store_.mfa_.SavePending(user_id, pending_sealed, now); });
}
Result<bool> MemoryStore::LockedMfa::Enable(std::string_view user_id,
                                            std::string_view secret_sealed, int64_t step,
                                            int64_t now) {
  return store_.Locked([&] { return store_.mfa_.Enable(user_id, secret_sealed, step, now); });
}
Status MemoryStore::LockedMfa::Disable(std::string_view user_id) {
  return store_.Locked([&] { return store_.mfa_.Disable(user_id); });
}
Result<bool> MemoryStore::LockedMfa::ClaimStep(std::string_view user_id, int64_t step) {
  return store_.Locked([&] { return store_.mfa_.ClaimStep(user_id, step); });
}
Result<core::MfaThrottle> MemoryStore::LockedMfa::RecordFailure(std::string_view user_id,
                                                                int64_t now, int64_t lock_after,
                                                                int64_t lock_seconds) {
  return store_.Locked(
      [&] { return store_.mfa_.RecordFailure(user_id, now, lock_after, lock_seconds); });
}
Status MemoryStore::LockedMfa::ResetThrottle(std::string_view user_id) {
  return store_.Locked([&] { return store_.mfa_.ResetThrottle(user_id); });
}
Status MemoryStore::LockedMfa::ReplaceRecoveryCodes(std::string_view user_id,
                                                    const std::vector<std::string>& hashes,
                                                    int64_t now) {
  return store_.Locked([&] { return store_.mfa_.ReplaceRecoveryCodes(user_id, hashes, now); });
}
Result<bool> MemoryStore::LockedMfa::UseRecoveryCode(std::string_view user_id,
                                                     std::string_view hash, int64_t now) {
  return store_.Locked([&] { return store_.mfa_.UseRecoveryCode(user_id, hash, now); });
}
Result<int64_t> MemoryStore::LockedMfa::CountUnusedRecoveryCodes(std::string_view user_id) {
  return store_.Locked([&] { return store_.mfa_.CountUnusedRecoveryCodes(user_id); });
}
Status MemoryStore::LockedMfa::CreateTicket(const core::MfaTicket& ticket) {
  return store_.Locked([&] { return store_.mfa_.CreateTicket(ticket); });
}
Result<core::MfaTicket> MemoryStore::LockedMfa::FindTicket(std::string_view hash) {
  return store_.Locked([&] { return store_.mfa_.FindTicket(hash); });
}
Result<std::string> MemoryStore::LockedMfa::ReserveTicketAttempt(std::string_view hash, int64_t now,
                                                                 int64_t max_attempts) {
  return store_.Locked([&] { return store_.mfa_.ReserveTicketAttempt(hash, now, max_attempts); });
}
Result<bool> MemoryStore::LockedMfa::UseTicket(std::string_view hash, int64_t now) {
  return store_.Locked([&] { return store_.mfa_.UseTicket(hash, now); });
}
Status MemoryStore::LockedMfa::PurgeTickets(int64_t before) {
  return store_.Locked([&] { return store_.mfa_.PurgeTickets(before); });
}

// --- security events ---

Status MemoryStore::LockedEvents::Append(const core::SecurityEvent& event) {
  return store_.Locked([&] { return store_.events_.Append(event); });
}
Result<std::vector<core::SecurityEvent>> MemoryStore::LockedEvents::ListForUser(
    std::string_view user_id, int64_t limit) {
  return store_.Locked([&] { return store_.events_.ListForUser(user_id, limit); });
}

}  // namespace portcullis::store::memory
