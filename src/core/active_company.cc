// Resolves a session's active company from its choice, the user's last one and the oldest
// membership. Pure functions; thread-safe.
#include "core/active_company.h"

#include <string>

#include "common/status_macros.h"

namespace portcullis::core {
namespace {

// The user's membership in `company_id`; none when empty or when the user is not a member.
Result<std::optional<Membership>> MembershipIn(Repositories& repos, std::string_view company_id,
                                               std::string_view user_id) {
  if (company_id.empty()) return std::optional<Membership>();
  auto membership = repos.companies().FindMembership(company_id, user_id);
  if (membership) return std::optional<Membership>(std::move(membership).value());
  if (membership.error().code == ErrorCode::kNotFound) return std::optional<Membership>();
  return membership.error();
}

}  // namespace

Result<std::optional<Membership>> ResolveActiveCompany(Repositories& repos,
                                                       std::string_view user_id,
                                                       std::string_view preferred) {
  ASSIGN_OR_RETURN(std::optional<Membership> chosen, MembershipIn(repos, preferred, user_id));
  if (chosen) return chosen;
  ASSIGN_OR_RETURN(std::string last, repos.companies().LastActive(user_id));
  if (last != preferred) {
    ASSIGN_OR_RETURN(chosen, MembershipIn(repos, last, user_id));
    if (chosen) return chosen;
  }
  ASSIGN_OR_RETURN(std::vector<CompanyOfUser> companies, repos.companies().ListForUser(user_id));
  if (companies.empty()) return std::optional<Membership>();
  // Oldest first: the first is the fallback. Its membership row has the join time.
  return MembershipIn(repos, companies.front().company.id, user_id);
}

}  // namespace portcullis::core
