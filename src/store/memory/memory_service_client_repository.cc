// MemoryServiceClientRepository: service clients, their secrets and revoked client tokens in a
// MemoryState, as the SQL backends keep them. Not thread-safe: the caller holds the store's mutex.
#include "store/memory/memory_service_client_repository.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

namespace portcullis::store::memory {
namespace {

Error ClientNotFound() { return MakeError(ErrorCode::kNotFound, "client"); }

}  // namespace

Status MemoryServiceClientRepository::Create(const core::ServiceClient& client) {
  if (state_.service_clients.contains(client.id)) return MakeError(ErrorCode::kConflict, "client");
  if (!state_.companies.contains(client.company_id)) {
    return MakeError(ErrorCode::kNotFound, "company");
  }
  if (!client.created_by.empty() && !state_.users.contains(client.created_by)) {
    return MakeError(ErrorCode::kNotFound, "user");
  }
  state_.Assign(state_.service_clients, client.id, client);
  return Status::Ok();
}

Result<core::ServiceClient> MemoryServiceClientRepository::Find(std::string_view client_id) {
  auto it = state_.service_clients.find(client_id);
  if (it == state_.service_clients.end()) return ClientNotFound();
  return it->second;
}

Result<std::vector<core::ServiceClient>> MemoryServiceClientRepository::ListForCompany(
    std::string_view company_id) {
  std::vector<core::ServiceClient> clients;
  for (const auto& [id, client] : state_.service_clients) {
    if (client.company_id == company_id) clients.push_back(client);
  }
  std::sort(clients.begin(), clients.end(),
            [](const core::ServiceClient& a, const core::ServiceClient& b) {
              return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
            });
  return clients;
}

Status MemoryServiceClientRepository::SetDisabled(std::string_view client_id, bool disabled,
                                                  int64_t now) {
  auto it = state_.service_clients.find(client_id);
  if (it == state_.service_clients.end()) return ClientNotFound();
  core::ServiceClient updated = it->second;
  updated.disabled = disabled;
  updated.updated_at = now;
  state_.Assign(state_.service_clients, updated.id, updated);
  return Status::Ok();
}

Status MemoryServiceClientRepository::Delete(std::string_view client_id) {
  if (!state_.service_clients.contains(client_id)) return ClientNotFound();
  state_.EraseServiceClient(std::string(client_id));
  return Status::Ok();
}

Status MemoryServiceClientRepository::AddSecret(const core::ClientSecret& secret) {
  if (state_.client_secrets.contains(secret.id)) {
    return MakeError(ErrorCode::kConflict, "client secret");
  }
  if (!state_.service_clients.contains(secret.client_id)) return ClientNotFound();
  state_.Assign(state_.client_secrets, secret.id, secret);
  return Status::Ok();
}

Result<std::vector<core::ClientSecret>> MemoryServiceClientRepository::ListSecrets(
    std::string_view client_id) {
  std::vector<core::ClientSecret> secrets;
  for (const auto& [id, secret] : state_.client_secrets) {
    if (secret.client_id == client_id) secrets.push_back(secret);
  }
  std::sort(secrets.begin(), secrets.end(),
            [](const core::ClientSecret& a, const core::ClientSecret& b) {
              return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
            });
  return secrets;
}

Status MemoryServiceClientRepository::DeleteSecret(std::string_view client_id,
                                                   std::string_view secret_id) {
  auto it = state_.client_secrets.find(secret_id);
  if (it == state_.client_secrets.end() || it->second.client_id != client_id) {
    return MakeError(ErrorCode::kNotFound, "client secret");
  }
  state_.Assign(state_.client_secrets, std::string(secret_id), std::nullopt);
  return Status::Ok();
}

Status MemoryServiceClientRepository::RevokeToken(const core::TokenRevocation& revocation) {
  if (state_.token_revocations.contains(revocation.token_id)) return Status::Ok();
  state_.Assign(state_.token_revocations, revocation.token_id, revocation);
  return Status::Ok();
}

Result<bool> MemoryServiceClientRepository::IsTokenRevoked(std::string_view token_id) {
  return state_.token_revocations.contains(token_id);
}

Result<int64_t> MemoryServiceClientRepository::PurgeRevokedTokens(int64_t now) {
  return state_.EraseWhere(state_.token_revocations,
                           [&](const core::TokenRevocation& r) { return r.expires_at < now; });
}

}  // namespace portcullis::store::memory
