// The last-owner rule, counted inside the caller's Write.
// Pure functions; thread-safe.
#include "core/owner_rule.h"

#include "common/status_macros.h"

namespace portcullis::core {

Status KeepsAnOwner(Repositories& repos, const Membership& member) {
  if (member.role != CompanyRole::kOwner) return Status::Ok();
  ASSIGN_OR_RETURN(int64_t owners, repos.companies().CountOwners(member.company_id));
  if (owners > 1) return Status::Ok();
  return MakeError(ErrorCode::kConflict,
                   "a company keeps at least one owner: make another member owner first",
                   Reason::kLastOwner);
}

}  // namespace portcullis::core
