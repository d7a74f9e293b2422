// ServiceClientService: a company's service clients as its owners and admins manage them —
// creating one (its first secret shown once), listing, disabling, deleting, and rotating its
// secrets (at most kMaxLiveClientSecrets live). A client's permissions are grants of the company's
// permission model (subject "client"), never more than its creator holds. Every company question
// goes through the Authorizer; every change is audited in its own Write. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/random.h"
#include "common/status.h"
#include "core/audit_trail.h"
#include "core/auth_types.h"
#include "core/authorizer.h"
#include "core/crypto_ports.h"
#include "core/permission.h"
#include "core/ports/store.h"
#include "core/service_client.h"
#include "core/step_up_guard.h"

namespace portcullis::core {

// What POST .../clients asks for.
struct ServiceClientRequest {
  std::string name;
  std::vector<Permission> permissions;
  bool allow_act_as_user = false;
};

// A client as its managers see it: never a secret, only the secrets' ids and times.
struct ServiceClientDetails {
  ServiceClient client;
  std::vector<ClientSecret> secrets;  // secret_hash cleared
  std::vector<Permission> permissions;
};

// A secret just made: shown once, never again.
struct IssuedClientSecret {
  std::string secret_id;
  std::string secret;
  int64_t created_at = 0;
};

struct NewServiceClient {
  ServiceClientDetails details;
  IssuedClientSecret secret;
};

class ServiceClientService {
 public:
  // Every reference must outlive the service.
  ServiceClientService(Store& store, ClientSecretHasher& hasher, OpaqueTokens& tokens,
                       Random& random, const Clock& clock, const StepUpGuard& step_up,
                       const Authorizer& authorizer, AuditTrail& audit);

  // Owner/admin with a session that authenticated recently. kInvalidRequest
  // (Reason::kPermissionNotHeld) for a permission the creator does not hold.
  Result<NewServiceClient> Create(const Principal& principal, std::string_view company_id,
                                  const ServiceClientRequest& request,
                                  const ClientInfo& client) const;
  Result<std::vector<ServiceClientDetails>> List(const Principal& principal,
                                                 std::string_view company_id) const;
  // kNotFound for a client that is not of the company.
  Result<ServiceClientDetails> Get(const Principal& principal, std::string_view company_id,
                                   std::string_view client_id) const;
  Result<ServiceClientDetails> SetDisabled(const Principal& principal, std::string_view company_id,
                                           std::string_view client_id, bool disabled,
                                           const ClientInfo& client) const;
  // Deletes the client, its secrets and its grants.
  Status Delete(const Principal& principal, std::string_view company_id, std::string_view client_id,
                const ClientInfo& client) const;
  // A new secret (a rotation), with a recent authentication; kConflict when the client has
  // kMaxLiveClientSecrets already.
  Result<IssuedClientSecret> AddSecret(const Principal& principal, std::string_view company_id,
                                       std::string_view client_id, const ClientInfo& client) const;
  Status DeleteSecret(const Principal& principal, std::string_view company_id,
                      std::string_view client_id, std::string_view secret_id,
                      const ClientInfo& client) const;

 private:
  // The company's client `client_id` inside a transaction the caller authorised.
  Result<ServiceClient> FindOfCompany(Repositories& repos, std::string_view company_id,
                                      std::string_view client_id) const;
  Result<ServiceClientDetails> Details(Repositories& repos, ServiceClient client) const;
  // A new random secret for `client_id`: its record (hash only) and its plaintext.
  ClientSecret NewSecret(std::string_view client_id, std::string& plaintext) const;
  Status Audit(Repositories& repos, std::string_view type, const Principal& principal,
               std::string_view company_id, std::string_view client_id,
               const ClientInfo& client) const;

  Store& store_;
  ClientSecretHasher& hasher_;
  OpaqueTokens& tokens_;
  Random& random_;
  const Clock& clock_;
  const StepUpGuard& step_up_;
  const Authorizer& authorizer_;
  AuditTrail& audit_;
};

// A client's permissions as a token's scope: "feature:scope:action", space-separated.
std::string ScopeString(const std::vector<Permission>& permissions);
// The permissions of a client's grants, sorted by feature, scope and action (a stable order for
// views and scopes: grants made in the same second have no order of their own).
std::vector<Permission> PermissionsOf(std::vector<PermissionGrant> grants);

}  // namespace portcullis::core
