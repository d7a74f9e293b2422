// SqliteServiceClientRepository: service client, client secret and token revocation rows over one
// connection; single statements, so each call is atomic. Not thread-safe: the connection's thread.
#include "store/sqlite/service_client_repository.h"

#include <string>
#include <utility>

#include "common/status_macros.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/sql.h"

namespace portcullis::store::sqlite {
namespace {

Error ClientNotFound() { return MakeError(ErrorCode::kNotFound, "client"); }

// Reads the column order of sql::kSelectServiceClient.
core::ServiceClient ReadClient(const Statement& row) {
  core::ServiceClient client;
  client.id = row.ColumnText(0);
  client.company_id = row.ColumnText(1);
  client.name = row.ColumnText(2);
  client.allow_act_as_user = row.ColumnInt(3) != 0;
  client.disabled = row.ColumnInt(4) != 0;
  client.created_by = row.ColumnText(5);  // NULL (the account is gone) reads as ""
  client.created_at = row.ColumnInt(6);
  client.updated_at = row.ColumnInt(7);
  return client;
}

}  // namespace

Status SqliteServiceClientRepository::Create(const core::ServiceClient& client) {
  const Status status =
      Execute(conn_, sql::kInsertServiceClient, client.id, client.company_id, client.name,
              int64_t{client.allow_act_as_user ? 1 : 0}, int64_t{client.disabled ? 1 : 0},
              NullIfEmpty(client.created_by), client.created_at, client.updated_at);
  if (!IsMissingReference(status)) return status;  // a taken id: kConflict "client"
  ASSIGN_OR_RETURN(const bool company, RowExists(conn_, sql::kCompanyExists, client.company_id));
  return MakeError(ErrorCode::kNotFound, company ? "user" : "company");
}

Result<core::ServiceClient> SqliteServiceClientRepository::Find(std::string_view client_id) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kSelectServiceClient));
  select->BindAll(client_id);
  ASSIGN_OR_RETURN(const bool row, select->Step());
  if (!row) return ClientNotFound();
  return ReadClient(*select);
}

Result<std::vector<core::ServiceClient>> SqliteServiceClientRepository::ListForCompany(
    std::string_view company_id) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kListCompanyServiceClients));
  select->BindAll(company_id);
  std::vector<core::ServiceClient> clients;
  for (;;) {
    ASSIGN_OR_RETURN(const bool row, select->Step());
    if (!row) break;
    clients.push_back(ReadClient(*select));
  }
  return clients;
}

Status SqliteServiceClientRepository::SetDisabled(std::string_view client_id, bool disabled,
                                                  int64_t now) {
  RETURN_IF_ERROR(
      Execute(conn_, sql::kSetServiceClientDisabled, client_id, int64_t{disabled ? 1 : 0}, now));
  if (conn_.changes() == 0) return ClientNotFound();
  return Status::Ok();
}

Status SqliteServiceClientRepository::Delete(std::string_view client_id) {
  RETURN_IF_ERROR(Execute(conn_, sql::kDeleteServiceClient, client_id));
  if (conn_.changes() == 0) return ClientNotFound();
  return Status::Ok();
}

Status SqliteServiceClientRepository::AddSecret(const core::ClientSecret& secret) {
  const Status status = Execute(conn_, sql::kInsertClientSecret, secret.id, secret.client_id,
                                secret.secret_hash, secret.created_at);
  if (IsMissingReference(status)) return ClientNotFound();
  return status;  // a taken id: kConflict "client secret"
}

Result<std::vector<core::ClientSecret>> SqliteServiceClientRepository::ListSecrets(
    std::string_view client_id) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kListClientSecrets));
  select->BindAll(client_id);
  std::vector<core::ClientSecret> secrets;
  for (;;) {
    ASSIGN_OR_RETURN(const bool row, select->Step());
    if (!row) break;
    secrets.push_back(core::ClientSecret{select->ColumnText(0), select->ColumnText(1),
                                         select->ColumnText(2), select->ColumnInt(3)});
  }
  return secrets;
}

Status SqliteServiceClientRepository::DeleteSecret(std::string_view client_id,
                                                   std::string_view secret_id) {
  RETURN_IF_ERROR(Execute(conn_, sql::kDeleteClientSecret, client_id, secret_id));
  if (conn_.changes() == 0) return MakeError(ErrorCode::kNotFound, "client secret");
  return Status::Ok();
}

Status SqliteServiceClientRepository::RevokeToken(const core::TokenRevocation& revocation) {
  return Execute(conn_, sql::kInsertTokenRevocation, revocation.token_id, revocation.revoked_at,
                 revocation.expires_at);
}

Result<bool> SqliteServiceClientRepository::IsTokenRevoked(std::string_view token_id) {
  return RowExists(conn_, sql::kTokenRevoked, token_id);
}

Result<int64_t> SqliteServiceClientRepository::PurgeRevokedTokens(int64_t now) {
  RETURN_IF_ERROR(Execute(conn_, sql::kPurgeTokenRevocations, now));
  return conn_.changes();
}

}  // namespace portcullis::store::sqlite
