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
  TxRepositories(core::UserRepository& users, core::SessionRepository& sessions)
      : users_(users), sessions_(sessions) {}
  core::UserRepository& users() override { return users_; }
  core::SessionRepository& sessions() override { return sessions_; }

 private:
  core::UserRepository& users_;
  core::SessionRepository& sessions_;
};

}  // namespace

MemoryStore::MemoryStore() : users_(state_), sessions_(state_) {}

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
  TxRepositories repos(users_, sessions_);
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

}  // namespace portcullis::store::memory
