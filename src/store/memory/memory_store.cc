// MemoryStore: Read and Write as one lock and an undo log over the unlocked memory repositories.
// Thread-safe: every entry point takes mu_.
#include "store/memory/memory_store.h"

#include <utility>

namespace portcullis::store::memory {
namespace {

Error ReentrantCall() {
  return MakeError(ErrorCode::kInternal, "store called from inside its own Read or Write");
}

// The repositories a unit of work may use.
struct RepositorySet {
  core::UserRepository& users;
  core::SessionRepository& sessions;
  core::MfaRepository& mfa;
  core::SecurityEventRepository& events;
  core::TicketRepository& tickets;
  core::OutboxRepository& outbox;
  core::CompanyRepository& companies;
  core::InviteRepository& invites;
  core::CredentialRepository& credentials;
  core::PermissionRepository& permissions;
  core::ServiceClientRepository& service_clients;
  core::IdentityRepository& identities;
};

// The repositories handed to a unit of work: the unlocked ones (the lock is already held).
class TxRepositories final : public core::Repositories {
 public:
  explicit TxRepositories(const RepositorySet& set)
      : users_(set.users),
        sessions_(set.sessions),
        mfa_(set.mfa),
        events_(set.events),
        tickets_(set.tickets),
        outbox_(set.outbox),
        companies_(set.companies),
        invites_(set.invites),
        credentials_(set.credentials),
        permissions_(set.permissions),
        service_clients_(set.service_clients),
        identities_(set.identities) {}
  core::UserRepository& users() override { return users_; }
  core::SessionRepository& sessions() override { return sessions_; }
  core::MfaRepository& mfa() override { return mfa_; }
  core::SecurityEventRepository& security_events() override { return events_; }
  core::TicketRepository& tickets() override { return tickets_; }
  core::OutboxRepository& outbox() override { return outbox_; }
  core::CompanyRepository& companies() override { return companies_; }
  core::InviteRepository& invites() override { return invites_; }
  core::CredentialRepository& credentials() override { return credentials_; }
  core::PermissionRepository& permissions() override { return permissions_; }
  core::ServiceClientRepository& service_clients() override { return service_clients_; }
  core::IdentityRepository& identities() override { return identities_; }

 private:
  core::UserRepository& users_;
  core::SessionRepository& sessions_;
  core::MfaRepository& mfa_;
  core::SecurityEventRepository& events_;
  core::TicketRepository& tickets_;
  core::OutboxRepository& outbox_;
  core::CompanyRepository& companies_;
  core::InviteRepository& invites_;
  core::CredentialRepository& credentials_;
  core::PermissionRepository& permissions_;
  core::ServiceClientRepository& service_clients_;
  core::IdentityRepository& identities_;
};

}  // namespace

MemoryStore::MemoryStore()
    : users_(state_),
      sessions_(state_),
      mfa_(state_),
      events_(state_),
      tickets_(state_),
      outbox_(state_),
      companies_(state_),
      invites_(state_),
      credentials_(state_),
      permissions_(state_),
      service_clients_(state_),
      identities_(state_) {}

Status MemoryStore::Read(const std::function<Status(core::Repositories&)>& work) {
  return Run(work, /*read_only=*/true);
}

Status MemoryStore::Write(const std::function<Status(core::Repositories&)>& work) {
  return Run(work, /*read_only=*/false);
}

void MemoryStore::WriteAsync(Work work, WriteDone done) {
  Status status = Run(work, /*read_only=*/false);
  done(std::move(status));
}

Status MemoryStore::Ping() {
  if (working_thread_.load() == std::this_thread::get_id()) return ReentrantCall();
  MutexLock lock(mu_);
  if (injected_failure_) return *injected_failure_;
  return Status::Ok();
}

void MemoryStore::FailWith(std::optional<Error> error) {
  MutexLock lock(mu_);
  injected_failure_ = std::move(error);
}

Status MemoryStore::Run(const std::function<Status(core::Repositories&)>& work, bool read_only) {
  if (working_thread_.load() == std::this_thread::get_id()) return ReentrantCall();
  MutexLock lock(mu_);
  if (injected_failure_) return *injected_failure_;
  working_thread_ = std::this_thread::get_id();
  state_.BeginTransaction();
  TxRepositories repos(RepositorySet{users_, sessions_, mfa_, events_, tickets_, outbox_,
                                     companies_, invites_, credentials_, permissions_,
                                     service_clients_, identities_});
  Status status;
  try {
    status = work(repos);
  } catch (...) {
    state_.Rollback();
    working_thread_ = std::thread::id();
    throw;
  }
  if (read_only && state_.HasChanges()) {
    state_.Rollback();
    status = MakeError(ErrorCode::kInternal, "a write inside a Read");
  } else if (status.ok()) {
    state_.Commit();
    if (!read_only) ++commits_;
  } else {
    state_.Rollback();
  }
  working_thread_ = std::thread::id();
  return status;
}

}  // namespace portcullis::store::memory
