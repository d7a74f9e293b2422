// Schema migrations for the PostgreSQL store: the embedded versioned SQL files and their runner.
// Thread-safe across processes: every runner takes one advisory lock inside its transaction, so
// nodes starting together migrate once and the others wait, then find nothing to do.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/status.h"
#include "store/postgres/connection.h"

namespace portcullis::store::postgres {

struct Migration {
  int64_t version;        // from the file name: 0001_init.sql -> 1
  std::string_view name;  // "init"
  std::string_view sql;
};

// Every migrations/NNNN_name.sql, ascending by version (generated source).
std::span<const Migration> EmbeddedMigrations();

// In one transaction under pg_advisory_xact_lock: creates schema_migrations(version, applied_at)
// if needed and applies every migration newer than the recorded version; nothing is applied when
// one fails. kUnavailable, naming both versions, when the database records a version newer than
// the newest of `migrations` (this binary must not serve on a schema it does not know).
Status ApplyMigrations(Connection& conn, std::span<const Migration> migrations);

// The highest applied version; 0 for a fresh database.
Result<int64_t> SchemaVersion(Connection& conn);

// Connects to `url` and applies the embedded migrations (for `portcullis migrate`; Open() in
// postgres_store.h does it too).
Status Migrate(const std::string& url, const ConnectOptions& options);

}  // namespace portcullis::store::postgres
