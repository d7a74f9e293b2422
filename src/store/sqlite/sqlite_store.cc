// SqliteStore: wiring of writer, reader pool and checkpointer; repository calls routed to reads on
// a pooled connection or to jobs on the writer. Thread-safe; see sqlite_store.h.
#include "store/sqlite/sqlite_store.h"

#include <optional>
#include <utility>

#include "store/sqlite/mfa_repository.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/session_repository.h"
#include "store/sqlite/sql.h"
#include "store/sqlite/user_repository.h"

namespace portcullis::store::sqlite {
namespace {

Error ReentrantCall() {
  return MakeError(ErrorCode::kInternal, "store called from inside its own Transact");
}

// The repositories handed to a Transact's work: bound to the writer connection.
class TxRepositories final : public core::Repositories {
 public:
  explicit TxRepositories(Connection& conn)
      : users_(conn), sessions_(conn), mfa_(conn), events_(conn) {}
  core::UserRepository& users() override { return users_; }
  core::SessionRepository& sessions() override { return sessions_; }
  core::MfaRepository& mfa() override { return mfa_; }
  core::SecurityEventRepository& security_events() override { return events_; }

 private:
  SqliteUserRepository users_;
  SqliteSessionRepository sessions_;
  SqliteMfaRepository mfa_;
  SqliteSecurityEventRepository events_;
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
      [cp = checkpointer.get()](Connection& conn) { cp->RestartIfWanted(conn); });
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(std::move(checkpointer), std::move(writer), std::move(readers)));
}

SqliteStore::SqliteStore(std::unique_ptr<Checkpointer> checkpointer, std::unique_ptr<Writer> writer,
                         std::unique_ptr<ReaderPool> readers)
    : checkpointer_(std::move(checkpointer)),
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

template <class Fn>
auto SqliteStore::Read(Fn&& fn) -> decltype(fn(std::declval<Connection&>())) {
  if (OnWriterThread()) return ReentrantCall();
  auto lease = readers_->Acquire();
  if (!lease) return lease.error();
  return fn(**lease);
}

Status SqliteStore::Write(const std::function<Status(Connection&)>& fn) {
  if (OnWriterThread()) return ReentrantCall();
  return writer_->Run(fn);
}

template <class T>
Result<T> SqliteStore::WriteValue(const std::function<Result<T>(Connection&)>& fn) {
  std::optional<T> value;  // written on the writer thread; read after its future completed
  Status status = Write([&](Connection& conn) -> Status {
    auto result = fn(conn);
    if (!result) return result.error();
    value = std::move(result).value();
    return Status::Ok();
  });
  if (!status) return status.error();
  return std::move(*value);
}

Status SqliteStore::Transact(const std::function<Status(core::Repositories&)>& work) {
  return Write([&](Connection& conn) {
    TxRepositories repos(conn);
    return work(repos);
  });
}

Status SqliteStore::Ping() {
  return Read([](Connection& conn) -> Status {
    auto ping = conn.Prepare(sql::kPing);
    if (!ping) return ping.error();
    auto row = (*ping)->Step();
    if (!row) return row.error();
    return Status::Ok();
  });
}

// --- users: reads on a reader, writes on the writer ---

Status SqliteStore::StoreUsers::Create(const core::User& user) {
  return store_.Write([&](Connection& conn) { return SqliteUserRepository(conn).Create(user); });
}
Result<core::User> SqliteStore::StoreUsers::FindById(std::string_view id) {
  return store_.Read([&](Connection& conn) { return SqliteUserRepository(conn).FindById(id); });
}
Result<core::User> SqliteStore::StoreUsers::FindByEmail(std::string_view normalized_email) {
  return store_.Read(
      [&](Connection& conn) { return SqliteUserRepository(conn).FindByEmail(normalized_email); });
}
Result<core::User> SqliteStore::StoreUsers::FindByUsername(std::string_view normalized_username) {
  return store_.Read([&](Connection& conn) {
    return SqliteUserRepository(conn).FindByUsername(normalized_username);
  });
}
Status SqliteStore::StoreUsers::UpdateProfile(const core::User& user) {
  return store_.Write(
      [&](Connection& conn) { return SqliteUserRepository(conn).UpdateProfile(user); });
}
Status SqliteStore::StoreUsers::UpdatePassword(std::string_view user_id,
                                               std::string_view password_hash, int64_t now) {
  return store_.Write([&](Connection& conn) {
    return SqliteUserRepository(conn).UpdatePassword(user_id, password_hash, now);
  });
}
Result<int64_t> SqliteStore::StoreUsers::Count() {
  return store_.Read([](Connection& conn) { return SqliteUserRepository(conn).Count(); });
}

