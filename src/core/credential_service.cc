// CredentialService: issuing, listing, revoking and authenticating API keys and personal tokens.
// Thread-safe: no state of its own; each operation is one store Read or Write.
#include "core/credential_service.h"

#include <algorithm>
#include <utility>

#include "common/status_macros.h"
#include "common/uuid.h"

namespace portcullis::core {
namespace {

constexpr std::size_t kMaxNameBytes = 100;
constexpr std::size_t kMaxTokenPermissions = 100;

Error InvalidCredential() {
  return MakeError(ErrorCode::kTokenInvalid, "the API key or token is invalid, revoked or expired",
                   Reason::kUnknownToken);
}

Error NoSuchKey(std::string_view what) {
  return MakeError(ErrorCode::kNotFound, "no such " + std::string(what));
}

// Keys and tokens are made by a person: a session that proved itself recently.
Status RequireFreshSession(const StepUpGuard& step_up, const Principal& principal) {
  if (principal.kind != PrincipalKind::kSession) {
    return MakeError(ErrorCode::kForbidden,
                     "only a logged-in user may issue API keys and personal tokens");
  }
  return step_up.Check(principal);
}

Status CheckPermission(const Permission& permission) {
  if (!IsPermissionName(permission.feature) || !IsPermissionName(permission.scope) ||
      !IsPermissionName(permission.action)) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "feature, scope and action must be short lower-case names");
  }
  return Status::Ok();
}

}  // namespace

CredentialService::CredentialService(CredentialOptions options, Store& store, OpaqueTokens& tokens,
                                     Random& random, const Clock& clock, const StepUpGuard& step_up,
                                     const Authorizer& authorizer, CredentialUseRecorder* recorder,
                                     AuditTrail* audit)
    : options_(std::move(options)),
      store_(store),
      tokens_(tokens),
      random_(random),
      clock_(clock),
      step_up_(step_up),
      authorizer_(authorizer),
      recorder_(recorder),
      audit_(audit) {}

Status CredentialService::AuditCredential(Repositories& repos, std::string_view type,
                                          const Principal& principal,
                                          const Credential& credential) const {
  if (audit_ == nullptr) return Status::Ok();
  SecurityEvent event = AuditEvent(type, principal, {});
  event.company_id = credential.company_id;
  // A token's user; for a company key, the user who acted (none for a key acting itself).
  if (!credential.user_id.empty()) event.user_id = credential.user_id;
  event.target_type = credential.kind == CredentialKind::kApiKey ? "api_key" : "personal_token";
  event.target_id = credential.id;
  return audit_->Record(repos, std::move(event));
}

bool CredentialService::IsCredentialShaped(std::string_view secret) const {
  if (secret.starts_with(kPersonalTokenPrefix)) return true;
  return std::any_of(options_.api_key_prefixes.begin(), options_.api_key_prefixes.end(),
                     [&](const std::string& prefix) { return secret.starts_with(prefix); });
}

Result<Principal> CredentialService::Authenticate(std::string_view secret) const {
  if (!IsCredentialShaped(secret)) return InvalidCredential();
  const std::string hash = tokens_.HashOf(secret);
  auto found = store_.ReadValue([&](Repositories& repos) -> Result<Credential> {
    ASSIGN_OR_RETURN(Credential credential, repos.credentials().FindByHash(hash));
    // A personal token acts as its user: it stops with the account (a key is its company's).
    if (credential.kind == CredentialKind::kPersonalToken) {
      ASSIGN_OR_RETURN(User user, repos.users().FindById(credential.user_id));
      if (user.disabled_at != 0) return MakeError(ErrorCode::kNotFound, "the account is disabled");
    }
    return credential;
  });
  if (!found) {
    return found.error().code == ErrorCode::kNotFound ? InvalidCredential() : found.error();
  }
  const Credential& credential = *found;
  const int64_t now = clock_.NowSeconds();
  if (credential.expires_at != 0 && now >= credential.expires_at) return InvalidCredential();
  Principal principal;
  principal.company_id = credential.company_id;
  principal.credential_id = credential.id;
  principal.credential_name = credential.name;
  if (credential.kind == CredentialKind::kApiKey) {
    principal.kind = PrincipalKind::kApiKey;
    principal.role = std::string(CompanyRoleName(CompanyRole::kAdmin));
  } else {
    principal.kind = PrincipalKind::kPersonalToken;
    principal.user_id = credential.user_id;
    principal.token_permissions = credential.permissions;
  }
  if (recorder_ != nullptr && recorder_->Record(credential.id, now, credential.last_used_at) &&
      audit_ != nullptr) {
    SecurityEvent event = AuditEvent("credential_used", principal, {});
    event.target_type = principal.kind == PrincipalKind::kApiKey ? "api_key" : "personal_token";
    event.target_id = credential.id;
    event.detail = "first use today";
    audit_->RecordLater(std::move(event));
  }
  return principal;
}

