// Connection: one libpq connection, used blocking. Statements are the named constants of sql.h,
// each prepared once per connection on first use (by name) and run with text parameters; rows come
// back as a Rows. Remembers whether it broke (the pool then discards it) and whether a statement
// of the current transaction hit a serialization failure or deadlock (the store then retries).
// Not thread-safe: one thread at a time (a pool lease).
#pragma once

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "store/postgres/libpq.h"

namespace portcullis::store::postgres {

// What every connection is opened with.
struct ConnectOptions {
  std::chrono::seconds connect_timeout{5};    // libpq counts whole seconds (at least 2)
  std::chrono::seconds statement_timeout{5};  // 0: none (the migrator)
};

// The rows of one statement. Values are read as text (the statements return text, bigint and
// boolean columns only).
class Rows {
 public:
  explicit Rows(PGresult* result) : result_(result) {}
  int size() const { return pq().ntuples(result_.get()); }
  bool empty() const { return size() == 0; }
  bool IsNull(int row, int col) const { return pq().getisnull(result_.get(), row, col) != 0; }
  std::string Text(int row, int col) const;
  std::optional<std::string> OptionalText(int row, int col) const;
  int64_t Int(int row, int col) const;
  std::optional<int64_t> OptionalInt(int row, int col) const;
  bool Bool(int row, int col) const;  // a boolean column ("t"/"f")
  // Rows changed by an INSERT, UPDATE or DELETE.
  int64_t affected() const;

 private:
  struct Clear {
    void operator()(PGresult* r) const { pq().clear(r); }
  };
  std::unique_ptr<PGresult, Clear> result_;
};

// One bound parameter, as text; nullopt is SQL NULL.
using Param = std::optional<std::string>;

inline Param ToParam(std::string_view v) { return std::string(v); }
inline Param ToParam(const std::string& v) { return v; }
inline Param ToParam(const char* v) { return std::string(v); }
inline Param ToParam(int64_t v) { return std::to_string(v); }
inline Param ToParam(int v) { return std::to_string(v); }
inline Param ToParam(bool v) { return v ? std::string("true") : std::string("false"); }
template <class T>
Param ToParam(const std::optional<T>& v) {
  return v ? ToParam(*v) : Param();
}

class Connection {
 public:
  // Connects to `url` (a postgres:// URL or key=value string) and sets the per-connection
  // settings: statement_timeout, synchronous_commit = on. kUnavailable when it cannot.
  static Result<std::unique_ptr<Connection>> Open(const std::string& url,
                                                  const ConnectOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs the named constant `sql` (it must have static storage: it is prepared once per
  // connection and found again by its address) with `args` bound in order.
  template <class... Args>
  Result<Rows> Run(std::string_view sql, const Args&... args) {
    return RunPrepared(sql, {ToParam(args)...});
  }
  // Runs `sql` (one or more statements, no parameters) with the simple protocol.
  Status Exec(std::string_view sql);
  // Opens a transaction with `begin` (a static constant such as sql::kBeginWrite) together with
  // the next statement, in the same round trip (a pipeline of the two), instead of one round trip
  // of its own. A Commit or Rollback before any statement has nothing to end.
  void BeginWithNextStatement(std::string_view begin) { pending_begin_ = begin; }
  // ROLLBACK, unless the transaction never began.
  Status Rollback();
  // COMMIT, checked: a transaction a failed statement aborted answers COMMIT with a rollback,
  // which is an error here (kUnavailable when it was a lost race to retry, else kInternal).
  Status Commit();

  // Runs `call` (which returns a Status or a Result) inside SAVEPOINT pc_call: released when it
  // succeeds, rolled back to when it fails, so a failed statement leaves the surrounding
  // transaction usable and unchanged (PostgreSQL otherwise aborts the whole transaction).
  template <class Fn>
  auto InSavepoint(Fn&& call) -> decltype(call());

  // False once the connection is unusable (the server went away or closed it).
  bool usable() const;
  // True outside any transaction (none open, none pending): the only state a pooled connection
  // may be lent in.
  bool idle() const {
    return pending_begin_.empty() && pq().transaction_status(conn_) == PQTRANS_IDLE;
  }
  // For an idle connection: false when the server has closed it meanwhile (its socket has
  // something to read — the server's farewell — and reading it ends the connection). One
  // non-blocking poll.
  bool StillOpen();
  // Set when a statement failed with 40001 or 40P01 since the last ClearRetryable().
  bool retry_wanted() const { return retry_wanted_; }
  void ClearRetryable() { retry_wanted_ = false; }

 private:
  explicit Connection(PGconn* conn) : conn_(conn) {}
  Result<Rows> RunPrepared(std::string_view sql, const std::vector<Param>& params);
  // The pending BEGIN and the prepared statement `name` in one pipeline; the statement's result.
  PGresult* BeginAndRun(const std::string& name, const std::vector<const char*>& values);
  // The statement's name on this connection, preparing it on first use.
  Result<const std::string*> Prepared(std::string_view sql, int param_count);
  // Checks a finished result; records what the failure means for the connection.
  Status Check(PGresult* result, ExecStatusType want, std::string_view what);

  PGconn* conn_;
  bool broken_ = false;
  bool retry_wanted_ = false;
  std::string_view pending_begin_;                         // see BeginWithNextStatement
  std::unordered_map<const char*, std::string> prepared_;  // sql.data() -> statement name
};

template <class Fn>
auto Connection::InSavepoint(Fn&& call) -> decltype(call()) {
  if (Status s = Exec("SAVEPOINT pc_call"); !s) return s.error();
  auto result = call();
  Status ended = Exec(result.ok() ? "RELEASE SAVEPOINT pc_call" : "ROLLBACK TO SAVEPOINT pc_call");
  if (!ended) return ended.error();
  return result;
}

}  // namespace portcullis::store::postgres
