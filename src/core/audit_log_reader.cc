// AuditLogReader: authorises the reader, then reads one page of the log in one Read.
// Thread-safe: no state of its own.
#include "core/audit_log_reader.h"

#include <string>
#include <utility>

#include "common/status_macros.h"

namespace portcullis::core {

AuditLogReader::AuditLogReader(Store& store, const Authorizer& authorizer)
    : store_(store), authorizer_(authorizer) {}

Result<AuditPage> AuditLogReader::Page(Repositories& repos, SecurityEventQuery query) {
  const int64_t limit = query.limit;
  query.limit = limit + 1;  // one more tells whether a next page exists
  ASSIGN_OR_RETURN(std::vector<SecurityEvent> events, repos.security_events().List(query));
  AuditPage page;
  if (static_cast<int64_t>(events.size()) > limit) {
    events.resize(static_cast<std::size_t>(limit));
    page.next_before_seq = events.back().seq;
  }
  page.items = std::move(events);
  return page;
}

Result<AuditPage> AuditLogReader::ListOwn(const Principal& principal,
                                          SecurityEventQuery query) const {
  query.user_id = principal.user_id;
  query.company_id.clear();
  ASSIGN_OR_RETURN(AuditPage page,
                   store_.ReadValue([&](Repositories& repos) { return Page(repos, query); }));
  for (SecurityEvent& event : page.items) {
    if (event.outcome != "success") event.detail.clear();  // the reason stays internal
    // Another person's doing (an operator, a company admin): not where they did it from. An
    // anonymous attempt on the account (a refused login) keeps its address: the user should see it.
    if (event.actor_type != "anonymous" && event.actor_id != principal.user_id) {
      event.ip.clear();
      event.user_agent.clear();
    }
  }
  return page;
}

Result<AuditPage> AuditLogReader::ListCompany(const Principal& principal,
                                              std::string_view company_id,
                                              SecurityEventQuery query) const {
  query.company_id = std::string(company_id);
  query.user_id.clear();
  return store_.ReadValue([&](Repositories& repos) -> Result<AuditPage> {
    RETURN_IF_ERROR(authorizer_.Authorize(repos, principal, company_id, CompanyAction::kReadAudit));
    return Page(repos, query);
  });
}

Result<AuditPage> AuditLogReader::ListAll(const Principal& principal,
                                          SecurityEventQuery query) const {
  return store_.ReadValue([&](Repositories& repos) -> Result<AuditPage> {
    RETURN_IF_ERROR(authorizer_.RequireInstanceAdmin(repos, principal));
    return Page(repos, query);
  });
}

}  // namespace portcullis::core
