// PermissionModelService: validation of names and subjects around the PermissionRepository.
// Thread-safe: no state of its own; each operation is one store Read or Write.
#include "core/permission_model_service.h"

#include <algorithm>

#include "common/status_macros.h"
#include "common/uuid.h"
#include "core/company.h"

namespace portcullis::core {
namespace {

// What a grant gives to whom, for its audit event: "role:admin feature:scope:action".
std::string GrantDetail(const PermissionGrant& grant) {
  return std::string(GrantSubjectTypeName(grant.subject.type)) + ":" + grant.subject.id + " " +
         grant.permission.feature + ":" + grant.permission.scope + ":" + grant.permission.action;
}

Status CheckName(std::string_view what, std::string_view name) {
  if (IsPermissionName(name)) return Status::Ok();
  return MakeError(ErrorCode::kInvalidRequest,
                   std::string(what) +
                       " must be 1-64 lower-case letters, digits, '_', '-' or '.', starting with a "
                       "letter");
}

Error NotOfCompany(std::string_view what) {
  return MakeError(ErrorCode::kInvalidRequest,
                   "the subject is no " + std::string(what) + " of this company");
}

// Whether the subject of a new grant belongs to the company.
Status CheckSubject(Repositories& repos, std::string_view company_id, const GrantSubject& subject) {
  switch (subject.type) {
    case GrantSubjectType::kRole:
      if (CompanyRoleFromName(subject.id)) return Status::Ok();
      return MakeError(ErrorCode::kInvalidRequest, "a role is one of owner, admin, member");
    case GrantSubjectType::kUser: {
      auto membership = repos.companies().FindMembership(company_id, subject.id);
      if (membership) return Status::Ok();
      if (membership.error().code == ErrorCode::kNotFound) return NotOfCompany("member");
      return membership.error();
    }
    case GrantSubjectType::kApiKey:
    case GrantSubjectType::kToken: {
      const CredentialKind kind = subject.type == GrantSubjectType::kApiKey
                                      ? CredentialKind::kApiKey
                                      : CredentialKind::kPersonalToken;
      const std::string_view what = kind == CredentialKind::kApiKey ? "API key" : "token";
      auto credential = repos.credentials().Find(subject.id);
      if (!credential) {
        if (credential.error().code == ErrorCode::kNotFound) return NotOfCompany(what);
        return credential.error();
      }
      if (credential->company_id != company_id || credential->kind != kind) {
        return NotOfCompany(what);
      }
      return Status::Ok();
    }
    case GrantSubjectType::kClient: {
      auto client = repos.service_clients().Find(subject.id);
      if (!client) {
        if (client.error().code == ErrorCode::kNotFound) return NotOfCompany("service client");
        return client.error();
      }
      if (client->company_id != company_id) return NotOfCompany("service client");
      return Status::Ok();
    }
  }
  return MakeError(ErrorCode::kInvalidRequest, "unknown subject type");
}

}  // namespace

PermissionModelService::PermissionModelService(Store& store, Random& random, const Clock& clock,
                                               const Authorizer& authorizer, AuditTrail* audit)
    : store_(store), random_(random), clock_(clock), authorizer_(authorizer), audit_(audit) {}

Status PermissionModelService::AuditChange(Repositories& repos, std::string_view type,
                                           const Principal& principal, std::string_view company_id,
                                           std::string_view target_type, std::string_view target_id,
                                           std::string detail) const {
  if (audit_ == nullptr) return Status::Ok();
  SecurityEvent event = AuditEvent(type, principal, {});
  event.company_id = std::string(company_id);
  event.target_type = std::string(target_type);
  event.target_id = std::string(target_id);
  event.detail = std::move(detail);
  return audit_->Record(repos, std::move(event));
}

Result<PermissionModel> PermissionModelService::Describe(const Principal& principal,
                                                         std::string_view company_id) const {
  return store_.ReadValue([&](Repositories& repos) -> Result<PermissionModel> {
    RETURN_IF_ERROR(
        authorizer_.Authorize(repos, principal, company_id, CompanyAction::kManagePermissions));
    PermissionModel model;
    model.verbs = BuiltInVerbs();
    ASSIGN_OR_RETURN(auto custom,
                     repos.permissions().ListNames(company_id, PermissionNameKind::kVerb));
    model.verbs.insert(model.verbs.end(), custom.begin(), custom.end());
    ASSIGN_OR_RETURN(model.features,
                     repos.permissions().ListNames(company_id, PermissionNameKind::kFeature));
    ASSIGN_OR_RETURN(model.scopes,
                     repos.permissions().ListNames(company_id, PermissionNameKind::kScope));
    ASSIGN_OR_RETURN(model.grants, repos.permissions().ListGrants(company_id, std::nullopt));
    return model;
  });
}

Status PermissionModelService::AddVerb(const Principal& principal, std::string_view company_id,
                                       std::string_view verb) const {
  return store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(
        authorizer_.Authorize(repos, principal, company_id, CompanyAction::kManagePermissions));
    RETURN_IF_ERROR(CheckName("a verb", verb));
    if (IsBuiltInVerb(verb)) {
      return MakeError(ErrorCode::kConflict, "that verb is built in");
    }
    RETURN_IF_ERROR(repos.permissions().AddName(company_id, PermissionNameKind::kVerb, verb));
    return AuditChange(repos, "permission_verb_created", principal, company_id, "verb", verb, "");
  });
}

