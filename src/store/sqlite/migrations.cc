// Migration runner: schema_migrations bookkeeping and transactional application of pending files.
// Thread-safe per connection use; see migrations.h.
#include "store/sqlite/migrations.h"

#include <chrono>
#include <string>

#include "store/sqlite/connection.h"
#include "store/sqlite/sql.h"

namespace portcullis::store::sqlite {
namespace {

Result<int64_t> CurrentVersion(Connection& conn) {
  auto statement = conn.Prepare(sql::kSchemaVersion);
  if (!statement) return statement.error();
  auto row = (*statement)->Step();
  if (!row) return row.error();
  return *row ? (*statement)->ColumnInt(0) : 0;
}

Status ApplyPending(Connection& conn, std::span<const Migration> migrations) {
  if (Status s = conn.Exec(sql::kCreateSchemaMigrations); !s) return s;
  auto current = CurrentVersion(conn);
  if (!current) return current.error();
  const int64_t latest = migrations.empty() ? 0 : migrations.back().version;
  if (*current > latest) {
    return MakeError(ErrorCode::kUnavailable,
                     "database schema version " + std::to_string(*current) +
                         " is newer than this binary's " + std::to_string(latest));
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= *current) continue;
    if (Status s = conn.Exec(migration.sql); !s) {
      return MakeError(s.error().code,
                       "migration " + std::to_string(migration.version) + ": " + s.error().detail);
    }
    auto insert = conn.Prepare(sql::kInsertSchemaMigration);
    if (!insert) return insert.error();
    (*insert)->BindAll(migration.version);
    if (Status s = (*insert)->Run(); !s) return s;
  }
  return Status::Ok();
}

}  // namespace

Status ApplyMigrations(Connection& conn, std::span<const Migration> migrations) {
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version <= migrations[i - 1].version) {
      return MakeError(ErrorCode::kInternal, "migrations are not in ascending version order");
    }
  }
  if (Status s = conn.Exec("BEGIN IMMEDIATE"); !s) return s;
  Status status = ApplyPending(conn, migrations);
  if (status.ok()) status = conn.Exec("COMMIT");
  if (!status.ok() && conn.in_transaction()) static_cast<void>(conn.Exec("ROLLBACK"));
  return status;
}

Result<int64_t> SchemaVersion(Connection& conn) {
  auto exists = conn.Prepare(sql::kSchemaMigrationsExists);
  if (!exists) return exists.error();
  auto row = (*exists)->Step();
  if (!row) return row.error();
  if (!*row) return 0;
  return CurrentVersion(conn);
}

Status Migrate(const std::string& path) {
  auto conn = Connection::Open(path, std::chrono::seconds(5));
  if (!conn) return conn.error();
  auto mode = (*conn)->PragmaText("PRAGMA journal_mode = WAL");
  if (!mode) return mode.error();
  if (*mode != "wal") return MakeError(ErrorCode::kUnavailable, "sqlite: WAL mode unavailable");
  return ApplyMigrations(**conn, EmbeddedMigrations());
}

}  // namespace portcullis::store::sqlite