// --- sessions ---

Status SqliteStore::StoreSessions::Create(const core::Session& session,
                                          const core::RefreshToken& first_token) {
  return store_.Write(
      [&](Connection& conn) { return SqliteSessionRepository(conn).Create(session, first_token); });
}
Result<core::Session> SqliteStore::StoreSessions::FindSession(std::string_view session_id) {
  return store_.Read(
      [&](Connection& conn) { return SqliteSessionRepository(conn).FindSession(session_id); });
}
Result<core::RefreshToken> SqliteStore::StoreSessions::FindToken(std::string_view token_hash) {
  return store_.Read(
      [&](Connection& conn) { return SqliteSessionRepository(conn).FindToken(token_hash); });
}
Result<bool> SqliteStore::StoreSessions::Rotate(std::string_view old_hash,
                                                const core::RefreshToken& next, int64_t now) {
  bool rotated = false;  // written on the writer thread; read after its future completed
  Status status = store_.Write([&](Connection& conn) -> Status {
    auto result = SqliteSessionRepository(conn).Rotate(old_hash, next, now);
    if (!result) return result.error();
    rotated = *result;
    return Status::Ok();
  });
  if (!status) return status.error();
  return rotated;
}
Status SqliteStore::StoreSessions::Revoke(std::string_view session_id, int64_t now) {
  return store_.Write(
      [&](Connection& conn) { return SqliteSessionRepository(conn).Revoke(session_id, now); });
}
Result<std::vector<std::string>> SqliteStore::StoreSessions::RevokeAllForUser(
    std::string_view user_id, std::string_view keep_session_id, int64_t now) {
  std::vector<std::string> ids;
  Status status = store_.Write([&](Connection& conn) -> Status {
    auto result = SqliteSessionRepository(conn).RevokeAllForUser(user_id, keep_session_id, now);
    if (!result) return result.error();
    ids = std::move(result).value();
    return Status::Ok();
  });
  if (!status) return status.error();
  return ids;
}
Result<std::vector<core::Session>> SqliteStore::StoreSessions::ListActive(std::string_view user_id,
                                                                          int64_t now) {
  return store_.Read(
      [&](Connection& conn) { return SqliteSessionRepository(conn).ListActive(user_id, now); });
}
Result<std::vector<core::RevokedSession>> SqliteStore::StoreSessions::ListRevokedSince(
    int64_t since) {
  return store_.Read(
      [&](Connection& conn) { return SqliteSessionRepository(conn).ListRevokedSince(since); });
}

Status SqliteStore::StoreSessions::SetStepUp(std::string_view session_id, int64_t at) {
  return store_.Write(
      [&](Connection& conn) { return SqliteSessionRepository(conn).SetStepUp(session_id, at); });
}

// --- mfa ---

