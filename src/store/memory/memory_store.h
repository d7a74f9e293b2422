// MemoryStore: core::Store in memory with the SQL backends' semantics; used by core unit tests.
// Thread-safe: one mutex serialises every Read and Write, so each sees a consistent state.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <thread>

#include "common/mutex.h"
#include "common/thread_annotations.h"
#include "core/ports/store.h"
#include "store/memory/memory_company_repository.h"
#include "store/memory/memory_credential_repository.h"
#include "store/memory/memory_identity_repository.h"
#include "store/memory/memory_invite_repository.h"
#include "store/memory/memory_mfa_repository.h"
#include "store/memory/memory_outbox_repository.h"
#include "store/memory/memory_permission_repository.h"
#include "store/memory/memory_service_client_repository.h"
#include "store/memory/memory_session_repository.h"
#include "store/memory/memory_state.h"
#include "store/memory/memory_ticket_repository.h"
#include "store/memory/memory_user_repository.h"

namespace portcullis::store::memory {

class MemoryStore final : public core::Store {
 public:
  MemoryStore();
  MemoryStore(const MemoryStore&) = delete;
  MemoryStore& operator=(const MemoryStore&) = delete;

  // Runs `work` under the lock; a write inside it is undone and the Read fails with kInternal.
  Status Read(const std::function<Status(core::Repositories&)>& work) override;
  // All-or-nothing: `work` runs under the lock with an undo log that is replayed when it fails.
  Status Write(const std::function<Status(core::Repositories&)>& work) override;
  // Write, inline on the caller's thread; `done` runs after the lock is released.
  void WriteAsync(Work work, WriteDone done) override;
  Status Ping() override;
  bool ReadsMayBlock() const override { return false; }

  // For tests: while set, every Read, Write and Ping fails with `error` and touches nothing (a
  // database that stopped answering).
  void FailWith(std::optional<Error> error);
  // Writes committed so far (a unit of work that changed nothing counts too).
  uint64_t commits() const { return commits_.load(); }

 private:
  Status Run(const std::function<Status(core::Repositories&)>& work, bool read_only);

  Mutex mu_;
  MemoryState state_ GUARDED_BY(mu_);
  MemoryUserRepository users_ GUARDED_BY(mu_);        // views state_
  MemorySessionRepository sessions_ GUARDED_BY(mu_);  // views state_
  MemoryMfaRepository mfa_ GUARDED_BY(mu_);           // views state_
  MemorySecurityEventRepository events_ GUARDED_BY(mu_);
  MemoryTicketRepository tickets_ GUARDED_BY(mu_);
  MemoryOutboxRepository outbox_ GUARDED_BY(mu_);
  MemoryCompanyRepository companies_ GUARDED_BY(mu_);
  MemoryInviteRepository invites_ GUARDED_BY(mu_);
  MemoryCredentialRepository credentials_ GUARDED_BY(mu_);
  MemoryPermissionRepository permissions_ GUARDED_BY(mu_);
  MemoryServiceClientRepository service_clients_ GUARDED_BY(mu_);
  MemoryIdentityRepository identities_ GUARDED_BY(mu_);
  std::optional<Error> injected_failure_ GUARDED_BY(mu_);
  std::atomic<std::thread::id> working_thread_{};
  std::atomic<uint64_t> commits_{0};  // the thread inside Read or Write, if any
};

}  // namespace portcullis::store::memory
