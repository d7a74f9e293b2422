// MemoryCompanyRepository: companies and memberships in a MemoryState, with the cascades the SQL
// backends' foreign keys perform. Not thread-safe: the caller holds the owning store's mutex.
#include "store/memory/memory_company_repository.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

namespace portcullis::store::memory {
namespace {

Error CompanyNotFound() { return MakeError(ErrorCode::kNotFound, "company"); }
Error MembershipNotFound() { return MakeError(ErrorCode::kNotFound, "membership"); }

bool OlderMembership(const core::Membership& a, const core::Membership& b, const std::string& a_id,
                     const std::string& b_id) {
  return std::tie(a.created_at, a_id) < std::tie(b.created_at, b_id);
}

}  // namespace

Status MemoryCompanyRepository::Create(const core::Company& company) {
  if (state_.companies.contains(company.id)) return MakeError(ErrorCode::kConflict, "company");
  if (!company.created_by.empty() && !state_.users.contains(company.created_by)) {
    return MakeError(ErrorCode::kNotFound, "user");
  }
  state_.Assign(state_.companies, company.id, company);
  return Status::Ok();
}

Result<core::Company> MemoryCompanyRepository::Find(std::string_view company_id) {
  auto it = state_.companies.find(company_id);
  if (it == state_.companies.end()) return CompanyNotFound();
  return it->second;
}

Status MemoryCompanyRepository::Rename(std::string_view company_id, std::string_view name,
                                       int64_t now) {
  auto it = state_.companies.find(company_id);
  if (it == state_.companies.end()) return CompanyNotFound();
  core::Company renamed = it->second;
  renamed.name = std::string(name);
  renamed.updated_at = now;
  state_.Assign(state_.companies, renamed.id, renamed);
  return Status::Ok();
}

Status MemoryCompanyRepository::Delete(std::string_view company_id) {
  if (!state_.companies.contains(company_id)) return CompanyNotFound();
  const std::string id(company_id);
  // What the SQL backends' ON DELETE CASCADE and SET NULL do.
  state_.EraseWhere(state_.memberships,
                    [&](const core::Membership& m) { return m.company_id == id; });
  state_.EraseWhere(state_.invites,
                    [&](const core::CompanyInvite& i) { return i.company_id == id; });
  state_.EraseCredentialsWhere([&](const core::Credential& c) { return c.company_id == id; });
  state_.EraseServiceClientsWhere([&](const core::ServiceClient& c) { return c.company_id == id; });
  state_.EraseWhere(state_.permission_names,
                    [&](const MemoryState::PermissionNameRow& n) { return n.company_id == id; });
  state_.EraseWhere(state_.grants,
                    [&](const core::PermissionGrant& g) { return g.company_id == id; });
  state_.EraseWhere(state_.last_company, [&](const std::string& last) { return last == id; });
  state_.Assign(state_.companies, id, std::nullopt);
  return Status::Ok();
}

Status MemoryCompanyRepository::Lock(std::string_view company_id) {
  // The store's one mutex already serialises every unit of work.
  if (!state_.companies.contains(company_id)) return CompanyNotFound();
  return Status::Ok();
}

Status MemoryCompanyRepository::AddMember(const core::Membership& membership) {
  if (!state_.companies.contains(membership.company_id)) return CompanyNotFound();
  if (!state_.users.contains(membership.user_id)) return MakeError(ErrorCode::kNotFound, "user");
  const std::string key = MemoryState::MembershipKey(membership.company_id, membership.user_id);
  if (state_.memberships.contains(key)) return MakeError(ErrorCode::kConflict, "membership");
  state_.Assign(state_.memberships, key, membership);
  return Status::Ok();
}

Result<core::Membership> MemoryCompanyRepository::FindMembership(std::string_view company_id,
                                                                 std::string_view user_id) {
  auto it = state_.memberships.find(MemoryState::MembershipKey(company_id, user_id));
  if (it == state_.memberships.end()) return MembershipNotFound();
  return it->second;
}

Result<std::vector<core::CompanyOfUser>> MemoryCompanyRepository::ListForUser(
    std::string_view user_id) {
  std::vector<core::Membership> mine;
  for (const auto& [key, membership] : state_.memberships) {
    if (membership.user_id == user_id) mine.push_back(membership);
  }
  std::sort(mine.begin(), mine.end(), [](const core::Membership& a, const core::Membership& b) {
    return OlderMembership(a, b, a.company_id, b.company_id);
  });
  std::vector<core::CompanyOfUser> companies;
  for (const auto& membership : mine) {
    companies.push_back(
        core::CompanyOfUser{state_.companies.at(membership.company_id), membership.role});
  }
  return companies;
}

Result<std::vector<core::Member>> MemoryCompanyRepository::ListMembers(
    std::string_view company_id) {
  std::vector<core::Membership> theirs;
  for (const auto& [key, membership] : state_.memberships) {
    if (membership.company_id == company_id) theirs.push_back(membership);
  }
  std::sort(theirs.begin(), theirs.end(), [](const core::Membership& a, const core::Membership& b) {
    return OlderMembership(a, b, a.user_id, b.user_id);
  });
  std::vector<core::Member> members;
  for (const auto& membership : theirs) {
    const core::User& user = state_.users.at(membership.user_id);
    members.push_back(core::Member{membership, user.email, user.display_name});
  }
  return members;
}

Status MemoryCompanyRepository::SetRole(std::string_view company_id, std::string_view user_id,
                                        core::CompanyRole role, int64_t now) {
  const std::string key = MemoryState::MembershipKey(company_id, user_id);
  auto it = state_.memberships.find(key);
  if (it == state_.memberships.end()) return MembershipNotFound();
  core::Membership changed = it->second;
  changed.role = role;
  changed.updated_at = now;
  state_.Assign(state_.memberships, key, changed);
  return Status::Ok();
}

Status MemoryCompanyRepository::RemoveMember(std::string_view company_id,
                                             std::string_view user_id) {
  const std::string key = MemoryState::MembershipKey(company_id, user_id);
  if (!state_.memberships.contains(key)) return MembershipNotFound();
  state_.Assign(state_.memberships, key, std::nullopt);
  auto last = state_.last_company.find(user_id);
  if (last != state_.last_company.end() && last->second == company_id) {
    state_.Assign(state_.last_company, std::string(user_id), std::nullopt);
  }
  return Status::Ok();
}

Result<int64_t> MemoryCompanyRepository::CountOwners(std::string_view company_id) {
  int64_t owners = 0;
  for (const auto& [key, membership] : state_.memberships) {
    if (membership.company_id == company_id && membership.role == core::CompanyRole::kOwner) {
      ++owners;
    }
  }
  return owners;
}

Result<std::string> MemoryCompanyRepository::LastActive(std::string_view user_id) {
  if (!state_.users.contains(user_id)) return MakeError(ErrorCode::kNotFound, "user");
  auto it = state_.last_company.find(user_id);
  if (it == state_.last_company.end()) return std::string();
  return it->second;
}

Status MemoryCompanyRepository::SetLastActive(std::string_view user_id,
                                              std::string_view company_id) {
  if (!state_.users.contains(user_id)) return MakeError(ErrorCode::kNotFound, "user");
  if (company_id.empty()) {
    state_.Assign(state_.last_company, std::string(user_id), std::nullopt);
    return Status::Ok();
  }
  if (!state_.companies.contains(company_id)) return CompanyNotFound();
  state_.Assign(state_.last_company, std::string(user_id), std::string(company_id));
  return Status::Ok();
}

Result<std::vector<core::Company>> MemoryCompanyRepository::ListAll(std::string_view after_id,
                                                                    int64_t limit) {
  std::vector<core::Company> page;
  for (auto it = state_.companies.upper_bound(after_id);
       it != state_.companies.end() && static_cast<int64_t>(page.size()) < limit; ++it) {
    page.push_back(it->second);
  }
  return page;
}

}  // namespace portcullis::store::memory
