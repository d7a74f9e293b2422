// SQLite error translation: result codes to portcullis Errors whose detail never carries user data
// (unique violations name the column; everything else is SQLite's generic text). Pure; any thread.
#pragma once

#include <string_view>

#include "common/status.h"

struct sqlite3;

namespace portcullis::store::sqlite {

// `rc` is an (extended) SQLite result code from an operation on `db`; `what` names the operation
// for the detail ("commit", "INSERT INTO sessions"). Mapping:
//   UNIQUE/PRIMARY KEY  -> kConflict, detail "email" | "username" | "user" | "session" | "ticket"
//                          | "company" | "membership" | "invite" | "credential" | "grant" | ...
//   FOREIGN KEY         -> kNotFound, detail "reference" (callers name the missing row)
//   BUSY/LOCKED, I/O, full disk, corrupt/unopenable file -> kUnavailable
//   anything else       -> kInternal
Error SqliteError(sqlite3* db, int rc, std::string_view what);

}  // namespace portcullis::store::sqlite
