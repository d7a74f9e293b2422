// Schema migrations for the SQLite store: the embedded versioned SQL files and their runner.
// Thread-safe: concurrent runners serialise on BEGIN IMMEDIATE; the loser finds nothing to do.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/status.h"

namespace portcullis::store::sqlite {

class Connection;

struct Migration {
  int64_t version;        // from the file name: 0001_init.sql -> 1
  std::string_view name;  // "init"
  std::string_view sql;
};

// Every migrations/NNNN_name.sql, ascending by version (generated source).
std::span<const Migration> EmbeddedMigrations();

// Creates schema_migrations(version, applied_at) if needed, then applies, in one IMMEDIATE
// transaction, every migration newer than the recorded version; nothing is applied when one fails.
// kUnavailable when the database records a version newer than the newest of `migrations`.
Status ApplyMigrations(Connection& conn, std::span<const Migration> migrations);

// The highest applied version; 0 for a fresh database.
Result<int64_t> SchemaVersion(Connection& conn);

// Opens the database at `path` (a plain file path, no "sqlite:" scheme), switches it to WAL and
// applies the embedded migrations. For `portcullis migrate`; Open() in sqlite_store.h does it too.
Status Migrate(const std::string& path);

}  // namespace portcullis::store::sqlite
