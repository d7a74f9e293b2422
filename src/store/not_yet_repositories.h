// Placeholders for the company, invite, credential and permission repositories of a backend that
// does not have them yet: every call answers kInternal. Removed once each backend has them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/ports/company_repository.h"
#include "core/ports/credential_repository.h"
#include "core/ports/invite_repository.h"
#include "core/ports/permission_repository.h"

namespace portcullis::store {

inline Error NotYet() { return MakeError(ErrorCode::kInternal, "not implemented by this store"); }

class NotYetCompanyRepository final : public core::CompanyRepository {
 public:
  Status Create(const core::Company&) override { return NotYet(); }
  Result<core::Company> Find(std::string_view) override { return NotYet(); }
  Status Rename(std::string_view, std::string_view, int64_t) override { return NotYet(); }
  Status Delete(std::string_view) override { return NotYet(); }
  Status Lock(std::string_view) override { return NotYet(); }
  Status AddMember(const core::Membership&) override { return NotYet(); }
  Result<core::Membership> FindMembership(std::string_view, std::string_view) override {
    return NotYet();
  }
  Result<std::vector<core::CompanyOfUser>> ListForUser(std::string_view) override {
    return NotYet();
  }
  Result<std::vector<core::Member>> ListMembers(std::string_view) override { return NotYet(); }
  Status SetRole(std::string_view, std::string_view, core::CompanyRole, int64_t) override {
    return NotYet();
  }
  Status RemoveMember(std::string_view, std::string_view) override { return NotYet(); }
  Result<int64_t> CountOwners(std::string_view) override { return NotYet(); }
  Result<std::string> LastActive(std::string_view) override { return NotYet(); }
  Status SetLastActive(std::string_view, std::string_view) override { return NotYet(); }
};

class NotYetInviteRepository final : public core::InviteRepository {
 public:
  Status Create(const core::CompanyInvite&) override { return NotYet(); }
  Result<std::vector<core::CompanyInvite>> ListForCompany(std::string_view) override {
    return NotYet();
  }
  Result<core::CompanyInvite> Find(std::string_view) override { return NotYet(); }
  Result<core::CompanyInvite> Take(std::string_view) override { return NotYet(); }
  Status Delete(std::string_view, std::string_view) override { return NotYet(); }
  Result<int64_t> PurgeExpired(int64_t) override { return NotYet(); }
};

class NotYetCredentialRepository final : public core::CredentialRepository {
 public:
  Status Create(const core::Credential&) override { return NotYet(); }
  Result<core::Credential> FindByHash(std::string_view) override { return NotYet(); }
  Result<std::vector<core::Credential>> ListForCompany(std::string_view,
                                                       core::CredentialKind) override {
    return NotYet();
  }
  Result<std::vector<core::Credential>> ListForUser(std::string_view) override { return NotYet(); }
  Result<core::Credential> Find(std::string_view) override { return NotYet(); }
  Status Delete(std::string_view) override { return NotYet(); }
  Status RecordUse(const std::vector<core::CredentialUse>&) override { return NotYet(); }
};

class NotYetPermissionRepository final : public core::PermissionRepository {
 public:
  Status AddName(std::string_view, core::PermissionNameKind, std::string_view) override {
    return NotYet();
  }
  Result<std::vector<std::string>> ListNames(std::string_view, core::PermissionNameKind) override {
    return NotYet();
  }
  Status RemoveName(std::string_view, core::PermissionNameKind, std::string_view) override {
    return NotYet();
  }
  Status AddGrant(const core::PermissionGrant&) override { return NotYet(); }
  Status RemoveGrant(std::string_view, std::string_view) override { return NotYet(); }
  Result<std::vector<core::PermissionGrant>> ListGrants(
      std::string_view, const std::optional<core::GrantSubject>&) override {
    return NotYet();
  }
  Result<std::vector<core::PermissionGrant>> GrantsFor(std::string_view,
                                                       const std::vector<core::GrantSubject>&,
                                                       std::string_view,
                                                       std::string_view) override {
    return NotYet();
  }
  Status RemoveGrantsOf(std::string_view, const core::GrantSubject&) override { return NotYet(); }
};

}  // namespace portcullis::store
