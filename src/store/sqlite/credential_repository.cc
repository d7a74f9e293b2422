// SqliteCredentialRepository: API key and personal token rows with their permission rows over one
// connection; revoking one is one DELETE whose foreign keys take its permissions and grants.
// Not thread-safe: the connection's thread only.
#include "store/sqlite/credential_repository.h"

#include <optional>
#include <string>

#include "common/status_macros.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/sql.h"

namespace portcullis::store::sqlite {
namespace {

Error CredentialNotFound() { return MakeError(ErrorCode::kNotFound, "credential"); }

// Reads the credential columns (0-11) of the credential SELECTs.
Result<core::Credential> ReadCredential(const Statement& row) {
  core::Credential credential;
  credential.id = row.ColumnText(0);
  const std::optional<core::CredentialKind> kind = core::CredentialKindFromName(row.ColumnText(1));
  if (!kind) return MakeError(ErrorCode::kInternal, "sqlite: a credential of an unknown kind");
  credential.kind = *kind;
  credential.company_id = row.ColumnText(2);
  credential.user_id = row.ColumnText(3);  // NULL (an API key) reads as ""
  credential.name = row.ColumnText(4);
  credential.prefix = row.ColumnText(5);
  credential.last4 = row.ColumnText(6);
  credential.secret_hash = row.ColumnText(7);
  credential.created_by = row.ColumnText(8);  // NULL (the account is gone) reads as ""
  credential.created_at = row.ColumnInt(9);
  credential.last_used_at = row.ColumnInt(10);
  credential.expires_at = row.ColumnInt(11);
  return credential;
}

// Adds the permission in columns 12-14 of a credential SELECT row, when there is one (NULL: the
// LEFT JOIN found none).
void ReadPermission(const Statement& row, core::Credential& credential) {
  if (!row.ColumnOptionalText(12)) return;
  credential.permissions.push_back(
      core::Permission{row.ColumnText(12), row.ColumnText(13), row.ColumnText(14)});
}

}  // namespace

template <class... Keys>
Result<std::vector<core::Credential>> SqliteCredentialRepository::Select(std::string_view sql,
                                                                         const Keys&... keys) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql));
  select->BindAll(keys...);
  std::vector<core::Credential> credentials;
  for (;;) {
    ASSIGN_OR_RETURN(const bool row, select->Step());
    if (!row) break;
    // Rows come grouped by credential, its permissions in order.
    if (credentials.empty() || credentials.back().id != select->ColumnText(0)) {
      ASSIGN_OR_RETURN(core::Credential credential, ReadCredential(*select));
      credentials.push_back(std::move(credential));
    }
    ReadPermission(*select, credentials.back());
  }
  return credentials;
}

Result<core::Credential> SqliteCredentialRepository::SelectOne(std::string_view sql,
                                                               std::string_view key) {
  ASSIGN_OR_RETURN(std::vector<core::Credential> found, Select(sql, key));
  if (found.empty()) return CredentialNotFound();
  return std::move(found.front());
}

Status SqliteCredentialRepository::Create(const core::Credential& credential) {
  const Status status = conn_.InSavepoint("credential_create", [&]() -> Status {
    RETURN_IF_ERROR(Execute(
        conn_, sql::kInsertCredential, credential.id, core::CredentialKindName(credential.kind),
        credential.company_id, NullIfEmpty(credential.user_id), credential.name, credential.prefix,
        credential.last4, credential.secret_hash, NullIfEmpty(credential.created_by),
        credential.created_at, credential.last_used_at, credential.expires_at));
    int64_t position = 0;
    for (const core::Permission& permission : credential.permissions) {
      RETURN_IF_ERROR(Execute(conn_, sql::kInsertCredentialPermission, credential.id, position++,
                              permission.feature, permission.scope, permission.action));
    }
    return Status::Ok();
  });
  if (!IsMissingReference(status)) return status;
  ASSIGN_OR_RETURN(const bool company,
                   RowExists(conn_, sql::kCompanyExists, credential.company_id));
  return MakeError(ErrorCode::kNotFound, company ? "user" : "company");
}

Result<core::Credential> SqliteCredentialRepository::FindByHash(std::string_view secret_hash) {
  return SelectOne(sql::kSelectCredentialByHash, secret_hash);
}

Result<std::vector<core::Credential>> SqliteCredentialRepository::ListForCompany(
    std::string_view company_id, core::CredentialKind kind) {
  return Select(sql::kListCompanyCredentials, company_id, core::CredentialKindName(kind));
}

Result<std::vector<core::Credential>> SqliteCredentialRepository::ListForUser(
    std::string_view user_id) {
  return Select(sql::kListUserCredentials, user_id);
}

Result<core::Credential> SqliteCredentialRepository::Find(std::string_view credential_id) {
  return SelectOne(sql::kSelectCredential, credential_id);
}

Status SqliteCredentialRepository::Delete(std::string_view credential_id) {
  RETURN_IF_ERROR(Execute(conn_, sql::kDeleteCredential, credential_id));
  if (conn_.changes() == 0) return CredentialNotFound();
  return Status::Ok();
}

Status SqliteCredentialRepository::RecordUse(const std::vector<core::CredentialUse>& uses) {
  return conn_.InSavepoint("credential_use", [&]() -> Status {
    for (const core::CredentialUse& use : uses) {
      RETURN_IF_ERROR(Execute(conn_, sql::kRecordCredentialUse, use.credential_id, use.at));
    }
    return Status::Ok();
  });
}

}  // namespace portcullis::store::sqlite
