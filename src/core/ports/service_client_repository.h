// ServiceClientRepository: the port for service clients, their secrets and revoked client tokens.
// Implemented by store/{memory,sqlite,postgres}; behaviour defined by
// store/conformance/service_client_conformance.cc. Bound to one transaction; not thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "core/service_client.h"

namespace portcullis::core {

class ServiceClientRepository {
 public:
  virtual ~ServiceClientRepository() = default;

  // kConflict when the id is taken. The company must exist (deleting it deletes its clients).
  virtual Status Create(const ServiceClient& client) = 0;
  // kNotFound when absent.
  virtual Result<ServiceClient> Find(std::string_view client_id) = 0;
  // The company's clients, oldest first.
  virtual Result<std::vector<ServiceClient>> ListForCompany(std::string_view company_id) = 0;
  // kNotFound when absent.
  virtual Status SetDisabled(std::string_view client_id, bool disabled, int64_t now) = 0;
  // Deletes the client and its secrets; kNotFound when absent.
  virtual Status Delete(std::string_view client_id) = 0;

  // kConflict when the secret's id is taken; the client must exist. The caller enforces
  // kMaxLiveClientSecrets (count with ListSecrets in the same Write).
  virtual Status AddSecret(const ClientSecret& secret) = 0;
  // The client's secrets, oldest first.
  virtual Result<std::vector<ClientSecret>> ListSecrets(std::string_view client_id) = 0;
  // kNotFound when the client has no such secret.
  virtual Status DeleteSecret(std::string_view client_id, std::string_view secret_id) = 0;

  // Remembers a revoked token (idempotent: a second revocation keeps the first row).
  virtual Status RevokeToken(const TokenRevocation& revocation) = 0;
  virtual Result<bool> IsTokenRevoked(std::string_view token_id) = 0;
  // Deletes the revocations of tokens expired before `now`; returns how many.
  virtual Result<int64_t> PurgeRevokedTokens(int64_t now) = 0;
};

}  // namespace portcullis::core
