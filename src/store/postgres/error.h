// PostgreSQL error translation: a failed result's SQLSTATE → the project's Error. Unique and
// foreign-key violations become kConflict / kNotFound as on SQLite; a lost connection, a timeout
// or a server shutting down becomes kUnavailable. Pure functions; thread-safe.
#pragma once

#include <libpq-fe.h>

#include <string_view>

#include "common/status.h"

namespace portcullis::store::postgres {

// The error of a failed statement. `result` may be null (the connection broke before a result);
// then the connection's message decides. `what` names the step ("prepare", "connect", ...). The
// detail never carries a value from the database or the request, only SQLSTATE, constraint names
// and, for connection-level failures, libpq's message.
Error PgError(const PGresult* result, const PGconn* conn, std::string_view what);

// True for the SQLSTATEs a Write retries: serialization_failure (40001), deadlock_detected (40P01).
bool IsRetryable(std::string_view sqlstate);
// True for the SQLSTATEs after which the connection is no longer usable (class 08, a server
// shutting down or crashed: 57P01..57P03).
bool BreaksConnection(std::string_view sqlstate);

}  // namespace portcullis::store::postgres