Result<CompanyAccess> CredentialService::CallerCompany(const Principal& principal) const {
  auto access = store_.ReadValue([&](Repositories& repos) {
    return authorizer_.Access(repos, principal, principal.company_id);
  });
  if (!access && access.error().code == ErrorCode::kNotFound) {
    // The token's user left its company: the token no longer names anyone (a key goes with its
    // company).
    return InvalidCredential();
  }
  return access;
}

Status CredentialService::CheckNameAndExpiry(std::string_view name, int64_t expires_at,
                                             bool expiry_required) const {
  if (name.empty() || name.size() > kMaxNameBytes) {
    return MakeError(ErrorCode::kInvalidRequest, "name must be 1 to 100 bytes");
  }
  if (expiry_required && expires_at == 0) {
    return MakeError(ErrorCode::kInvalidRequest, "expires_at is required");
  }
  if (expires_at != 0 && expires_at <= clock_.NowSeconds()) {
    return MakeError(ErrorCode::kInvalidRequest, "expires_at must be in the future");
  }
  return Status::Ok();
}

Credential CredentialService::NewCredential(CredentialKind kind, const Principal& principal,
                                            std::string_view name, std::string_view prefix,
                                            int64_t expires_at, std::string& secret) const {
  // 32 random bytes as base64url: 256 bits of entropy after the prefix.
  secret = std::string(prefix) + tokens_.Generate().plaintext;
  Credential credential;
  credential.id = NewUuidV4(random_);
  credential.kind = kind;
  credential.company_id = principal.company_id;
  credential.name = std::string(name);
  credential.prefix = std::string(prefix);
  credential.last4 = secret.substr(secret.size() - 4);
  credential.secret_hash = tokens_.HashOf(secret);
  credential.created_by = principal.user_id;
  credential.created_at = clock_.NowSeconds();
  credential.expires_at = expires_at;
  return credential;
}

Result<IssuedCredential> CredentialService::CreateApiKey(const Principal& principal,
                                                         std::string_view company_id,
                                                         const ApiKeyRequest& request) const {
  RETURN_IF_ERROR(CheckNameAndExpiry(request.name, request.expires_at, false));
  const std::string prefix =
      request.prefix.empty() ? options_.api_key_prefixes.front() : request.prefix;
  const auto& allowed = options_.api_key_prefixes;
  if (std::find(allowed.begin(), allowed.end(), prefix) == allowed.end()) {
    return MakeError(ErrorCode::kInvalidRequest, "prefix must be one of api_key_prefixes");
  }
  IssuedCredential issued;
  RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(
        authorizer_.Authorize(repos, principal, company_id, CompanyAction::kManageApiKeys));
    // Checked after the company: a foreign company is 404 before anything else is said.
    RETURN_IF_ERROR(RequireFreshSession(step_up_, principal));
    Principal issuer = principal;
    issuer.company_id = std::string(company_id);
    issued.credential = NewCredential(CredentialKind::kApiKey, issuer, request.name, prefix,
                                      request.expires_at, issued.secret);
    RETURN_IF_ERROR(repos.credentials().Create(issued.credential));
    return AuditCredential(repos, "api_key_created", principal, issued.credential);
  }));
  return issued;
}

