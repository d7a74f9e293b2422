// AdminCompanyService: the admin API's company reads, each one Read that authorizes and reads.
// Thread-safe: no state beyond its collaborators.
#include "core/admin_company_service.h"

#include <utility>

#include "common/status_macros.h"

namespace portcullis::core {

Result<AdminCompanyPage> AdminCompanyService::List(const AdminCaller& caller,
                                                   std::string_view after_id, int64_t limit) {
  if (limit < 1 || limit > kAdminPageMax) {
    return MakeError(ErrorCode::kInvalidRequest, "limit must be 1 to 200");
  }
  AdminCompanyPage page;
  Status read = store_.Read([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(RequireAdmin(repos, authorizer_, caller));
    // One more than asked: whether there is a next page.
    ASSIGN_OR_RETURN(page.companies, repos.companies().ListAll(after_id, limit + 1));
    return Status::Ok();
  });
  if (!read) {
    if (read.error().code == ErrorCode::kForbidden) {
      audit_.RecordLater(RefusedAdminEvent("admin_companies_listed", caller));
    }
    return read.error();
  }
  if (static_cast<int64_t>(page.companies.size()) > limit) {
    page.companies.resize(static_cast<std::size_t>(limit));
    page.next_after_id = page.companies.back().id;
  }
  audit_.RecordLater(AdminEvent("admin_companies_listed", caller, "company", ""));
  return page;
}

Result<AdminCompanyDetails> AdminCompanyService::Get(const AdminCaller& caller,
                                                     std::string_view company_id) {
  AdminCompanyDetails details;
  Status read = store_.Read([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(RequireAdmin(repos, authorizer_, caller));
    ASSIGN_OR_RETURN(details.company,
                     NotFoundAs(repos.companies().Find(company_id),
                                MakeError(ErrorCode::kNotFound, "no such company")));
    ASSIGN_OR_RETURN(details.members, repos.companies().ListMembers(company_id));
    return Status::Ok();
  });
  if (!read) {
    if (read.error().code == ErrorCode::kForbidden) {
      audit_.RecordLater(RefusedAdminEvent("admin_company_viewed", caller));
    }
    return read.error();
  }
  SecurityEvent event = AdminEvent("admin_company_viewed", caller, "company", details.company.id);
  event.company_id = details.company.id;
  audit_.RecordLater(std::move(event));
  return details;
}

}  // namespace portcullis::core
