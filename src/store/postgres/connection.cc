// Connection: libpq calls, prepared statements by name, result checking.
// Not thread-safe; see connection.h.
#include "store/postgres/connection.h"

#include <poll.h>

#include <cstdlib>
#include <utility>

#include "common/status_macros.h"
#include "store/postgres/error.h"

namespace portcullis::store::postgres {
namespace {

std::string SqlState(const PGresult* result) {
  const char* state =
      result != nullptr ? pq().result_error_field(result, PG_DIAG_SQLSTATE) : nullptr;
  return state != nullptr ? state : "";
}

}  // namespace

std::string Rows::Text(int row, int col) const {
  return std::string(pq().getvalue(result_.get(), row, col),
                     static_cast<std::size_t>(pq().getlength(result_.get(), row, col)));
}

std::optional<std::string> Rows::OptionalText(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Text(row, col);
}

int64_t Rows::Int(int row, int col) const {
  return std::strtoll(pq().getvalue(result_.get(), row, col), nullptr, 10);
}

std::optional<int64_t> Rows::OptionalInt(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Int(row, col);
}

bool Rows::Bool(int row, int col) const { return pq().getvalue(result_.get(), row, col)[0] == 't'; }

int64_t Rows::affected() const { return std::strtoll(pq().cmd_tuples(result_.get()), nullptr, 10); }

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& url,
                                                     const ConnectOptions& options) {
  RETURN_IF_ERROR(LoadLibpq());
  const std::string timeout = std::to_string(std::max<int64_t>(2, options.connect_timeout.count()));
  // The URL's own parameters apply first; ours add the timeouts and keepalives, so a server that
  // vanishes without closing the socket is noticed.
  const char* keys[] = {"dbname",
                        "connect_timeout",
                        "keepalives",
                        "keepalives_idle",
                        "keepalives_interval",
                        "keepalives_count",
                        nullptr};
  const char* values[] = {url.c_str(), timeout.c_str(), "1", "10", "5", "3", nullptr};
  PGconn* raw = pq().connectdb_params(keys, values, /*expand_dbname=*/1);
  if (raw == nullptr) return MakeError(ErrorCode::kUnavailable, "postgres: out of memory");
  std::unique_ptr<Connection> conn(new Connection(raw));
  if (pq().status(raw) != CONNECTION_OK) return PgError(nullptr, raw, "connect");
  const std::string setup =
      "SET statement_timeout = " + std::to_string(options.statement_timeout.count() * 1000) +
      "; SET synchronous_commit = on";
  RETURN_IF_ERROR(conn->Exec(setup));
  return conn;
}

Connection::~Connection() { pq().finish(conn_); }

bool Connection::usable() const { return !broken_ && pq().status(conn_) == CONNECTION_OK; }

Status Connection::Check(PGresult* result, ExecStatusType want, std::string_view what) {
  if (result != nullptr && pq().result_status(result) == want) return Status::Ok();
  const std::string state = SqlState(result);
  if (IsRetryable(state)) retry_wanted_ = true;
  if (result == nullptr || state.empty() || BreaksConnection(state) ||
      pq().status(conn_) != CONNECTION_OK) {
    broken_ = true;
  }
  return PgError(result, conn_, what);
}

bool Connection::StillOpen() {
  if (!usable()) return false;
  pollfd fd{pq().socket(conn_), POLLIN, 0};
  if (::poll(&fd, 1, 0) <= 0) return true;  // nothing to read: open (or a poll error: try it)
  if (pq().consume_input(conn_) == 0 || pq().status(conn_) != CONNECTION_OK) broken_ = true;
  return !broken_;
}

Status Connection::Exec(std::string_view sql) {
  if (broken_) return MakeError(ErrorCode::kUnavailable, "postgres: connection lost");
  std::string text;
  if (!pending_begin_.empty()) {  // a simple query may carry several statements
    text = std::string(pending_begin_) + "; ";
    pending_begin_ = {};
  }
  text += sql;
  PGresult* result = pq().exec(conn_, text.c_str());
  // A simple query of several statements ends with the last one's result; a SELECT is fine too.
  const bool done = result != nullptr && (pq().result_status(result) == PGRES_COMMAND_OK ||
                                          pq().result_status(result) == PGRES_TUPLES_OK);
  Status status = done ? Status::Ok() : Check(result, PGRES_COMMAND_OK, "exec");
  pq().clear(result);
  return status;
}