Result<std::vector<Credential>> CredentialService::ListApiKeys(const Principal& principal,
                                                               std::string_view company_id) const {
  return store_.ReadValue([&](Repositories& repos) -> Result<std::vector<Credential>> {
    RETURN_IF_ERROR(
        authorizer_.Authorize(repos, principal, company_id, CompanyAction::kManageApiKeys));
    return repos.credentials().ListForCompany(company_id, CredentialKind::kApiKey);
  });
}

Status CredentialService::RevokeApiKey(const Principal& principal, std::string_view company_id,
                                       std::string_view key_id) const {
  return store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(
        authorizer_.Authorize(repos, principal, company_id, CompanyAction::kManageApiKeys));
    auto key = repos.credentials().Find(key_id);
    if (!key) return key.error().code == ErrorCode::kNotFound ? NoSuchKey("API key") : key.error();
    if (key->company_id != company_id || key->kind != CredentialKind::kApiKey) {
      return NoSuchKey("API key");
    }
    RETURN_IF_ERROR(repos.credentials().Delete(key_id));
    return AuditCredential(repos, "api_key_revoked", principal, *key);
  });
}

Result<IssuedCredential> CredentialService::CreatePersonalToken(
    const Principal& principal, const PersonalTokenRequest& request) const {
  RETURN_IF_ERROR(RequireFreshSession(step_up_, principal));
  RETURN_IF_ERROR(CheckNameAndExpiry(request.name, request.expires_at, true));
  if (principal.company_id.empty()) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "the session has no active company to make the token for");
  }
  if (request.permissions.size() > kMaxTokenPermissions) {
    return MakeError(ErrorCode::kInvalidRequest, "at most 100 permissions per token");
  }
  for (const auto& permission : request.permissions) RETURN_IF_ERROR(CheckPermission(permission));
  IssuedCredential issued;
  RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(
        authorizer_.Authorize(repos, principal, principal.company_id, CompanyAction::kView));
    for (const auto& permission : request.permissions) {
      ASSIGN_OR_RETURN(bool held, authorizer_.UserHolds(repos, principal.company_id,
                                                        principal.user_id, permission));
      if (!held) {
        return MakeError(ErrorCode::kInvalidRequest,
                         "you do not hold " + permission.action + " on " + permission.feature +
                             "/" + permission.scope + ": a token may only narrow your rights",
                         Reason::kPermissionNotHeld);
      }
    }
    issued.credential = NewCredential(CredentialKind::kPersonalToken, principal, request.name,
                                      kPersonalTokenPrefix, request.expires_at, issued.secret);
    issued.credential.user_id = principal.user_id;
    issued.credential.permissions = request.permissions;
    RETURN_IF_ERROR(repos.credentials().Create(issued.credential));
    return AuditCredential(repos, "personal_token_created", principal, issued.credential);
  }));
  return issued;
}

Result<std::vector<Credential>> CredentialService::ListPersonalTokens(
    const Principal& principal) const {
  return store_.ReadValue(
      [&](Repositories& repos) { return repos.credentials().ListForUser(principal.user_id); });
}

Status CredentialService::RevokePersonalToken(const Principal& principal,
                                              std::string_view token_id) const {
  return store_.Write([&](Repositories& repos) -> Status {
    auto token = repos.credentials().Find(token_id);
    if (!token) {
      return token.error().code == ErrorCode::kNotFound ? NoSuchKey("token") : token.error();
    }
    if (token->kind != CredentialKind::kPersonalToken || token->user_id != principal.user_id) {
      return NoSuchKey("token");
    }
    RETURN_IF_ERROR(repos.credentials().Delete(token_id));
    return AuditCredential(repos, "personal_token_revoked", principal, *token);
  });
}

}  // namespace portcullis::core
