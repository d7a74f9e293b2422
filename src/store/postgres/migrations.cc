// Migration runner: advisory lock, schema_migrations bookkeeping and transactional application.
// Thread-safe per connection use; see migrations.h.
#include "store/postgres/migrations.h"

#include "common/status_macros.h"
#include "store/postgres/sql.h"

namespace portcullis::store::postgres {
namespace {

Result<int64_t> CurrentVersion(Connection& conn) {
  ASSIGN_OR_RETURN(Rows rows, conn.Run(sql::kSchemaVersion));
  return rows.empty() ? 0 : rows.Int(0, 0);
}

Status ApplyPending(Connection& conn, std::span<const Migration> migrations) {
  // Waits here while another node migrates; then sees what it applied.
  RETURN_IF_ERROR(conn.Run(sql::kMigrationLock));
  RETURN_IF_ERROR(conn.Exec(sql::kCreateSchemaMigrations));
  ASSIGN_OR_RETURN(int64_t current, CurrentVersion(conn));
  const int64_t latest = migrations.empty() ? 0 : migrations.back().version;
  if (current > latest) {
    return MakeError(ErrorCode::kUnavailable,
                     "database schema version " + std::to_string(current) +
                         " is newer than this binary's " + std::to_string(latest) +
                         "; refusing to serve on a schema this binary does not know (upgrade it)");
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= current) continue;
    if (Status s = conn.Exec(migration.sql); !s) {
      return MakeError(s.error().code,
                       "migration " + std::to_string(migration.version) + ": " + s.error().detail);
    }
    RETURN_IF_ERROR(conn.Run(sql::kInsertSchemaMigration, migration.version));
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
  RETURN_IF_ERROR(conn.Exec(sql::kBeginWrite));
  Status status = ApplyPending(conn, migrations);
  if (status.ok()) status = conn.Commit();
  if (!status.ok()) static_cast<void>(conn.Exec(sql::kRollback));
  return status;
}

Result<int64_t> SchemaVersion(Connection& conn) {
  ASSIGN_OR_RETURN(Rows exists, conn.Run(sql::kSchemaMigrationsExists));
  if (!exists.Bool(0, 0)) return 0;
  return CurrentVersion(conn);
}

Status Migrate(const std::string& url, const ConnectOptions& options) {
  ConnectOptions migrator = options;
  migrator.statement_timeout = std::chrono::seconds(0);  // a migration may take long
  ASSIGN_OR_RETURN(auto conn, Connection::Open(url, migrator));
  return ApplyMigrations(*conn, EmbeddedMigrations());
}

}  // namespace portcullis::store::postgres
