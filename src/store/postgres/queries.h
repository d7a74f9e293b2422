// Small helpers the PostgreSQL repositories share: NULL for an empty reference, whether a
// company exists, and whether a failure was a missing reference. Not thread-safe: the
// connection's thread only, like the Connection they are given.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/status_macros.h"
#include "store/postgres/connection.h"
#include "store/postgres/sql.h"

namespace portcullis::store::postgres {

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

// Whether the company exists (after a failed statement: outside the savepoint it rolled back).
inline Result<bool> CompanyExists(Connection& conn, std::string_view company_id) {
  ASSIGN_OR_RETURN(Rows rows, conn.Run(sql::kCompanyExists, company_id));
  return rows.Bool(0, 0);
}

// The error for a failed insert whose references are its company and one more row (`other`,
// "user", "credential" or "client"): kNotFound naming the one that is missing; any other failure as
// it is.
inline Status NameMissing(Connection& conn, Status status, std::string_view company_id,
                          const char* other) {
  if (!IsMissingReference(status)) return status;
  ASSIGN_OR_RETURN(const bool company, CompanyExists(conn, company_id));
  return MakeError(ErrorCode::kNotFound, company ? other : "company");
}

}  // namespace portcullis::store::postgres
