// ServiceClientService: each operation is one store Read or one Write that also appends its
// audit event. Thread-safe: no state of its own.
#include "core/service_client_service.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "common/hex.h"
#include "common/status_macros.h"
#include "common/uuid.h"

namespace portcullis::core {
namespace {

constexpr std::size_t kMaxNameBytes = 100;
constexpr std::size_t kMaxClientPermissions = 100;

Error NoSuchClient() { return MakeError(ErrorCode::kNotFound, "no such service client"); }

// An ObjectId: 4 bytes of the creation time (big-endian seconds) and 8 random bytes, as 24
// lower-case hex digits, so the Hubler dialect can present it as its `account`.
std::string NewObjectId(Random& random, int64_t now) {
  std::string bytes(4, '\0');
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>((now >> (8 * (3 - i))) & 0xff);
  bytes += random.Bytes(8);
  return HexEncode(bytes);
}

// Clients and their secrets are issued by a person: a session that proved itself recently.
Status RequireFreshSession(const StepUpGuard& step_up, const Principal& principal) {
  if (principal.kind != PrincipalKind::kSession) {
    return MakeError(ErrorCode::kForbidden,
                     "only a logged-in user may create service clients and their secrets");
  }
  return step_up.Check(principal);
}

Status CheckRequest(const ServiceClientRequest& request) {
  if (request.name.empty() || request.name.size() > kMaxNameBytes) {
    return MakeError(ErrorCode::kInvalidRequest, "name must be 1 to 100 bytes");
  }
  if (request.permissions.size() > kMaxClientPermissions) {
    return MakeError(ErrorCode::kInvalidRequest, "at most 100 permissions per client");
  }
  for (const auto& permission : request.permissions) {
    if (!IsPermissionName(permission.feature) || !IsPermissionName(permission.scope) ||
        !IsPermissionName(permission.action)) {
      return MakeError(ErrorCode::kInvalidRequest,
                       "feature, scope and action must be short lower-case names");
    }
  }
  return Status::Ok();
}

GrantSubject SubjectOf(std::string_view client_id) {
  return GrantSubject{GrantSubjectType::kClient, std::string(client_id)};
}

}  // namespace

std::string ScopeString(const std::vector<Permission>& permissions) {
  std::string scope;
  for (const auto& p : permissions) {
    if (!scope.empty()) scope += ' ';
    scope += p.feature + ":" + p.scope + ":" + p.action;
  }
  return scope;
}

std::vector<Permission> PermissionsOf(std::vector<PermissionGrant> grants) {
  std::vector<Permission> permissions;
  permissions.reserve(grants.size());
  for (auto& grant : grants) permissions.push_back(std::move(grant.permission));
  std::sort(permissions.begin(), permissions.end(), [](const Permission& a, const Permission& b) {
    return std::tie(a.feature, a.scope, a.action) < std::tie(b.feature, b.scope, b.action);
  });
  return permissions;
}

ServiceClientService::ServiceClientService(Store& store, ClientSecretHasher& hasher,
                                           OpaqueTokens& tokens, Random& random, const Clock& clock,
                                           const StepUpGuard& step_up, const Authorizer& authorizer,
                                           AuditTrail& audit)
    : store_(store),
      hasher_(hasher),
      tokens_(tokens),
      random_(random),
      clock_(clock),
      step_up_(step_up),
      authorizer_(authorizer),
      audit_(audit) {}

ClientSecret ServiceClientService::NewSecret(std::string_view client_id,
                                             std::string& plaintext) const {
  // 32 random bytes as base64url: 256 bits, safe in a URL-encoded Basic header as they are.
  plaintext = tokens_.Generate().plaintext;
  ClientSecret secret;
  secret.id = NewUuidV4(random_);
  secret.client_id = std::string(client_id);
  secret.secret_hash = hasher_.Hash(plaintext);
  secret.created_at = clock_.NowSeconds();
  return secret;
}

Status ServiceClientService::Audit(Repositories& repos, std::string_view type,
                                   const Principal& principal, std::string_view company_id,
                                   std::string_view client_id, const ClientInfo& client) const {
  SecurityEvent event = AuditEvent(type, principal, client);
  event.company_id = std::string(company_id);
  event.target_type = "client";
  event.target_id = std::string(client_id);
  return audit_.Record(repos, std::move(event));
}

Result<ServiceClient> ServiceClientService::FindOfCompany(Repositories& repos,
                                                          std::string_view company_id,
                                                          std::string_view client_id) const {
  auto client = repos.service_clients().Find(client_id);
  if (!client) return client.error().code == ErrorCode::kNotFound ? NoSuchClient() : client.error();
  if (client->company_id != company_id) return NoSuchClient();
  return client;
}

Result<ServiceClientDetails> ServiceClientService::Details(Repositories& repos,
                                                           ServiceClient client) const {
  ServiceClientDetails details;
  ASSIGN_OR_RETURN(details.secrets, repos.service_clients().ListSecrets(client.id));
  for (auto& secret : details.secrets) secret.secret_hash.clear();
  ASSIGN_OR_RETURN(auto grants,
                   repos.permissions().ListGrants(client.company_id, SubjectOf(client.id)));
  details.permissions = PermissionsOf(std::move(grants));
  details.client = std::move(client);
  return details;
}

Result<NewServiceClient> ServiceClientService::Create(const Principal& principal,
                                                      std::string_view company_id,
                                                      const ServiceClientRequest& request,
                                                      const ClientInfo& info) const {
  RETURN_IF_ERROR(CheckRequest(request));
  NewServiceClient made;
  RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(
        authorizer_.Authorize(repos, principal, company_id, CompanyAction::kManageClients));
    // Checked after the company: a foreign company is 404 before anything else is said.
    RETURN_IF_ERROR(RequireFreshSession(step_up_, principal));
    for (const auto& permission : request.permissions) {
      ASSIGN_OR_RETURN(bool held,
                       authorizer_.UserHolds(repos, company_id, principal.user_id, permission));
      if (!held) {
        return MakeError(ErrorCode::kInvalidRequest,
                         "you do not hold " + permission.action + " on " + permission.feature +
                             "/" + permission.scope + ": a client may only have rights you hold",
                         Reason::kPermissionNotHeld);
      }
    }
    const int64_t now = clock_.NowSeconds();
    ServiceClient client;
    client.id = NewObjectId(random_, now);
    client.company_id = std::string(company_id);
    client.name = request.name;
    client.allow_act_as_user = request.allow_act_as_user;
    client.created_by = principal.user_id;
    client.created_at = now;
    client.updated_at = now;
    RETURN_IF_ERROR(repos.service_clients().Create(client));
    ClientSecret secret = NewSecret(client.id, made.secret.secret);
    RETURN_IF_ERROR(repos.service_clients().AddSecret(secret));
    made.secret.secret_id = secret.id;
    made.secret.created_at = secret.created_at;
    for (const auto& permission : request.permissions) {
      PermissionGrant grant;
      grant.id = NewUuidV4(random_);
      grant.company_id = client.company_id;
      grant.subject = SubjectOf(client.id);
      grant.permission = permission;
      grant.created_at = now;
      Status added = repos.permissions().AddGrant(grant);
      // The same permission twice in the request is one grant.
      if (!added && added.error().code != ErrorCode::kConflict) return added;
    }
    RETURN_IF_ERROR(Audit(repos, "client_created", principal, company_id, client.id, info));
    ASSIGN_OR_RETURN(made.details, Details(repos, std::move(client)));
    return Status::Ok();
  }));
  return made;
}

