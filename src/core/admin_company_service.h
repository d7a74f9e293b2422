// AdminCompanyService: every company of the instance as an instance admin sees it — a paged list
// and one company with its members. Authorized by the Authorizer (RequireInstanceAdmin) inside
// each Read; each read is audited later (it writes nothing). Thread-safe; no per-call state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "core/admin_caller.h"
#include "core/audit_trail.h"
#include "core/authorizer.h"
#include "core/company.h"
#include "core/ports/store.h"

namespace portcullis::core {

struct AdminCompanyPage {
  std::vector<Company> companies;
  std::string next_after_id;  // the last id of this page when there may be more; empty: the end
};

struct AdminCompanyDetails {
  Company company;
  std::vector<Member> members;  // oldest membership first
};

class AdminCompanyService {
 public:
  // Every collaborator must outlive the service.
  AdminCompanyService(Store& store, AuditTrail& audit, const Authorizer& authorizer)
      : store_(store), audit_(audit), authorizer_(authorizer) {}

  // Companies ordered by id, after `after_id`, at most `limit` (1..kAdminPageMax).
  Result<AdminCompanyPage> List(const AdminCaller& caller, std::string_view after_id,
                                int64_t limit);
  // kNotFound when absent.
  Result<AdminCompanyDetails> Get(const AdminCaller& caller, std::string_view company_id);

 private:
  Store& store_;
  AuditTrail& audit_;
  const Authorizer& authorizer_;
};

}  // namespace portcullis::core
