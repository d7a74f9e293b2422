// PostgreSQL error translation; see error.h for the mapping.
// Pure functions; read only the given result and connection.
#include "store/postgres/error.h"

#include <string>

#include "store/postgres/libpq.h"

namespace portcullis::store::postgres {
namespace {

struct UniqueConstraint {
  std::string_view constraint;
  std::string_view detail;
  Field field;
};

// Only our own constraint names are looked up, so no value reaches the detail.
Error UniqueError(const PGresult* result) {
  static constexpr UniqueConstraint kConstraints[] = {
      {"users_email_key", "the email is taken", Field::kEmail},
      {"users_username_key", "the username is taken", Field::kUsername},
      {"users_pkey", "user", Field::kNone},
      {"sessions_pkey", "session", Field::kNone},
      {"mfa_tickets_pkey", "ticket", Field::kNone},
      {"one_time_tickets_pkey", "ticket", Field::kNone},
      {"mail_outbox_pkey", "message", Field::kNone},
      {"security_events_id_key", "event", Field::kNone},
      {"schema_migrations_pkey", "migration", Field::kNone},
      {"companies_pkey", "company", Field::kNone},
      {"company_members_pkey", "membership", Field::kNone},
      {"company_invites_pkey", "invite", Field::kNone},
      {"company_invites_token_hash_key", "invite", Field::kNone},
      {"credentials_pkey", "credential", Field::kNone},
      {"credentials_secret_hash_key", "credential", Field::kNone},
      {"permission_names_pkey", "permission name", Field::kNone},
      {"permission_grants_pkey", "grant", Field::kNone},
      {"permission_grants_once", "grant", Field::kNone},
      {"service_clients_pkey", "client", Field::kNone},
      {"client_secrets_pkey", "client secret", Field::kNone},
      {"identities_pkey", "identity", Field::kNone},
      {"identities_provider_subject_key", "identity", Field::kNone},
  };
  const char* name = pq().result_error_field(result, PG_DIAG_CONSTRAINT_NAME);
  const std::string_view constraint = name != nullptr ? name : "";
  for (const auto& known : kConstraints) {
    if (constraint != known.constraint) continue;
    return MakeError(ErrorCode::kConflict, std::string(known.detail), known.field,
                     known.field == Field::kNone ? Reason::kNone : Reason::kTaken);
  }
  return MakeError(ErrorCode::kConflict, "constraint");
}

std::string Describe(std::string_view sqlstate, std::string_view what, std::string_view message) {
  std::string detail = "postgres: ";
  detail += sqlstate.empty() ? "connection" : "SQLSTATE " + std::string(sqlstate);
  if (!what.empty()) {
    detail += " (";
    detail += what;
    detail += ')';
  }
  if (!message.empty()) {
    detail += ": ";
    detail += message;
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
  }
  return detail;
}

}  // namespace

bool IsRetryable(std::string_view sqlstate) { return sqlstate == "40001" || sqlstate == "40P01"; }

bool BreaksConnection(std::string_view sqlstate) {
  return sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" ||
         sqlstate == "57P03";
}

Error PgError(const PGresult* result, const PGconn* conn, std::string_view what) {
  const char* state =
      result != nullptr ? pq().result_error_field(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string_view sqlstate = state != nullptr ? state : "";
  if (sqlstate.empty()) {
    // No server answer: the connection is gone (libpq's message names host and port, never the
    // password).
    const char* message = conn != nullptr ? pq().error_message(conn) : "";
    return MakeError(ErrorCode::kUnavailable, Describe("", what, message));
  }
  if (sqlstate == "23505") return UniqueError(result);
  if (sqlstate == "23503") return MakeError(ErrorCode::kNotFound, "reference");
  // Classes whose primary message carries no row value: connection (08), resources (53),
  // operator intervention incl. statement timeout (57), transaction rollback (40).
  const std::string_view cls = sqlstate.substr(0, 2);
  if (cls == "08" || cls == "53" || cls == "57" || cls == "40") {
    const char* message = pq().result_error_field(result, PG_DIAG_MESSAGE_PRIMARY);
    return MakeError(ErrorCode::kUnavailable,
                     Describe(sqlstate, what, message != nullptr ? message : ""));
  }
  return MakeError(ErrorCode::kInternal, Describe(sqlstate, what, ""));
}

}  // namespace portcullis::store::postgres
