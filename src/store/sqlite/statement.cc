// Statement: prepared-statement RAII and typed access to parameters and columns.
// Not thread-safe; one thread at a time.
#include "store/sqlite/statement.h"

#include <sqlite3.h>

#include <climits>
#include <utility>

#include "store/sqlite/error.h"

namespace portcullis::store::sqlite {
namespace {

// The leading words of the SQL ("INSERT INTO sessions"), to say which statement failed.
std::string_view Verb(sqlite3_stmt* stmt) {
  const std::string_view sql = stmt != nullptr ? sqlite3_sql(stmt) : "";
  std::size_t end = 0;
  for (int words = 0; words < 3; ++words) {
    end = sql.find(' ', end + (words == 0 ? 0 : 1));
    if (end == std::string_view::npos) return sql;
  }
  return sql.substr(0, end);
}

}  // namespace

Result<Statement> Statement::Prepare(sqlite3* db, std::string_view sql, bool persistent) {
  if (sql.size() > static_cast<std::size_t>(INT_MAX)) {
    return MakeError(ErrorCode::kInternal, "sqlite: statement too long");
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    persistent ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteError(db, rc, "prepare");
  }
  if (stmt == nullptr) return MakeError(ErrorCode::kInternal, "sqlite: empty statement");
  return Statement(stmt);
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), bind_error_(other.bind_error_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
    bind_error_ = other.bind_error_;
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::NoteBind(int rc) {
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
}

void Statement::Bind(int index, int64_t value) {
  NoteBind(sqlite3_bind_int64(stmt_, index, value));
}

void Statement::Bind(int index, std::string_view value) {
  NoteBind(
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

void Statement::Bind(int index, std::nullopt_t) { NoteBind(sqlite3_bind_null(stmt_, index)); }

void Statement::Bind(int index, const std::optional<int64_t>& value) {
  if (value) {
    Bind(index, *value);
  } else {
    Bind(index, std::nullopt);
  }
}

void Statement::Bind(int index, const std::optional<std::string>& value) {
  if (value) {
    Bind(index, std::string_view(*value));
  } else {
    Bind(index, std::nullopt);
  }
}

Result<bool> Statement::Step() {
  if (bind_error_ != 0) return SqliteError(sqlite3_db_handle(stmt_), bind_error_, "bind");
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(sqlite3_db_handle(stmt_), rc, Verb(stmt_));
}

Status Statement::Run() {
  for (;;) {
    auto row = Step();
    if (!row) return row.error();
    if (!*row) return Status::Ok();
  }
}

int64_t Statement::ColumnInt(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::ColumnText(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return {};
  return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<int64_t> Statement::ColumnOptionalInt(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return ColumnInt(column);
}

std::optional<std::string> Statement::ColumnOptionalText(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return ColumnText(column);
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = 0;
}

}  // namespace portcullis::store::sqlite
