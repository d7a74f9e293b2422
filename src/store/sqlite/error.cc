// SQLite error translation; see error.h for the mapping.
// Pure functions; reads only the given connection's last error message.
#include "store/sqlite/error.h"

#include <sqlite3.h>

#include <string>
#include <utility>

namespace portcullis::store::sqlite {
namespace {

// "UNIQUE constraint failed: users.email" -> "email". Only our own table.column names are looked
// up, so no value from the database or the request reaches the detail.
std::string UniqueDetail(sqlite3* db) {
  static constexpr std::pair<std::string_view, std::string_view> kColumns[] = {
      {"users.email", "email"},
      {"users.username", "username"},
      {"users.id", "user"},
      {"sessions.id", "session"},
      {"refresh_tokens.hash", "token"},
      {"schema_migrations.version", "migration"},
  };
  const std::string_view message = db != nullptr ? sqlite3_errmsg(db) : "";
  constexpr std::string_view kPrefix = "constraint failed: ";
  const auto at = message.find(kPrefix);
  if (at != std::string_view::npos) {
    std::string_view column = message.substr(at + kPrefix.size());
    column = column.substr(0, column.find(','));
    for (const auto& [name, detail] : kColumns) {
      if (column == name) return std::string(detail);
    }
  }
  return "constraint";
}

std::string Describe(int rc, std::string_view what) {
  std::string detail = "sqlite: ";
  detail += sqlite3_errstr(rc);
  if (!what.empty()) {
    detail += " (";
    detail += what;
    detail += ')';
  }
  return detail;
}

}  // namespace

Error SqliteError(sqlite3* db, int rc, std::string_view what) {
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return MakeError(ErrorCode::kConflict, UniqueDetail(db));
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return MakeError(ErrorCode::kNotFound, "reference");
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
    case SQLITE_PERM:
    case SQLITE_NOLFS:
    case SQLITE_NOMEM:
      return MakeError(ErrorCode::kUnavailable, Describe(rc, what));
    default:
      return MakeError(ErrorCode::kInternal, Describe(rc, what));
  }
}

}  // namespace portcullis::store::sqlite
