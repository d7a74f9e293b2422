// PostgresServiceClientRepository: service client, client secret and token revocation rows over
// one connection; single statements, so each call is atomic. Not thread-safe: the connection's
// thread only.
#include "store/postgres/service_client_repository.h"

#include <cstddef>
#include <string>
#include <vector>

#include "common/status_macros.h"
#include "store/postgres/queries.h"
#include "store/postgres/sql.h"

namespace portcullis::store::postgres {
namespace {

Error ClientNotFound() { return MakeError(ErrorCode::kNotFound, "client"); }

// Reads row `r` in the column order of sql::kSelectServiceClient.
core::ServiceClient ReadClient(const Rows& rows, int r) {
  core::ServiceClient client;
  client.id = rows.Text(r, 0);
  client.company_id = rows.Text(r, 1);
  client.name = rows.Text(r, 2);
  client.allow_act_as_user = rows.Bool(r, 3);
  client.disabled = rows.Bool(r, 4);
  client.created_by = rows.OptionalText(r, 5).value_or("");  // NULL: the account is gone
  client.created_at = rows.Int(r, 6);
  client.updated_at = rows.Int(r, 7);
  return client;
}

}  // namespace

Status PostgresServiceClientRepository::Create(const core::ServiceClient& client) {
  const Status status = conn_.InSavepoint([&]() -> Status {
    RETURN_IF_ERROR(conn_.Run(sql::kInsertServiceClient, client.id, client.company_id, client.name,
                              client.allow_act_as_user, client.disabled,
                              NullIfEmpty(client.created_by), client.created_at,
                              client.updated_at));
    return Status::Ok();
  });
  return NameMissing(conn_, status, client.company_id, "user");  // a taken id: kConflict
}

Result<core::ServiceClient> PostgresServiceClientRepository::Find(std::string_view client_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kSelectServiceClient, client_id));
  if (rows.empty()) return ClientNotFound();
  return ReadClient(rows, 0);
}

Result<std::vector<core::ServiceClient>> PostgresServiceClientRepository::ListForCompany(
    std::string_view company_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kListCompanyServiceClients, company_id));
  std::vector<core::ServiceClient> clients;
  clients.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) clients.push_back(ReadClient(rows, r));
  return clients;
}

Status PostgresServiceClientRepository::SetDisabled(std::string_view client_id, bool disabled,
                                                    int64_t now) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kSetServiceClientDisabled, client_id, disabled, now));
  if (rows.affected() == 0) return ClientNotFound();
  return Status::Ok();
}

Status PostgresServiceClientRepository::Delete(std::string_view client_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kDeleteServiceClient, client_id));
  if (rows.affected() == 0) return ClientNotFound();
  return Status::Ok();
}

Status PostgresServiceClientRepository::AddSecret(const core::ClientSecret& secret) {
  const Status status = conn_.InSavepoint([&]() -> Status {
    RETURN_IF_ERROR(conn_.Run(sql::kInsertClientSecret, secret.id, secret.client_id,
                              secret.secret_hash, secret.created_at));
    return Status::Ok();
  });
  if (IsMissingReference(status)) return ClientNotFound();
  return status;  // a taken id: kConflict "client secret"
}

Result<std::vector<core::ClientSecret>> PostgresServiceClientRepository::ListSecrets(
    std::string_view client_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kListClientSecrets, client_id));
  std::vector<core::ClientSecret> secrets;
  secrets.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    secrets.push_back(
        core::ClientSecret{rows.Text(r, 0), rows.Text(r, 1), rows.Text(r, 2), rows.Int(r, 3)});
  }
  return secrets;
}

Status PostgresServiceClientRepository::DeleteSecret(std::string_view client_id,
                                                     std::string_view secret_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kDeleteClientSecret, client_id, secret_id));
  if (rows.affected() == 0) return MakeError(ErrorCode::kNotFound, "client secret");
  return Status::Ok();
}

Status PostgresServiceClientRepository::RevokeToken(const core::TokenRevocation& revocation) {
  RETURN_IF_ERROR(conn_.Run(sql::kInsertTokenRevocation, revocation.token_id, revocation.revoked_at,
                            revocation.expires_at));
  return Status::Ok();
}

Result<bool> PostgresServiceClientRepository::IsTokenRevoked(std::string_view token_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kTokenRevoked, token_id));
  return rows.Bool(0, 0);
}

Result<int64_t> PostgresServiceClientRepository::PurgeRevokedTokens(int64_t now) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kPurgeTokenRevocations, now));
  return rows.affected();
}

}  // namespace portcullis::store::postgres
