// PostgresStore: wiring of pool and executor; Read and Write as transactions on a pooled
// connection, WriteAsync as a Write on the `postgres` executor. Thread-safe; see postgres_store.h.
#include "store/postgres/postgres_store.h"

#include <algorithm>
#include <random>
#include <thread>
#include <utility>

#include "common/status_macros.h"
#include "store/postgres/company_repository.h"
#include "store/postgres/credential_repository.h"
#include "store/postgres/identity_repository.h"
#include "store/postgres/invite_repository.h"
#include "store/postgres/mfa_repository.h"
#include "store/postgres/migrations.h"
#include "store/postgres/outbox_repository.h"
#include "store/postgres/permission_repository.h"
#include "store/postgres/service_client_repository.h"
#include "store/postgres/session_repository.h"
#include "store/postgres/sql.h"
#include "store/postgres/ticket_repository.h"
#include "store/postgres/user_repository.h"

namespace portcullis::store::postgres {
namespace {

constexpr std::string_view kExecutorName = "postgres";

Error ReentrantCall() {
  return MakeError(ErrorCode::kInternal, "store called from inside its own Read or Write");
}

// The store whose Read or Write this thread is running, if any.
thread_local const PostgresStore* t_inside_store = nullptr;

// Marks this thread as running a unit of work of `store` for the scope's lifetime.
class InsideScope {
 public:
  explicit InsideScope(const PostgresStore* store) { t_inside_store = store; }
  ~InsideScope() { t_inside_store = nullptr; }
  InsideScope(const InsideScope&) = delete;
  InsideScope& operator=(const InsideScope&) = delete;
};

// The repositories handed to a unit of work, bound to its connection.
class TxRepositories final : public core::Repositories {
 public:
  explicit TxRepositories(Connection& conn)
      : users_(conn),
        sessions_(conn),
        mfa_(conn),
        events_(conn),
        tickets_(conn),
        outbox_(conn),
        companies_(conn),
        invites_(conn),
        credentials_(conn),
        permissions_(conn),
        service_clients_(conn),
        identities_(conn) {}
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
  PostgresUserRepository users_;
  PostgresSessionRepository sessions_;
  PostgresMfaRepository mfa_;
  PostgresSecurityEventRepository events_;
  PostgresTicketRepository tickets_;
  PostgresOutboxRepository outbox_;
  PostgresCompanyRepository companies_;
  PostgresInviteRepository invites_;
  PostgresCredentialRepository credentials_;
  PostgresPermissionRepository permissions_;
  PostgresServiceClientRepository service_clients_;
  PostgresIdentityRepository identities_;
};

// Runs `work` over repositories bound to `conn`, with this thread marked as inside `store`.
Status RunWork(const PostgresStore* store, Connection& conn,
               const std::function<Status(core::Repositories&)>& work) {
  InsideScope inside(store);
  try {
    TxRepositories repos(conn);
    return work(repos);
  } catch (...) {
    return MakeError(ErrorCode::kInternal, "exception in a database unit of work");
  }
}

// A pooled connection whose transaction `begin` opens with its first statement (one round trip
// fewer per unit of work; the pool has already checked that the connection is still open).
Result<ConnectionPool::Lease> BeginLazily(ConnectionPool& pool, std::string_view begin) {
  ASSIGN_OR_RETURN(auto lease, pool.Acquire());
  lease->ClearRetryable();
  lease->BeginWithNextStatement(begin);
  return lease;
}

// A pooled connection on which `sql` succeeded. An idle connection may have died since it was
// last used (the server restarted): then the pool drops it and the idle ones, and one fresh
// connection is tried before giving up.
Result<ConnectionPool::Lease> RunFirst(ConnectionPool& pool, std::string_view sql) {
  for (int attempt = 0;; ++attempt) {
    ASSIGN_OR_RETURN(auto lease, pool.Acquire());
    lease->ClearRetryable();
    Status ran = lease->Exec(sql);
    if (ran.ok()) return lease;
    if (lease->usable() || attempt > 0) return ran.error();
  }
}

// A short, jittered pause before retrying a Write that lost a serialization race or a deadlock.
void BackOff(int attempt) {
  thread_local std::minstd_rand jitter(std::random_device{}());
  const int max_us = 2000 * attempt;
  std::this_thread::sleep_for(std::chrono::microseconds(500 + static_cast<int>(jitter() % max_us)));
}

}  // namespace

std::size_t EffectivePoolSize(const Options& options) {
  if (options.pool_size > 0) return options.pool_size;
  return std::max<std::size_t>(4, 2 * std::thread::hardware_concurrency());
}

Result<std::unique_ptr<PostgresStore>> Open(const std::string& url, const Options& given) {
  Options options = given;
  options.pool_size = EffectivePoolSize(given);
  const ConnectOptions connect{options.connect_timeout, options.statement_timeout};
  RETURN_IF_ERROR(Migrate(url, connect));
  auto pool = std::make_unique<ConnectionPool>(
      [url, connect] { return Connection::Open(url, connect); }, options.pool_size,
      std::chrono::duration_cast<std::chrono::milliseconds>(options.statement_timeout +
                                                            options.connect_timeout));
  {
    auto first = pool->Acquire();  // fail now rather than on the first request
    if (!first) return first.error();
  }
  return std::unique_ptr<PostgresStore>(new PostgresStore(options, std::move(pool)));
}

PostgresStore::PostgresStore(const Options& options, std::unique_ptr<ConnectionPool> pool)
    : options_(options),
      pool_(std::move(pool)),
      executor_(std::make_unique<ThreadPoolExecutor>(ThreadPoolOptions{
          std::string(kExecutorName), options.pool_size, options.max_queued_writes})) {}

PostgresStore::~PostgresStore() {
  executor_->Shutdown(ThreadPoolExecutor::Drain::kRunQueued);  // every accepted write commits
}

bool PostgresStore::InsideUnitOfWork() const { return t_inside_store == this; }

Status PostgresStore::Read(const std::function<Status(core::Repositories&)>& work) {
  if (InsideUnitOfWork()) return ReentrantCall();
  ASSIGN_OR_RETURN(auto lease, BeginLazily(*pool_, sql::kBeginRead));
  Status status = RunWork(this, *lease, work);
  // Nothing was written: ending the snapshot is all that is left to do.
  Status ended = lease->Rollback();
  if (!status) return status;
  return ended;
}

Status PostgresStore::WriteOnce(Connection& conn,
                                const std::function<Status(core::Repositories&)>& work) {
  Status status = RunWork(this, conn, work);
  if (status.ok()) return conn.Commit();
  // Rolls back everything; on a broken connection the server has rolled back already.
  if (conn.usable()) static_cast<void>(conn.Rollback());
  return status;
}

Status PostgresStore::Write(const std::function<Status(core::Repositories&)>& work) {
  if (InsideUnitOfWork()) return ReentrantCall();
  for (int attempt = 1;; ++attempt) {
    ASSIGN_OR_RETURN(auto lease, BeginLazily(*pool_, sql::kBeginWrite));
    Status status = WriteOnce(*lease, work);
    // Only a lost serialization race or a deadlock is retried: the transaction rolled back
    // whole, so running `work` again is safe. A broken COMMIT is not (it may have committed).
    if (status.ok() || !lease->retry_wanted() || !lease->usable() ||
        attempt >= options_.max_write_attempts) {
      return status;
    }
    BackOff(attempt);
  }
}

void PostgresStore::WriteAsync(Work work, WriteDone done) {
  if (InsideUnitOfWork()) {
    done(ReentrantCall());
    return;
  }
  // Shared so that a refused task's `done` can still be called here.
  struct Job {
    Work work;
    WriteDone done;
  };
  auto job = std::make_shared<Job>(Job{std::move(work), std::move(done)});
  Executor::Task task = [this, job] { job->done(Write(job->work)); };
  if (!executor_->TryPost(task)) job->done(OverloadedError(kExecutorName));
}

Status PostgresStore::Ping() {
  if (InsideUnitOfWork()) return ReentrantCall();
  ASSIGN_OR_RETURN(auto lease, RunFirst(*pool_, sql::kPing));
  return Status::Ok();
}

}  // namespace portcullis::store::postgres
