// CompanyService: each operation is one Read or Write in which the Authorizer decides and the
// change is made. Thread-safe: holds only thread-safe collaborators.
#include "core/company_service.h"

#include "common/status_macros.h"
#include "core/company_founding.h"
#include "core/credential.h"
#include "core/owner_rule.h"
#include "core/permission.h"

namespace portcullis::core {
namespace {

Error NoSuchMember() { return MakeError(ErrorCode::kNotFound, "no such member"); }

// Removes the membership with everything the member held in the company: their grants and the
// personal tokens made for it (with the tokens' grants). Should they join again, they start from
// nothing rather than from what they held before.
Status ForgetMember(Repositories& repos, std::string_view company_id, std::string_view user_id) {
  RETURN_IF_ERROR(repos.companies().RemoveMember(company_id, user_id));
  RETURN_IF_ERROR(repos.permissions().RemoveGrantsOf(
      company_id, GrantSubject{GrantSubjectType::kUser, std::string(user_id)}));
  ASSIGN_OR_RETURN(std::vector<Credential> tokens, repos.credentials().ListForUser(user_id));
  for (const Credential& token : tokens) {
    if (token.company_id == company_id) RETURN_IF_ERROR(repos.credentials().Delete(token.id));
  }
  return Status::Ok();
}

CompanyOfUser Seen(CompanyAccess access) { return {std::move(access.company), access.role}; }

}  // namespace

Result<CompanyAccess> CompanyService::LockAndAuthorize(Repositories& repos,
                                                       const Principal& principal,
                                                       std::string_view company_id,
                                                       CompanyAction action) {
  // Locked first (nothing is revealed: an absent company and a foreign one answer alike below),
  // so the caller's own standing and the owners counted later are those of one moment.
  Status locked = repos.companies().Lock(company_id);
  if (!locked && locked.error().code != ErrorCode::kNotFound) return locked.error();
  return authorizer_.Authorize(repos, principal, company_id, action);
}

Status CompanyService::AuditChange(Repositories& repos, std::string_view type,
                                   const Principal& principal, std::string_view company_id,
                                   std::string_view user_id, std::string detail) {
  if (audit_ == nullptr) return Status::Ok();
  SecurityEvent event = AuditEvent(type, principal, {});
  event.company_id = std::string(company_id);
  if (user_id.empty()) {
    event.target_type = "company";
    event.target_id = std::string(company_id);
  } else {
    event.user_id = std::string(user_id);
    event.target_type = "user";
    event.target_id = std::string(user_id);
  }
  event.detail = std::move(detail);
  return audit_->Record(repos, std::move(event));
}

Result<CompanyOfUser> CompanyService::Create(const Principal& principal, std::string_view name) {
  RETURN_IF_ERROR(authorizer_.MayFoundCompany(principal));
  RETURN_IF_ERROR(ValidateCompanyName(name));
  const int64_t now = clock_.NowSeconds();
  return store_.WriteValue([&](Repositories& repos) -> Result<CompanyOfUser> {
    ASSIGN_OR_RETURN(CompanyOfUser founded,
                     FoundCompany(repos, random_, name, principal.user_id, now, false));
    RETURN_IF_ERROR(AuditChange(repos, "company_created", principal, founded.company.id, ""));
    return founded;
  });
}

Result<std::vector<CompanyOfUser>> CompanyService::ListMine(const Principal& principal) {
  return store_.ReadValue([&](Repositories& repos) -> Result<std::vector<CompanyOfUser>> {
    if (!principal.user_id.empty() && principal.kind == PrincipalKind::kSession) {
      return repos.companies().ListForUser(principal.user_id);
    }
    // A key or a personal token belongs to one company.
    std::vector<CompanyOfUser> out;
    auto access =
        authorizer_.Authorize(repos, principal, principal.company_id, CompanyAction::kView);
    if (access) {
      out.push_back(Seen(std::move(access).value()));
    } else if (access.error().code != ErrorCode::kNotFound) {
      return access.error();
    }
    return out;
  });
}

Result<CompanyOfUser> CompanyService::Get(const Principal& principal, std::string_view company_id) {
  return store_.ReadValue([&](Repositories& repos) -> Result<CompanyOfUser> {
    ASSIGN_OR_RETURN(CompanyAccess access,
                     authorizer_.Authorize(repos, principal, company_id, CompanyAction::kView));
    return Seen(std::move(access));
  });
}

Result<CompanyOfUser> CompanyService::Rename(const Principal& principal,
                                             std::string_view company_id, std::string_view name) {
  const int64_t now = clock_.NowSeconds();
  return store_.WriteValue([&](Repositories& repos) -> Result<CompanyOfUser> {
    ASSIGN_OR_RETURN(CompanyAccess access,
                     authorizer_.Authorize(repos, principal, company_id, CompanyAction::kRename));
    // Validated after the authorization: a stranger learns nothing, not even about the name.
    RETURN_IF_ERROR(ValidateCompanyName(name));
    RETURN_IF_ERROR(repos.companies().Rename(company_id, name, now));
    RETURN_IF_ERROR(AuditChange(repos, "company_renamed", principal, company_id, ""));
    access.company.name = std::string(name);
    access.company.updated_at = now;
    return Seen(std::move(access));
  });
}

Status CompanyService::Delete(const Principal& principal, std::string_view company_id) {
  return store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(authorizer_.Authorize(repos, principal, company_id, CompanyAction::kDelete));
    RETURN_IF_ERROR(guard_.Check(principal));
    RETURN_IF_ERROR(repos.companies().Delete(company_id));
    return AuditChange(repos, "company_deleted", principal, company_id, "");
  });
}