Result<std::vector<ServiceClientDetails>> ServiceClientService::List(
    const Principal& principal, std::string_view company_id) const {
  return store_.ReadValue([&](Repositories& repos) -> Result<std::vector<ServiceClientDetails>> {
    RETURN_IF_ERROR(
        authorizer_.Authorize(repos, principal, company_id, CompanyAction::kManageClients));
    ASSIGN_OR_RETURN(auto clients, repos.service_clients().ListForCompany(company_id));
    std::vector<ServiceClientDetails> out;
    out.reserve(clients.size());
    for (auto& client : clients) {
      ASSIGN_OR_RETURN(auto details, Details(repos, std::move(client)));
      out.push_back(std::move(details));
    }
    return out;
  });
}

Result<ServiceClientDetails> ServiceClientService::Get(const Principal& principal,
                                                       std::string_view company_id,
                                                       std::string_view client_id) const {
  return store_.ReadValue([&](Repositories& repos) -> Result<ServiceClientDetails> {
    RETURN_IF_ERROR(
        authorizer_.Authorize(repos, principal, company_id, CompanyAction::kManageClients));
    ASSIGN_OR_RETURN(ServiceClient client, FindOfCompany(repos, company_id, client_id));
    return Details(repos, std::move(client));
  });
}

Result<ServiceClientDetails> ServiceClientService::SetDisabled(const Principal& principal,
                                                               std::string_view company_id,
                                                               std::string_view client_id,
                                                               bool disabled,
                                                               const ClientInfo& info) const {
  ServiceClientDetails details;
  RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(
        authorizer_.Authorize(repos, principal, company_id, CompanyAction::kManageClients));
    ASSIGN_OR_RETURN(ServiceClient client, FindOfCompany(repos, company_id, client_id));
    if (client.disabled != disabled) {
      const int64_t now = clock_.NowSeconds();
      RETURN_IF_ERROR(repos.service_clients().SetDisabled(client_id, disabled, now));
      client.disabled = disabled;
      client.updated_at = now;
      RETURN_IF_ERROR(Audit(repos, disabled ? "client_disabled" : "client_enabled", principal,
                            company_id, client_id, info));
    }
    ASSIGN_OR_RETURN(details, Details(repos, std::move(client)));
    return Status::Ok();
  }));
  return details;
}

