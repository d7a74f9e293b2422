// SQLite error translation; see error.h for the mapping.
// Pure functions; reads only the given connection's last error message.
#include "store/sqlite/error.h"

#include <sqlite3.h>

#include <string>
#include <utility>

namespace portcullis::store::sqlite {
namespace {

struct UniqueColumn {
  std::string_view column;
  std::string_view detail;
  Field field;
};

// "UNIQUE constraint failed: users.email" -> the taken email. Only our own table.column names are
// looked up, so no value from the database or the request reaches the detail.
Error UniqueError(sqlite3* db) {
  static constexpr UniqueColumn kColumns[] = {
      {"users.email", "the email is taken", Field::kEmail},
      {"users.username", "the username is taken", Field::kUsername},
      {"users.id", "user", Field::kNone},
      {"sessions.id", "session", Field::kNone},
      {"one_time_tickets.token_hash", "ticket", Field::kNone},
      {"mail_outbox.id", "message", Field::kNone},
      {"companies.id", "company", Field::kNone},
      // The primary key (company_id, user_id): its first column is named.
      {"company_members.company_id", "membership", Field::kNone},
      {"company_invites.id", "invite", Field::kNone},
      {"company_invites.token_hash", "invite", Field::kNone},
      {"credentials.id", "credential", Field::kNone},
      {"credentials.secret_hash", "credential", Field::kNone},
      {"permission_names.company_id", "permission name", Field::kNone},
      {"permission_grants.id", "grant", Field::kNone},
      // The same subject, feature, scope and action granted twice (the UNIQUE's first column).
      {"permission_grants.company_id", "grant", Field::kNone},
      {"service_clients.id", "client", Field::kNone},
      {"client_secrets.id", "client secret", Field::kNone},
      {"security_events.id", "event", Field::kNone},
      {"identities.id", "identity", Field::kNone},
      // UNIQUE (provider, subject): its first column is named.
      {"identities.provider", "identity", Field::kNone},
      {"schema_migrations.version", "migration", Field::kNone},
  };
  const std::string_view message = db != nullptr ? sqlite3_errmsg(db) : "";
  constexpr std::string_view kPrefix = "constraint failed: ";
  const auto at = message.find(kPrefix);
  if (at != std::string_view::npos) {
    std::string_view column = message.substr(at + kPrefix.size());
    column = column.substr(0, column.find(','));
    for (const auto& known : kColumns) {
      if (column != known.column) continue;
      return MakeError(ErrorCode::kConflict, std::string(known.detail), known.field,
                       known.field == Field::kNone ? Reason::kNone : Reason::kTaken);
    }
  }
  return MakeError(ErrorCode::kConflict, "constraint");
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
      return UniqueError(db);
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
