// The Authorizer: company access by role, and effective actions in the permission model.
// Immutable; thread-safe (all state is read through the caller's repositories).
#include "core/authorizer.h"

#include <algorithm>
#include <set>

#include "common/status_macros.h"

namespace portcullis::core {
namespace {

constexpr std::string_view kReadWrite = "read-write";

// The lowest role that may do `action`.
CompanyRole LeastRoleFor(CompanyAction action) {
  switch (action) {
    case CompanyAction::kView:
    case CompanyAction::kLeave:
      return CompanyRole::kMember;
    case CompanyAction::kRename:
    case CompanyAction::kManageMembers:
    case CompanyAction::kInvite:
    case CompanyAction::kManageApiKeys:
    case CompanyAction::kManagePermissions:
    case CompanyAction::kManageClients:
    case CompanyAction::kReadAudit:
      return CompanyRole::kAdmin;
    case CompanyAction::kDelete:
    case CompanyAction::kGrantOwner:
      return CompanyRole::kOwner;
  }
  return CompanyRole::kOwner;
}

Error NoSuchCompany() { return MakeError(ErrorCode::kNotFound, "no such company"); }

// Adds `action` and, for read-write, the verbs it implies.
void AddExpanded(std::set<std::string>& out, const std::string& action) {
  out.insert(action);
  if (action == kReadWrite) {
    for (const auto& verb : BuiltInVerbs()) out.insert(verb);
  }
}

// The grant subjects a principal answers to in its company, given its membership role.
std::vector<GrantSubject> SubjectsOf(const Principal& principal, CompanyRole role) {
  std::vector<GrantSubject> subjects;
  subjects.push_back({GrantSubjectType::kRole, std::string(CompanyRoleName(role))});
  switch (principal.kind) {
    case PrincipalKind::kSession:
      subjects.push_back({GrantSubjectType::kUser, principal.user_id});
      break;
    case PrincipalKind::kApiKey:
      subjects.push_back({GrantSubjectType::kApiKey, principal.credential_id});
      break;
    case PrincipalKind::kPersonalToken:
      subjects.push_back({GrantSubjectType::kUser, principal.user_id});
      subjects.push_back({GrantSubjectType::kToken, principal.credential_id});
      break;
  }
  return subjects;
}

// Every action of the company: the built-ins and its custom verbs.
Result<std::set<std::string>> AllActions(Repositories& repos, std::string_view company_id) {
  ASSIGN_OR_RETURN(auto custom,
                   repos.permissions().ListNames(company_id, PermissionNameKind::kVerb));
  std::set<std::string> all(BuiltInVerbs().begin(), BuiltInVerbs().end());
  all.insert(custom.begin(), custom.end());
  return all;
}

// The actions `subjects` hold on feature/scope: every action for an owner, else their grants
// expanded.
Result<std::set<std::string>> Held(Repositories& repos, std::string_view company_id,
                                   CompanyRole role, const std::vector<GrantSubject>& subjects,
                                   std::string_view feature, std::string_view scope) {
  if (role == CompanyRole::kOwner) return AllActions(repos, company_id);
  ASSIGN_OR_RETURN(auto grants,
                   repos.permissions().GrantsFor(company_id, subjects, feature, scope));
  std::set<std::string> held;
  for (const auto& grant : grants) AddExpanded(held, grant.permission.action);
  return held;
}

}  // namespace

const std::vector<std::string>& BuiltInVerbs() {
  static const std::vector<std::string> verbs{"read", "create", "update", "delete",
                                              std::string(kReadWrite)};
  return verbs;
}

bool IsBuiltInVerb(std::string_view verb) {
  const auto& verbs = BuiltInVerbs();
  return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
}

bool IsPermissionName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() < 'a' || name.front() > 'z') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
  });
}