Result<core::MfaState> SqliteStore::StoreMfa::Find(std::string_view user_id) {
  return store_.Read([&](Connection& conn) { return SqliteMfaRepository(conn).Find(user_id); });
}
Status SqliteStore::StoreMfa::SavePending(std::string_view user_id, std::string_view pending_sealed,
                                          int64_t now) {
  return store_.Write([&](Connection& conn) {
    return SqliteMfaRepository(conn).SavePending(user_id, pending_sealed, now);
  });
}
Result<bool> SqliteStore::StoreMfa::Enable(std::string_view user_id, std::string_view secret_sealed,
                                           int64_t step, int64_t now) {
  return store_.WriteValue<bool>([&](Connection& conn) {
    return SqliteMfaRepository(conn).Enable(user_id, secret_sealed, step, now);
  });
}
Status SqliteStore::StoreMfa::Disable(std::string_view user_id) {
  return store_.Write([&](Connection& conn) { return SqliteMfaRepository(conn).Disable(user_id); });
}
Result<bool> SqliteStore::StoreMfa::ClaimStep(std::string_view user_id, int64_t step) {
  return store_.WriteValue<bool>(
      [&](Connection& conn) { return SqliteMfaRepository(conn).ClaimStep(user_id, step); });
}
Result<core::MfaThrottle> SqliteStore::StoreMfa::RecordFailure(std::string_view user_id,
                                                               int64_t now, int64_t lock_after,
                                                               int64_t lock_seconds) {
  return store_.WriteValue<core::MfaThrottle>([&](Connection& conn) {
    return SqliteMfaRepository(conn).RecordFailure(user_id, now, lock_after, lock_seconds);
  });
}
Status SqliteStore::StoreMfa::ResetThrottle(std::string_view user_id) {
  return store_.Write(
      [&](Connection& conn) { return SqliteMfaRepository(conn).ResetThrottle(user_id); });
}
Status SqliteStore::StoreMfa::ReplaceRecoveryCodes(std::string_view user_id,
                                                   const std::vector<std::string>& hashes,
                                                   int64_t now) {
  return store_.Write([&](Connection& conn) {
    return SqliteMfaRepository(conn).ReplaceRecoveryCodes(user_id, hashes, now);
  });
}
Result<bool> SqliteStore::StoreMfa::UseRecoveryCode(std::string_view user_id, std::string_view hash,
                                                    int64_t now) {
  return store_.WriteValue<bool>([&](Connection& conn) {
    return SqliteMfaRepository(conn).UseRecoveryCode(user_id, hash, now);
  });
}
Result<int64_t> SqliteStore::StoreMfa::CountUnusedRecoveryCodes(std::string_view user_id) {
  return store_.Read([&](Connection& conn) {
    return SqliteMfaRepository(conn).CountUnusedRecoveryCodes(user_id);
  });
}
Status SqliteStore::StoreMfa::CreateTicket(const core::MfaTicket& ticket) {
  return store_.Write(
      [&](Connection& conn) { return SqliteMfaRepository(conn).CreateTicket(ticket); });
}
Result<core::MfaTicket> SqliteStore::StoreMfa::FindTicket(std::string_view hash) {
  return store_.Read([&](Connection& conn) { return SqliteMfaRepository(conn).FindTicket(hash); });
}
Result<std::string> SqliteStore::StoreMfa::ReserveTicketAttempt(std::string_view hash, int64_t now,
                                                                int64_t max_attempts) {
  return store_.WriteValue<std::string>([&](Connection& conn) {
    return SqliteMfaRepository(conn).ReserveTicketAttempt(hash, now, max_attempts);
  });
}
Result<bool> SqliteStore::StoreMfa::UseTicket(std::string_view hash, int64_t now) {
  return store_.WriteValue<bool>(
      [&](Connection& conn) { return SqliteMfaRepository(conn).UseTicket(hash, now); });
}
Status SqliteStore::StoreMfa::PurgeTickets(int64_t before) {
  return store_.Write(
      [&](Connection& conn) { return SqliteMfaRepository(conn).PurgeTickets(before); });
}

// --- security events ---

Status SqliteStore::StoreEvents::Append(const core::SecurityEvent& event) {
  return store_.Write(
      [&](Connection& conn) { return SqliteSecurityEventRepository(conn).Append(event); });
}
Result<std::vector<core::SecurityEvent>> SqliteStore::StoreEvents::ListForUser(
    std::string_view user_id, int64_t limit) {
  return store_.Read([&](Connection& conn) {
    return SqliteSecurityEventRepository(conn).ListForUser(user_id, limit);
  });
}

}  // namespace portcullis::store::sqlite
