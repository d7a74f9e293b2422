// Connection: RAII owner of one sqlite3 handle, with a per-connection cache of prepared statements
// handed out as CachedStatement leases. Not thread-safe: one thread uses a connection at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "common/status.h"
#include "store/sqlite/statement.h"

struct sqlite3;

namespace portcullis::store::sqlite {

// A cached statement in use; resets it (and clears its bindings) when it goes out of scope.
class CachedStatement {
 public:
  explicit CachedStatement(Statement& statement) : statement_(&statement) {}
  CachedStatement(CachedStatement&& other) noexcept
      : statement_(std::exchange(other.statement_, nullptr)) {}
  CachedStatement& operator=(CachedStatement&&) = delete;
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  ~CachedStatement() {
    if (statement_ != nullptr) statement_->Reset();
  }

  Statement* operator->() { return statement_; }
  Statement& operator*() { return *statement_; }

 private:
  Statement* statement_;
};

class Connection {
 public:
  // Opens (creating when missing) the database file at `path`, with extended result codes,
  // foreign_keys=ON and the given busy timeout.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path,
                                                  std::chrono::milliseconds busy_timeout);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs SQL text (one or more statements) that returns no rows worth reading: pragmas, DDL.
  Status Exec(std::string_view sql);
  // Runs a pragma and returns its first column as text ("wal" for journal_mode=WAL).
  Result<std::string> PragmaText(std::string_view pragma);
  // Prepares (cached) and runs a statement that returns no rows: BEGIN, COMMIT, SAVEPOINT ...
  Status RunCached(std::string_view sql);
  // A prepared statement for `sql`, compiled on first use and cached for the connection's life.
  // A statement must not be leased twice at once (nested use of the same SQL).
  Result<CachedStatement> Prepare(std::string_view sql);

  // Runs `fn` inside SAVEPOINT `name`: released when it returns ok, rolled back otherwise, so a
  // failing multi-statement operation leaves nothing behind even inside a larger transaction.
  Status InSavepoint(std::string_view name, const std::function<Status()>& fn);

  // How many statements were handed out (Prepare, RunCached) so far: a Read compares two counts
  // to learn whether a statement ran in between.
  uint64_t statements_started() const { return statements_started_; }

  // Rows changed by the last INSERT/UPDATE/DELETE.
  int64_t changes() const;
  // True while a transaction is open (false after SQLite rolled one back on its own).
  bool in_transaction() const;
  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  sqlite3* db_;
  uint64_t statements_started_ = 0;
  std::unordered_map<std::string, std::unique_ptr<Statement>, StringHash, std::equal_to<>> cache_;
};

}  // namespace portcullis::store::sqlite