Result<std::vector<Member>> CompanyService::Members(const Principal& principal,
                                                    std::string_view company_id) {
  return store_.ReadValue([&](Repositories& repos) -> Result<std::vector<Member>> {
    RETURN_IF_ERROR(authorizer_.Authorize(repos, principal, company_id, CompanyAction::kView));
    return repos.companies().ListMembers(company_id);
  });
}

Result<Membership> CompanyService::ChangeRole(const Principal& principal,
                                              std::string_view company_id, std::string_view user_id,
                                              CompanyRole role) {
  const int64_t now = clock_.NowSeconds();
  return store_.WriteValue([&](Repositories& repos) -> Result<Membership> {
    ASSIGN_OR_RETURN(CompanyAccess access,
                     LockAndAuthorize(repos, principal, company_id, CompanyAction::kManageMembers));
    ASSIGN_OR_RETURN(
        Membership member,
        NotFoundAs(repos.companies().FindMembership(company_id, user_id), NoSuchMember()));
    if (member.role == role) return member;
    if (member.role == CompanyRole::kOwner || role == CompanyRole::kOwner) {
      RETURN_IF_ERROR(authorizer_.Require(access, CompanyAction::kGrantOwner));
    }
    RETURN_IF_ERROR(KeepsAnOwner(repos, member));
    RETURN_IF_ERROR(repos.companies().SetRole(company_id, user_id, role, now));
    RETURN_IF_ERROR(AuditChange(
        repos, "member_role_changed", principal, company_id, user_id,
        std::string(CompanyRoleName(member.role)) + " -> " + std::string(CompanyRoleName(role))));
    member.role = role;
    member.updated_at = now;
    return member;
  });
}

Status CompanyService::RemoveMember(const Principal& principal, std::string_view company_id,
                                    std::string_view user_id) {
  if (principal.kind == PrincipalKind::kSession && user_id == principal.user_id) {
    return Leave(principal, company_id);
  }
  return store_.Write([&](Repositories& repos) -> Status {
    ASSIGN_OR_RETURN(CompanyAccess access,
                     LockAndAuthorize(repos, principal, company_id, CompanyAction::kManageMembers));
    ASSIGN_OR_RETURN(
        Membership member,
        NotFoundAs(repos.companies().FindMembership(company_id, user_id), NoSuchMember()));
    if (member.role == CompanyRole::kOwner) {
      RETURN_IF_ERROR(authorizer_.Require(access, CompanyAction::kGrantOwner));
    }
    RETURN_IF_ERROR(KeepsAnOwner(repos, member));
    RETURN_IF_ERROR(ForgetMember(repos, company_id, user_id));
    return AuditChange(repos, "member_removed", principal, company_id, user_id);
  });
}

Status CompanyService::Leave(const Principal& principal, std::string_view company_id) {
  return store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(LockAndAuthorize(repos, principal, company_id, CompanyAction::kLeave));
    ASSIGN_OR_RETURN(Membership member,
                     repos.companies().FindMembership(company_id, principal.user_id));
    RETURN_IF_ERROR(KeepsAnOwner(repos, member));
    RETURN_IF_ERROR(ForgetMember(repos, company_id, principal.user_id));
    return AuditChange(repos, "member_left", principal, company_id, principal.user_id);
  });
}

}  // namespace portcullis::core
