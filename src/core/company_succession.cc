// The hand-over of a deleted account's companies.
// Pure functions; thread-safe.
#include "core/company_succession.h"

#include <optional>
#include <vector>

#include "common/status_macros.h"
#include "core/company.h"

namespace portcullis::core {
namespace {

// The oldest admin other than `leaving`, else the oldest member other than it (ListMembers is
// oldest first); none when `leaving` is alone.
std::optional<Member> Successor(const std::vector<Member>& members, std::string_view leaving) {
  std::optional<Member> oldest_member;
  for (const Member& m : members) {
    if (m.membership.user_id == leaving) continue;
    if (m.membership.role == CompanyRole::kAdmin) return m;
    if (!oldest_member) oldest_member = m;
  }
  return oldest_member;
}

}  // namespace

Status HandOverCompanies(Repositories& repos, std::string_view user_id, int64_t now) {
  ASSIGN_OR_RETURN(std::vector<CompanyOfUser> companies, repos.companies().ListForUser(user_id));
  for (const CompanyOfUser& held : companies) {
    if (held.role != CompanyRole::kOwner) continue;
    const std::string& company_id = held.company.id;
    RETURN_IF_ERROR(repos.companies().Lock(company_id));
    ASSIGN_OR_RETURN(int64_t owners, repos.companies().CountOwners(company_id));
    if (owners > 1) continue;
    ASSIGN_OR_RETURN(std::vector<Member> members, repos.companies().ListMembers(company_id));
    std::optional<Member> successor = Successor(members, user_id);
    if (!successor) {
      RETURN_IF_ERROR(repos.companies().Delete(company_id));
      continue;
    }
    RETURN_IF_ERROR(repos.companies().SetRole(company_id, successor->membership.user_id,
                                              CompanyRole::kOwner, now));
  }
  return Status::Ok();
}

}  // namespace portcullis::core
