// Connection: opening, plain execution, the prepared-statement cache and savepoints.
// Not thread-safe; one thread at a time.
#include "store/sqlite/connection.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <climits>
#include <utility>

#include "store/sqlite/error.h"

namespace portcullis::store::sqlite {
namespace {

// Process-wide settings that SQLite takes only before its first connection opens. Its memory
// statistics (on by default) take a global mutex on every allocation; nothing here reads them.
void ConfigureSqliteOnce() {
  static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  static_cast<void>(configured);  // SQLITE_MISUSE when the host initialised SQLite first: harmless
}

// Creates the database file owner-only (0600) when it does not exist yet, before SQLite would
// create it under the process umask (0644: other local users could read password hashes). SQLite
// gives the WAL and shared-memory files the database file's mode, so they follow. In-memory and URI
// names are left to SQLite, and so is a path that cannot be created: its open then fails with
// SQLite's own error.
void CreateOwnerOnly(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) return;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path,
                                                     std::chrono::milliseconds busy_timeout) {
  ConfigureSqliteOnce();
  CreateOwnerOnly(path);
  sqlite3* db = nullptr;
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = SqliteError(db, rc, "open");
    sqlite3_close(db);
    return error;
  }
  std::unique_ptr<Connection> conn(new Connection(db));
  const auto timeout = busy_timeout.count();
  sqlite3_busy_timeout(db, timeout > INT_MAX ? INT_MAX : static_cast<int>(timeout));
  if (Status s = conn->Exec("PRAGMA foreign_keys = ON"); !s) return s.error();
  return conn;
}

Connection::~Connection() {
  cache_.clear();  // finalize every statement before closing
  sqlite3_close(db_);
}

Status Connection::Exec(std::string_view sql) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, "exec");
  return Status::Ok();
}

Result<std::string> Connection::PragmaText(std::string_view pragma) {
  auto statement = Statement::Prepare(db_, pragma, false);
  if (!statement) return statement.error();
  auto row = statement->Step();
  if (!row) return row.error();
  if (!*row) return std::string();
  return statement->ColumnText(0);
}

Result<CachedStatement> Connection::Prepare(std::string_view sql) {
  ++statements_started_;
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    auto statement = Statement::Prepare(db_, sql, true);
    if (!statement) return statement.error();
    it = cache_.emplace(std::string(sql), std::make_unique<Statement>(std::move(statement).value()))
             .first;
  }
  return CachedStatement(*it->second);
}

Status Connection::RunCached(std::string_view sql) {
  auto statement = Prepare(sql);
  if (!statement) return statement.error();
  return (*statement)->Run();
}

Status Connection::InSavepoint(std::string_view name, const std::function<Status()>& fn) {
  const std::string savepoint(name);
  if (Status s = RunCached("SAVEPOINT " + savepoint); !s) return s;
  Status status = fn();
  if (!in_transaction()) {
    // SQLite rolled the whole transaction back (I/O error, full disk): nothing is left to undo.
    return status.ok() ? MakeError(ErrorCode::kUnavailable, "sqlite: transaction rolled back")
                       : status;
  }
  if (status.ok()) {
    if (Status s = RunCached("RELEASE " + savepoint); !s) return s;
    return status;
  }
  static_cast<void>(RunCached("ROLLBACK TO " + savepoint));
  static_cast<void>(RunCached("RELEASE " + savepoint));
  return status;
}

int64_t Connection::changes() const { return sqlite3_changes64(db_); }

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace portcullis::store::sqlite