Result<CompanyAccess> Authorizer::Access(Repositories& repos, const Principal& principal,
                                         std::string_view company_id) const {
  CompanyAccess access;
  access.kind = principal.kind;
  if (principal.kind == PrincipalKind::kApiKey) {
    // A key is its own company's and no other's.
    if (principal.company_id != company_id) return NoSuchCompany();
    access.role = CompanyRole::kAdmin;
  } else {
    if (principal.kind == PrincipalKind::kPersonalToken && principal.company_id != company_id) {
      return NoSuchCompany();
    }
    auto membership = repos.companies().FindMembership(company_id, principal.user_id);
    if (!membership) {
      return membership.error().code == ErrorCode::kNotFound ? NoSuchCompany() : membership.error();
    }
    access.role = membership->role;
  }
  auto company = repos.companies().Find(company_id);
  if (!company) {
    return company.error().code == ErrorCode::kNotFound ? NoSuchCompany() : company.error();
  }
  access.company = std::move(*company);
  return access;
}

Status Authorizer::Require(const CompanyAccess& access, CompanyAction action) const {
  // A personal token acts within its permissions, which name features of the model, not the
  // company's own administration: through the company routes it may only look.
  if (access.kind == PrincipalKind::kPersonalToken && action != CompanyAction::kView) {
    return MakeError(ErrorCode::kForbidden, "a personal access token may not manage the company");
  }
  // A key is the company itself: it has no membership to leave.
  if (access.kind == PrincipalKind::kApiKey && action == CompanyAction::kLeave) {
    return MakeError(ErrorCode::kForbidden, "an API key is not a member");
  }
  if (access.role < LeastRoleFor(action)) {
    return MakeError(ErrorCode::kForbidden, "your role in this company does not allow this");
  }
  return Status::Ok();
}

Status Authorizer::MayFoundCompany(const Principal& principal) const {
  if (principal.kind != PrincipalKind::kSession || principal.user_id.empty()) {
    return MakeError(ErrorCode::kForbidden, "only a signed-in user may found a company");
  }
  return Status::Ok();
}

Status Authorizer::RequireInstanceAdmin(Repositories& repos, const Principal& principal) const {
  const Error refused = MakeError(ErrorCode::kForbidden, "only an instance admin may do this");
  if (principal.kind != PrincipalKind::kSession || principal.user_id.empty()) return refused;
  auto user = repos.users().FindById(principal.user_id);
  if (!user) return user.error().code == ErrorCode::kNotFound ? refused : user.error();
  if (user->instance_role != "admin" || user->disabled_at != 0) return refused;
  return Status::Ok();
}

Result<CompanyAccess> Authorizer::Authorize(Repositories& repos, const Principal& principal,
                                            std::string_view company_id,
                                            CompanyAction action) const {
  ASSIGN_OR_RETURN(CompanyAccess access, Access(repos, principal, company_id));
  RETURN_IF_ERROR(Require(access, action));
  return access;
}

Result<std::vector<std::string>> Authorizer::Actions(Repositories& repos,
                                                     const Principal& principal,
                                                     std::string_view feature,
                                                     std::string_view scope) const {
  if (principal.company_id.empty()) return std::vector<std::string>{};
  auto access = Access(repos, principal, principal.company_id);
  if (!access) {
    if (access.error().code == ErrorCode::kNotFound) return std::vector<std::string>{};
    return access.error();
  }
  ASSIGN_OR_RETURN(std::set<std::string> held,
                   Held(repos, principal.company_id, access->role,
                        SubjectsOf(principal, access->role), feature, scope));
  if (principal.kind == PrincipalKind::kPersonalToken) {
    std::set<std::string> allowed;
    for (const auto& permission : principal.token_permissions) {
      if (permission.feature == feature && permission.scope == scope) {
        AddExpanded(allowed, permission.action);
      }
    }
    std::set<std::string> both;
    std::set_intersection(held.begin(), held.end(), allowed.begin(), allowed.end(),
                          std::inserter(both, both.end()));
    held = std::move(both);
  }
  return std::vector<std::string>(held.begin(), held.end());
}

Result<bool> Authorizer::UserHolds(Repositories& repos, std::string_view company_id,
                                   std::string_view user_id, const Permission& permission) const {
  auto membership = repos.companies().FindMembership(company_id, user_id);
  if (!membership) {
    if (membership.error().code == ErrorCode::kNotFound) return false;
    return membership.error();
  }
  Principal user;
  user.user_id = std::string(user_id);
  ASSIGN_OR_RETURN(std::set<std::string> held,
                   Held(repos, company_id, membership->role, SubjectsOf(user, membership->role),
                        permission.feature, permission.scope));
  return held.contains(permission.action);
}

}  // namespace portcullis::core
