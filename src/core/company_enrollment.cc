// CompanyEnrollment: the invite or the own company of a new account, in its creating Write.
// Thread-safe: immutable policy and thread-safe ports.
#include "core/company_enrollment.h"

#include "common/status_macros.h"
#include "core/company_founding.h"
#include "core/invite_redemption.h"

namespace portcullis::core {

Status CompanyEnrollment::Enroll(Repositories& repos, const User& user,
                                 const std::optional<std::string>& invite, int64_t now,
                                 const ClientInfo& client) {
  if (invite) {
    ASSIGN_OR_RETURN(CompanyOfUser joined, RedeemInvite(repos, tokens_, user, *invite,
                                                        Field::kInvite, now, audit_, client));
    return repos.companies().SetLastActive(user.id, joined.company.id);
  }
  if (!policy_.create_company_on_signup) return Status::Ok();
  ASSIGN_OR_RETURN(CompanyOfUser founded,
                   FoundCompany(repos, random_, SignupCompanyName(user), user.id, now, true));
  static_cast<void>(founded);
  return Status::Ok();
}

}  // namespace portcullis::core
