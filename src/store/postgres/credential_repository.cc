// PostgresCredentialRepository: API key and personal token rows with their permission rows over
// one connection; revoking one is one DELETE whose foreign keys take its permissions and grants.
// Not thread-safe: the connection's thread only.
#include "store/postgres/credential_repository.h"

#include <algorithm>
#include <optional>
#include <string>

#include "common/status_macros.h"
#include "store/postgres/queries.h"
#include "store/postgres/sql.h"

namespace portcullis::store::postgres {
namespace {

Error CredentialNotFound() { return MakeError(ErrorCode::kNotFound, "credential"); }

// Reads the credential columns (0-11) of row `r` of the credential SELECTs.
Result<core::Credential> ReadCredential(const Rows& rows, int r) {
  core::Credential credential;
  credential.id = rows.Text(r, 0);
  const std::optional<core::CredentialKind> kind = core::CredentialKindFromName(rows.Text(r, 1));
  if (!kind) return MakeError(ErrorCode::kInternal, "postgres: a credential of an unknown kind");
  credential.kind = *kind;
  credential.company_id = rows.Text(r, 2);
  credential.user_id = rows.OptionalText(r, 3).value_or("");  // NULL: an API key
  credential.name = rows.Text(r, 4);
  credential.prefix = rows.Text(r, 5);
  credential.last4 = rows.Text(r, 6);
  credential.secret_hash = rows.Text(r, 7);
  credential.created_by = rows.OptionalText(r, 8).value_or("");  // NULL: the account is gone
  credential.created_at = rows.Int(r, 9);
  credential.last_used_at = rows.Int(r, 10);
  credential.expires_at = rows.Int(r, 11);
  return credential;
}

}  // namespace

template <class... Keys>
Result<std::vector<core::Credential>> PostgresCredentialRepository::Select(std::string_view sql,
                                                                           const Keys&... keys) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql, keys...));
  std::vector<core::Credential> credentials;
  for (int r = 0; r < rows.size(); ++r) {
    // Rows come grouped by credential, its permissions in order.
    if (credentials.empty() || credentials.back().id != rows.Text(r, 0)) {
      ASSIGN_OR_RETURN(core::Credential credential, ReadCredential(rows, r));
      credentials.push_back(std::move(credential));
    }
    if (!rows.IsNull(r, 12)) {  // NULL: the LEFT JOIN found no permission
      credentials.back().permissions.push_back(
          core::Permission{rows.Text(r, 12), rows.Text(r, 13), rows.Text(r, 14)});
    }
  }
  return credentials;
}

Result<core::Credential> PostgresCredentialRepository::SelectOne(std::string_view sql,
                                                                 std::string_view key) {
  ASSIGN_OR_RETURN(std::vector<core::Credential> found, Select(sql, key));
  if (found.empty()) return CredentialNotFound();
  return std::move(found.front());
}

Status PostgresCredentialRepository::Create(const core::Credential& credential) {
  const Status status = conn_.InSavepoint([&]() -> Status {
    RETURN_IF_ERROR(conn_.Run(
        sql::kInsertCredential, credential.id, core::CredentialKindName(credential.kind),
        credential.company_id, NullIfEmpty(credential.user_id), credential.name, credential.prefix,
        credential.last4, credential.secret_hash, NullIfEmpty(credential.created_by),
        credential.created_at, credential.last_used_at, credential.expires_at));
    int64_t position = 0;
    for (const core::Permission& permission : credential.permissions) {
      RETURN_IF_ERROR(conn_.Run(sql::kInsertCredentialPermission, credential.id, position++,
                                permission.feature, permission.scope, permission.action));
    }
    return Status::Ok();
  });
  return NameMissing(conn_, status, credential.company_id, "user");
}

Result<core::Credential> PostgresCredentialRepository::FindByHash(std::string_view secret_hash) {
  return SelectOne(sql::kSelectCredentialByHash, secret_hash);
}

Result<std::vector<core::Credential>> PostgresCredentialRepository::ListForCompany(
    std::string_view company_id, core::CredentialKind kind) {
  return Select(sql::kListCompanyCredentials, company_id, core::CredentialKindName(kind));
}

Result<std::vector<core::Credential>> PostgresCredentialRepository::ListForUser(
    std::string_view user_id) {
  return Select(sql::kListUserCredentials, user_id);
}

Result<core::Credential> PostgresCredentialRepository::Find(std::string_view credential_id) {
  return SelectOne(sql::kSelectCredential, credential_id);
}

Status PostgresCredentialRepository::Delete(std::string_view credential_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kDeleteCredential, credential_id));
  if (rows.affected() == 0) return CredentialNotFound();
  return Status::Ok();
}

Status PostgresCredentialRepository::RecordUse(const std::vector<core::CredentialUse>& uses) {
  // Rows are locked in id order, so two nodes flushing overlapping uses cannot deadlock.
  std::vector<core::CredentialUse> ordered = uses;
  std::sort(ordered.begin(), ordered.end(),
            [](const core::CredentialUse& a, const core::CredentialUse& b) {
              return a.credential_id < b.credential_id;
            });
  for (const core::CredentialUse& use : ordered) {
    RETURN_IF_ERROR(conn_.Run(sql::kRecordCredentialUse, use.credential_id, use.at));
  }
  return Status::Ok();
}

}  // namespace portcullis::store::postgres
