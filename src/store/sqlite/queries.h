// Small helpers the SQLite repositories share: run a statement for its effect, ask whether a row
// exists, and name the row a foreign-key failure was missing. Not thread-safe: the connection's
// thread only, like the Connection they are given.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/status_macros.h"
#include "store/sqlite/connection.h"

namespace portcullis::store::sqlite {

// Prepares (cached) `sql`, binds `args` to ?1, ?2, ... and steps it to completion.
template <class... Args>
Status Execute(Connection& conn, std::string_view sql, const Args&... args) {
  ASSIGN_OR_RETURN(auto statement, conn.Prepare(sql));
  statement->BindAll(args...);
  return statement->Run();
}

// Whether `sql` (a SELECT taking one key as ?1) returns a row.
inline Result<bool> RowExists(Connection& conn, std::string_view sql, std::string_view key) {
  ASSIGN_OR_RETURN(auto select, conn.Prepare(sql));
  select->BindAll(key);
  return select->Step();
}

// NULL for an empty reference (no user, no company), which a foreign key lets through.
inline std::optional<std::string> NullIfEmpty(std::string_view id) {
  if (id.empty()) return std::nullopt;
  return std::string(id);
}

// True when `status` is the foreign-key failure of error.h (kNotFound, detail "reference"), which
// the caller then names after the row that was missing.
inline bool IsMissingReference(const Status& status) {
  return !status.ok() && status.error().code == ErrorCode::kNotFound &&
         status.error().detail == "reference";
}

}  // namespace portcullis::store::sqlite