Status Connection::Rollback() {
  if (!pending_begin_.empty()) {
    pending_begin_ = {};
    return Status::Ok();
  }
  return Exec("ROLLBACK");
}

Status Connection::Commit() {
  if (!pending_begin_.empty()) {  // nothing ran: nothing to commit
    pending_begin_ = {};
    return Status::Ok();
  }
  if (broken_) return MakeError(ErrorCode::kUnavailable, "postgres: connection lost");
  PGresult* result = pq().exec(conn_, "COMMIT");
  Status status = Check(result, PGRES_COMMAND_OK, "commit");
  if (status.ok() && std::string_view(pq().cmd_status(result)) != "COMMIT") {
    status = MakeError(retry_wanted_ ? ErrorCode::kUnavailable : ErrorCode::kInternal,
                       "postgres: the transaction was aborted by a failed statement");
  }
  pq().clear(result);
  return status;
}

Result<const std::string*> Connection::Prepared(std::string_view sql, int param_count) {
  auto found = prepared_.find(sql.data());
  if (found != prepared_.end()) return &found->second;
  std::string name = "pc" + std::to_string(prepared_.size() + 1);
  PGresult* result = pq().prepare(conn_, name.c_str(), std::string(sql).c_str(), param_count,
                                  /*paramTypes=*/nullptr);
  Status status = Check(result, PGRES_COMMAND_OK, "prepare");
  pq().clear(result);
  RETURN_IF_ERROR(status);
  return &prepared_.emplace(sql.data(), std::move(name)).first->second;
}

Result<Rows> Connection::RunPrepared(std::string_view sql, const std::vector<Param>& params) {
  if (broken_) return MakeError(ErrorCode::kUnavailable, "postgres: connection lost");
  const int count = static_cast<int>(params.size());
  ASSIGN_OR_RETURN(const std::string* name, Prepared(sql, count));
  std::vector<const char*> values(params.size());
  for (std::size_t i = 0; i < params.size(); ++i) {
    values[i] = params[i] ? params[i]->c_str() : nullptr;
  }
  PGresult* result = pending_begin_.empty()
                         ? pq().exec_prepared(conn_, name->c_str(), count, values.data(),
                                              /*paramLengths=*/nullptr, /*paramFormats=*/nullptr,
                                              /*resultFormat=*/0)
                         : BeginAndRun(*name, values);
  if (result != nullptr && (pq().result_status(result) == PGRES_TUPLES_OK ||
                            pq().result_status(result) == PGRES_COMMAND_OK)) {
    return Rows(result);
  }
  Status status = Check(result, PGRES_TUPLES_OK, "statement");
  pq().clear(result);
  return status.error();
}

PGresult* Connection::BeginAndRun(const std::string& name, const std::vector<const char*>& values) {
  const std::string begin(pending_begin_);
  pending_begin_ = {};
  if (pq().enter_pipeline_mode(conn_) == 0) return nullptr;
  const bool sent =
      pq().send_query_params(conn_, begin.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) == 1 &&
      pq().send_query_prepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(),
                               nullptr, nullptr, 0) == 1 &&
      pq().pipeline_sync(conn_) == 1;
  PGresult* began = nullptr;
  PGresult* ran = nullptr;
  if (sent) {
    // BEGIN's result, its end (null), the statement's result, its end (null), the sync.
    began = pq().get_result(conn_);
    if (began != nullptr) static_cast<void>(pq().get_result(conn_));
    ran = began != nullptr ? pq().get_result(conn_) : nullptr;
    if (ran != nullptr) static_cast<void>(pq().get_result(conn_));
    for (PGresult* r = pq().get_result(conn_); r != nullptr; r = pq().get_result(conn_)) {
      const bool sync = pq().result_status(r) == PGRES_PIPELINE_SYNC;
      pq().clear(r);
      if (sync) break;
    }
  }
  if (pq().exit_pipeline_mode(conn_) == 0) broken_ = true;
  if (began == nullptr || pq().result_status(began) != PGRES_COMMAND_OK) {
    // BEGIN failed (the statement was skipped): its error is the one to report.
    pq().clear(ran);
    return began;
  }
  pq().clear(began);
  return ran;
}

}  // namespace portcullis::store::postgres