Status ServiceClientService::Delete(const Principal& principal, std::string_view company_id,
                                    std::string_view client_id, const ClientInfo& info) const {
  return store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(
        authorizer_.Authorize(repos, principal, company_id, CompanyAction::kManageClients));
    RETURN_IF_ERROR(FindOfCompany(repos, company_id, client_id));
    RETURN_IF_ERROR(repos.permissions().RemoveGrantsOf(company_id, SubjectOf(client_id)));
    RETURN_IF_ERROR(repos.service_clients().Delete(client_id));
    return Audit(repos, "client_deleted", principal, company_id, client_id, info);
  });
}

Result<IssuedClientSecret> ServiceClientService::AddSecret(const Principal& principal,
                                                           std::string_view company_id,
                                                           std::string_view client_id,
                                                           const ClientInfo& info) const {
  IssuedClientSecret issued;
  RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(
        authorizer_.Authorize(repos, principal, company_id, CompanyAction::kManageClients));
    RETURN_IF_ERROR(FindOfCompany(repos, company_id, client_id));
    RETURN_IF_ERROR(RequireFreshSession(step_up_, principal));
    // Two rotations at once must not both count one live secret and add a second.
    RETURN_IF_ERROR(repos.companies().Lock(company_id));
    ASSIGN_OR_RETURN(auto secrets, repos.service_clients().ListSecrets(client_id));
    if (secrets.size() >= static_cast<std::size_t>(kMaxLiveClientSecrets)) {
      return MakeError(ErrorCode::kConflict,
                       "the client has 2 live secrets already: delete the older one before "
                       "adding another");
    }
    ClientSecret secret = NewSecret(client_id, issued.secret);
    RETURN_IF_ERROR(repos.service_clients().AddSecret(secret));
    issued.secret_id = secret.id;
    issued.created_at = secret.created_at;
    return Audit(repos, "client_secret_created", principal, company_id, client_id, info);
  }));
  return issued;
}

Status ServiceClientService::DeleteSecret(const Principal& principal, std::string_view company_id,
                                          std::string_view client_id, std::string_view secret_id,
                                          const ClientInfo& info) const {
  return store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(
        authorizer_.Authorize(repos, principal, company_id, CompanyAction::kManageClients));
    RETURN_IF_ERROR(FindOfCompany(repos, company_id, client_id));
    Status deleted = repos.service_clients().DeleteSecret(client_id, secret_id);
    if (!deleted && deleted.error().code == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound, "no such secret");
    }
    RETURN_IF_ERROR(deleted);
    return Audit(repos, "client_secret_deleted", principal, company_id, client_id, info);
  });
}

}  // namespace portcullis::core