Status PermissionModelService::RemoveVerb(const Principal& principal, std::string_view company_id,
                                          std::string_view verb) const {
  return store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(
        authorizer_.Authorize(repos, principal, company_id, CompanyAction::kManagePermissions));
    if (IsBuiltInVerb(verb)) {
      return MakeError(ErrorCode::kInvalidRequest, "a built-in verb cannot be removed");
    }
    RETURN_IF_ERROR(repos.permissions().RemoveName(company_id, PermissionNameKind::kVerb, verb));
    return AuditChange(repos, "permission_verb_deleted", principal, company_id, "verb", verb, "");
  });
}

Result<PermissionGrant> PermissionModelService::AddGrant(const Principal& principal,
                                                         std::string_view company_id,
                                                         const GrantSubject& subject,
                                                         const Permission& permission) const {
  PermissionGrant grant;
  RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(
        authorizer_.Authorize(repos, principal, company_id, CompanyAction::kManagePermissions));
    RETURN_IF_ERROR(CheckName("feature", permission.feature));
    RETURN_IF_ERROR(CheckName("scope", permission.scope));
    RETURN_IF_ERROR(CheckName("action", permission.action));
    RETURN_IF_ERROR(CheckSubject(repos, company_id, subject));
    if (!IsBuiltInVerb(permission.action)) {
      ASSIGN_OR_RETURN(auto verbs,
                       repos.permissions().ListNames(company_id, PermissionNameKind::kVerb));
      if (std::find(verbs.begin(), verbs.end(), permission.action) == verbs.end()) {
        return MakeError(ErrorCode::kInvalidRequest,
                         "the action is neither built in nor a declared verb of this company");
      }
    }
    grant.id = NewUuidV4(random_);
    grant.company_id = std::string(company_id);
    grant.subject = subject;
    grant.permission = permission;
    grant.created_at = clock_.NowSeconds();
    RETURN_IF_ERROR(repos.permissions().AddGrant(grant));
    return AuditChange(repos, "permission_granted", principal, company_id, "grant", grant.id,
                       GrantDetail(grant));
  }));
  return grant;
}

Result<std::vector<PermissionGrant>> PermissionModelService::ListGrants(
    const Principal& principal, std::string_view company_id,
    const std::optional<GrantSubject>& subject) const {
  return store_.ReadValue([&](Repositories& repos) -> Result<std::vector<PermissionGrant>> {
    RETURN_IF_ERROR(
        authorizer_.Authorize(repos, principal, company_id, CompanyAction::kManagePermissions));
    return repos.permissions().ListGrants(company_id, subject);
  });
}

Status PermissionModelService::RemoveGrant(const Principal& principal, std::string_view company_id,
                                           std::string_view grant_id) const {
  return store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(
        authorizer_.Authorize(repos, principal, company_id, CompanyAction::kManagePermissions));
    RETURN_IF_ERROR(repos.permissions().RemoveGrant(company_id, grant_id));
    return AuditChange(repos, "permission_revoked", principal, company_id, "grant", grant_id, "");
  });
}

Result<std::vector<std::string>> PermissionModelService::Actions(const Principal& principal,
                                                                 std::string_view feature,
                                                                 std::string_view scope) const {
  return store_.ReadValue(
      [&](Repositories& repos) { return authorizer_.Actions(repos, principal, feature, scope); });
}

}  // namespace portcullis::core
