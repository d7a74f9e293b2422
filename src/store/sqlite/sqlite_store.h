// SqliteStore: core::Store on one SQLite WAL file; group-committed writes, pooled reads.
// Thread-safe: any method from any thread, except from the writer thread (inside Transact).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/repositories.h"
#include "store/sqlite/checkpointer.h"
#include "store/sqlite/reader_pool.h"
#include "store/sqlite/writer.h"

namespace portcullis::store::sqlite {

struct Options {
  std::size_t max_queued_writes = 4096;  // writes waiting for the writer; more -> kOverloaded
  std::size_t max_readers = 8;           // read connections (a read waits when all are busy)
  std::chrono::milliseconds busy_timeout{5000};
  std::chrono::milliseconds checkpoint_interval{1000};
  int checkpoint_wal_pages = 4000;                // WAL size that triggers an early checkpoint
                                                  // and, if still exceeded, a RESTART
  int64_t journal_size_limit_bytes = 64ll << 20;  // WAL file size kept after a reset
};

class SqliteStore;

// Opens (creating when missing) the database at `path` (a plain file path; the app strips any
// "sqlite:" scheme), applies pending migrations and starts the writer and checkpointer threads.
// kUnavailable when the file cannot be opened or migrated.
Result<std::unique_ptr<SqliteStore>> Open(const std::string& path, const Options& options = {});

class SqliteStore final : public core::Store {
 public:
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;
  // Runs every queued write, stops the threads, checkpoints (TRUNCATE) and closes. Callers must
  // have returned from every method first.
  ~SqliteStore() override;

  core::UserRepository& users() override { return users_; }
  core::SessionRepository& sessions() override { return sessions_; }
  core::MfaRepository& mfa() override { return mfa_; }
  core::SecurityEventRepository& security_events() override { return events_; }
  // `work` runs on the writer thread inside its own SAVEPOINT of a group transaction; reads through
  // the given repositories see its own writes. Keep it short (no password hashing, no I/O): every
  // other write waits behind it. Calls to this store from inside `work` return kInternal (they
  // would wait on the writer thread that is running them); an exception from it becomes kInternal.
  Status Transact(const std::function<Status(core::Repositories&)>& work) override;
  Status Ping() override;

  Writer::Stats writer_stats() const { return writer_->stats(); }
  // The write queue's depth, group in progress and refusals ("sqlite.writer"), for metrics.
  ExecutorStats write_queue_stats() const { return writer_->queue_stats(); }
  uint64_t checkpoints() const { return checkpointer_->checkpoints(); }
  uint64_t checkpoint_restarts() const { return checkpointer_->restarts(); }

 private:
  friend Result<std::unique_ptr<SqliteStore>> Open(const std::string& path, const Options& options);

  // Reads on a pooled connection; every core::UserRepository/SessionRepository read goes here.
  template <class Fn>
  auto Read(Fn&& fn) -> decltype(fn(std::declval<Connection&>()));
  // Writes as one job of the writer's next group, waiting for its commit.
  Status Write(const std::function<Status(Connection&)>& fn);
  // Write for calls that return a value.
  template <class T>
  Result<T> WriteValue(const std::function<Result<T>(Connection&)>& fn);
  bool OnWriterThread() const { return writer_->OnWriterThread(); }

  class StoreUsers final : public core::UserRepository {
   public:
    explicit StoreUsers(SqliteStore& store) : store_(store) {}
    Status Create(const core::User& user) override;
    Result<core::User> FindById(std::string_view id) override;
    Result<core::User> FindByEmail(std::string_view normalized_email) override;
    Result<core::User> FindByUsername(std::string_view normalized_username) override;
    Status UpdateProfile(const core::User& user) override;
    Status UpdatePassword(std::string_view user_id, std::string_view password_hash,
                          int64_t now) override;
    Result<int64_t> Count() override;

   private:
    SqliteStore& store_;
  };

  class StoreSessions final : public core::SessionRepository {
   public:
    explicit StoreSessions(SqliteStore& store) : store_(store) {}
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
    SqliteStore& store_;
  };

  class StoreMfa final : public core::MfaRepository {
   public:
    explicit StoreMfa(SqliteStore& store) : store_(store) {}
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
    SqliteStore& store_;
  };

  class StoreEvents final : public core::SecurityEventRepository {
   public:
    explicit StoreEvents(SqliteStore& store) : store_(store) {}
    Status Append(const core::SecurityEvent& event) override;
    Result<std::vector<core::SecurityEvent>> ListForUser(std::string_view user_id,
                                                         int64_t limit) override;

   private:
    SqliteStore& store_;
  };

  SqliteStore(std::unique_ptr<Checkpointer> checkpointer, std::unique_ptr<Writer> writer,
              std::unique_ptr<ReaderPool> readers);

  // Destroyed in reverse: readers, then writer (drained), then checkpointer; see ~SqliteStore.
  std::unique_ptr<Checkpointer> checkpointer_;
  std::unique_ptr<Writer> writer_;
  std::unique_ptr<ReaderPool> readers_;
  StoreUsers users_{*this};
  StoreSessions sessions_{*this};
  StoreMfa mfa_{*this};
  StoreEvents events_{*this};
};

}  // namespace portcullis::store::sqlite
