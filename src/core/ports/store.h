// Store: the unit of work. A service reads in one consistent snapshot (Read) or writes in one
// durable commit (Write) through the repositories bound to that transaction. Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "common/status.h"
#include "common/status_macros.h"
#include "common/unique_function.h"
#include "core/ports/company_repository.h"
#include "core/ports/credential_repository.h"
#include "core/ports/identity_repository.h"
#include "core/ports/invite_repository.h"
#include "core/ports/mfa_repository.h"
#include "core/ports/outbox_repository.h"
#include "core/ports/permission_repository.h"
#include "core/ports/security_event_repository.h"
#include "core/ports/service_client_repository.h"
#include "core/ports/session_repository.h"
#include "core/ports/ticket_repository.h"
#include "core/ports/user_repository.h"

namespace portcullis::core {

// The repositories bound to one transaction. Valid only inside the Read or Write that hands them
// out, and only on the thread that runs it.
class Repositories {
 public:
  virtual ~Repositories() = default;
  virtual UserRepository& users() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual MfaRepository& mfa() = 0;
  virtual SecurityEventRepository& security_events() = 0;
  virtual TicketRepository& tickets() = 0;
  virtual OutboxRepository& outbox() = 0;
  virtual CompanyRepository& companies() = 0;
  virtual InviteRepository& invites() = 0;
  virtual CredentialRepository& credentials() = 0;
  virtual PermissionRepository& permissions() = 0;
  virtual ServiceClientRepository& service_clients() = 0;
  virtual IdentityRepository& identities() = 0;
};

// What a unit of work decided when a refusal must be committed too (a wrong code is counted, a
// reused token revokes its session): a value or the refusal for the caller. Only the outer
// Result of WriteDecision's work, the store's own error, rolls back.
template <class T>
using Decision = Result<T>;

class Store {
 public:
  using Work = std::function<Status(Repositories&)>;
  // The completion of an asynchronous write: what Write would have returned.
  using WriteDone = UniqueFunction<void(Status)>;

  virtual ~Store() = default;

  // Runs `work` on one consistent snapshot: every read inside sees the same committed state.
  // Writes inside a Read fail. Returns what `work` returned, or the store's error.
  virtual Status Read(const std::function<Status(Repositories&)>& work) = 0;
  // Runs `work` in one transaction that commits durably when it returns ok and rolls back
  // entirely otherwise; its reads see its own writes. Keep it short (no password hashing, no
  // I/O): on SQLite it runs on the writer thread inside a group commit.
  //
  // Calling the same store from inside a Read or Write (any combination) returns kInternal at
  // once instead of deadlocking; use the repositories handed to `work`.
  virtual Status Write(const std::function<Status(Repositories&)>& work) = 0;
  // Write without waiting: `done` runs exactly once with what Write would have returned, after
  // the commit is durable (or the transaction failed) — on SQLite on the writer thread after the
  // group commit, on memory inline on the caller's thread — or at once on the caller's thread
  // when the write is refused (kOverloaded: the write queue is full; kInternal: called from
  // inside this store's Read or Write). `done` must be quick and must not wait (it typically
  // posts its continuation, e.g. an http::Reply); it may start another WriteAsync.
  virtual void WriteAsync(Work work, WriteDone done) = 0;
  // ok when the database answers.
  virtual Status Ping() = 0;
  // True when a Read may wait on the network or on a pool that can run dry (a remote database):
  // then a read-only route must not run on an I/O thread. False for a local read of a few µs.
  virtual bool ReadsMayBlock() const = 0;

  // Read for work that returns a Result<T>: the value, or the first error.
  template <class Fn>
  auto ReadValue(Fn&& work) -> std::invoke_result_t<Fn&, Repositories&>;
  // Write for work that returns a Result<T>: the value once committed, or the first error.
  template <class Fn>
  auto WriteValue(Fn&& work) -> std::invoke_result_t<Fn&, Repositories&>;
  // Write for work that returns Result<Decision<T>>: commits unless the outer Result is an error,
  // then returns the Decision (a value or a committed refusal).
  template <class Fn>
  auto WriteDecision(Fn&& work) -> typename std::invoke_result_t<Fn&, Repositories&>::value_type;

  // WriteAsync for work that returns a Result<T>: `done` gets the value once committed, or the
  // first error. `work` is copied into the job (capture move-only state by shared_ptr).
  template <class T, class Fn>
  void WriteValueAsync(Fn work, UniqueFunction<void(Result<T>)> done);
  // WriteAsync for work that returns Result<Decision<T>>: commits unless the outer Result is an
  // error; `done` gets the Decision (a value or a committed refusal) or the store's error.
  template <class T, class Fn>
  void WriteDecisionAsync(Fn work, UniqueFunction<void(Result<T>)> done);
};

template <class Fn>
auto Store::ReadValue(Fn&& work) -> std::invoke_result_t<Fn&, Repositories&> {
  std::optional<typename std::invoke_result_t<Fn&, Repositories&>::value_type> value;
  RETURN_IF_ERROR(Read([&](Repositories& repos) -> Status {
    ASSIGN_OR_RETURN(value, work(repos));
    return Status::Ok();
  }));
  return std::move(*value);
}

template <class Fn>
auto Store::WriteValue(Fn&& work) -> std::invoke_result_t<Fn&, Repositories&> {
  // Filled on the thread that runs the work; read after Write returned, which orders the two.
  std::optional<typename std::invoke_result_t<Fn&, Repositories&>::value_type> value;
  RETURN_IF_ERROR(Write([&](Repositories& repos) -> Status {
    ASSIGN_OR_RETURN(value, work(repos));
    return Status::Ok();
  }));
  return std::move(*value);
}

template <class Fn>
auto Store::WriteDecision(Fn&& work) ->
    typename std::invoke_result_t<Fn&, Repositories&>::value_type {
  ASSIGN_OR_RETURN(auto decision, WriteValue(std::forward<Fn>(work)));
  return decision;
}

template <class T, class Fn>
void Store::WriteValueAsync(Fn work, UniqueFunction<void(Result<T>)> done) {
  // Filled by the work and read by `done`: on SQLite both run on the writer thread, on memory
  // both on the caller's, one after the other.
  auto value = std::make_shared<std::optional<T>>();
  WriteAsync(
      [value, work = std::move(work)](Repositories& repos) -> Status {
        ASSIGN_OR_RETURN(*value, work(repos));
        return Status::Ok();
      },
      [value, done = std::move(done)](Status status) mutable {
        if (!status) {
          done(status.error());
        } else {
          done(std::move(**value));
        }
      });
}

template <class T, class Fn>
void Store::WriteDecisionAsync(Fn work, UniqueFunction<void(Result<T>)> done) {
  WriteValueAsync<Decision<T>>(std::move(work),
                               [done = std::move(done)](Result<Decision<T>> decided) mutable {
                                 if (!decided) {
                                   done(decided.error());
                                 } else {
                                   done(std::move(decided).value());
                                 }
                               });
}

}  // namespace portcullis::core
