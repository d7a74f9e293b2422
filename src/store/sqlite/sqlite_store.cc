// SqliteStore: wiring of writer, reader pool and checkpointer; a Read runs on a pooled connection
// inside one snapshot, a Write as one job of the writer. Thread-safe; see sqlite_store.h.
#include "store/sqlite/sqlite_store.h"

#include <utility>

#include "common/status_macros.h"
#include "store/sqlite/company_repository.h"
#include "store/sqlite/credential_repository.h"
#include "store/sqlite/identity_repository.h"
#include "store/sqlite/invite_repository.h"
#include "store/sqlite/mfa_repository.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/outbox_repository.h"
#include "store/sqlite/permission_repository.h"
#include "store/sqlite/service_client_repository.h"
#include "store/sqlite/session_repository.h"
#include "store/sqlite/sql.h"
#include "store/sqlite/ticket_repository.h"
#include "store/sqlite/user_repository.h"

namespace portcullis::store::sqlite {
namespace {

Error ReentrantCall() {
  return MakeError(ErrorCode::kInternal, "store called from inside its own Read or Write");
}

// The store whose Read this thread is running, if any.
thread_local const SqliteStore* t_reading_store = nullptr;
// The store whose write job this (writer) thread is running, if any.
thread_local const SqliteStore* t_writing_store = nullptr;

// Marks this thread as running a write job of `store` for the scope's lifetime.
class WritingScope {
 public:
  explicit WritingScope(const SqliteStore* store) { t_writing_store = store; }
  ~WritingScope() { t_writing_store = nullptr; }
  WritingScope(const WritingScope&) = delete;
  WritingScope& operator=(const WritingScope&) = delete;
};

// The repositories handed to a unit of work: bound to the writer's or a reader's connection.
class TxRepositories final : public core::Repositories {
 public:
  explicit TxRepositories(Connection& conn, UserCacheRead* user_cache = nullptr)
      : users_(conn, user_cache),
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
  SqliteUserRepository users_;
  SqliteSessionRepository sessions_;
  SqliteMfaRepository mfa_;
  SqliteSecurityEventRepository events_;
  SqliteTicketRepository tickets_;
  SqliteOutboxRepository outbox_;
  SqliteCompanyRepository companies_;
  SqliteInviteRepository invites_;
  SqliteCredentialRepository credentials_;
  SqlitePermissionRepository permissions_;
  SqliteServiceClientRepository service_clients_;
  SqliteIdentityRepository identities_;
};

Status Pragmas(Connection& conn, const std::string& pragmas) { return conn.Exec(pragmas); }

}  // namespace

Result<std::unique_ptr<SqliteStore>> Open(const std::string& path, const Options& options) {
  // The writer connection: migrates first, then takes its runtime settings.
  auto writer_conn = Connection::Open(path, options.busy_timeout);
  if (!writer_conn) return writer_conn.error();
  auto mode = (*writer_conn)->PragmaText("PRAGMA journal_mode = WAL");
  if (!mode) return mode.error();
  if (*mode != "wal") return MakeError(ErrorCode::kUnavailable, "sqlite: WAL mode unavailable");
  if (Status s = ApplyMigrations(**writer_conn, EmbeddedMigrations()); !s) return s.error();
  if (Status s = Pragmas(**writer_conn,
                         "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0; "
                         "PRAGMA temp_store = MEMORY; PRAGMA journal_size_limit = " +
                             std::to_string(options.journal_size_limit_bytes));
      !s) {
    return s.error();
  }

  auto user_cache =
      std::make_unique<UserCache>(options.user_cache_entries, options.user_cache_max_age);
  if (Status s = user_cache->InstallTriggers(**writer_conn); !s) return s.error();

  auto checkpoint_conn = Connection::Open(path, options.busy_timeout);
  if (!checkpoint_conn) return checkpoint_conn.error();
  if (Status s = Pragmas(**checkpoint_conn, "PRAGMA synchronous = FULL"); !s) return s.error();

  auto readers = std::make_unique<ReaderPool>(
      [path, timeout = options.busy_timeout]() -> Result<std::unique_ptr<Connection>> {
        auto conn = Connection::Open(path, timeout);
        if (!conn) return conn.error();
        if (Status s = Pragmas(**conn, "PRAGMA query_only = ON"); !s) return s.error();
        return conn;
      },
      options.max_readers);
  {
    auto first = readers->Acquire();  // fail now rather than on the first read
    if (!first) return first.error();
  }

  auto checkpointer =
      std::make_unique<Checkpointer>(std::move(checkpoint_conn).value(),
                                     options.checkpoint_interval, options.checkpoint_wal_pages);
  checkpointer->Attach(**writer_conn);
  auto writer = std::make_unique<Writer>(
      std::move(writer_conn).value(), options.max_queued_writes,
      [cp = checkpointer.get(), cache = user_cache.get()](Connection& conn) {
        cache->ChangesCommitted();
        cp->RestartIfWanted(conn);
      });
  return std::unique_ptr<SqliteStore>(new SqliteStore(
      std::move(user_cache), std::move(checkpointer), std::move(writer), std::move(readers)));
}

SqliteStore::SqliteStore(std::unique_ptr<UserCache> user_cache,
                         std::unique_ptr<Checkpointer> checkpointer, std::unique_ptr<Writer> writer,
                         std::unique_ptr<ReaderPool> readers)
    : user_cache_(std::move(user_cache)),
      checkpointer_(std::move(checkpointer)),
      writer_(std::move(writer)),
      readers_(std::move(readers)) {}

SqliteStore::~SqliteStore() {
  writer_->Stop();  // runs and commits everything queued
  checkpointer_->Stop();
  checkpointer_->Detach(writer_->connection());
  readers_.reset();
  // Fold the WAL into the database and truncate it; closing the last connection would also do it.
  static_cast<void>(writer_->connection().Exec("PRAGMA wal_checkpoint(TRUNCATE)"));
}

bool SqliteStore::Reentrant() const { return writer_->OnWriterThread() || t_reading_store == this; }

bool SqliteStore::InsideUnitOfWork() const {
  return t_reading_store == this || t_writing_store == this;
}

Writer::Job SqliteStore::JobFor(Work work) {
  return [this, work = std::move(work)](Connection& conn) {
    TxRepositories repos(conn);
    WritingScope scope(this);  // an exception from `work` becomes kInternal in the writer
    return work(repos);
  };
}

Status SqliteStore::Read(const std::function<Status(core::Repositories&)>& work) {
  if (Reentrant()) return ReentrantCall();
  ASSIGN_OR_RETURN(auto lease, readers_->Acquire());
  Connection& conn = *lease;
  // A connection left inside a transaction (a failed ROLLBACK) would pin an old snapshot.
  if (conn.in_transaction()) RETURN_IF_ERROR(conn.RunCached(sql::kRollback));
  // The work runs once with the user cache, and once more without it in the rare case where a
  // cached user may be older than the snapshot of statements that ran after it (UserCacheRead).
  for (UserCache* cache : {user_cache_.get(), static_cast<UserCache*>(nullptr)}) {
    RETURN_IF_ERROR(conn.RunCached(sql::kBeginDeferred));
    UserCacheRead cached(cache, conn);
    t_reading_store = this;
    Status status;
    try {
      TxRepositories repos(conn, &cached);
      status = work(repos);
    } catch (...) {
      status = MakeError(ErrorCode::kInternal, "exception in a database read");
    }
    t_reading_store = nullptr;
    const bool retry = cached.MustRetry();
    // Nothing was written: ending the snapshot is all that is left to do.
    Status ended = conn.RunCached(sql::kRollback);
    if (retry && ended.ok()) {
      ++read_retries_;
      continue;
    }
    if (!status) return status;
    return ended;
  }
  return MakeError(ErrorCode::kInternal, "sqlite: unreachable (the uncached read never retries)");
}

Status SqliteStore::Write(const std::function<Status(core::Repositories&)>& work) {
  if (Reentrant()) return ReentrantCall();
  return writer_->Run(JobFor(work));
}

void SqliteStore::WriteAsync(Work work, WriteDone done) {
  if (InsideUnitOfWork()) {
    done(ReentrantCall());
    return;
  }
  writer_->Submit(JobFor(std::move(work)), std::move(done));
}

Status SqliteStore::Ping() {
  if (Reentrant()) return ReentrantCall();
  ASSIGN_OR_RETURN(auto lease, readers_->Acquire());
  ASSIGN_OR_RETURN(auto ping, lease->Prepare(sql::kPing));
  RETURN_IF_ERROR(ping->Step());
  return Status::Ok();
}

}  // namespace portcullis::store::sqlite
