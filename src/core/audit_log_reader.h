// AuditLogReader: reads the audit log a page at a time for its three readers — a user's own
// events, a company's events (its owners and admins) and every event (instance admins) — each
// newest first with a cursor that stays stable while events are appended. Thread-safe: no state
// of its own.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "core/auth_types.h"
#include "core/authorizer.h"
#include "core/ports/store.h"
#include "core/security_event.h"

namespace portcullis::core {

// One page: at most the query's limit of events, newest first. next_before_seq is the cursor of
// the next page (the last event's seq), 0 when this page is the last.
struct AuditPage {
  std::vector<SecurityEvent> items;
  int64_t next_before_seq = 0;
};

class AuditLogReader {
 public:
  // `store` and `authorizer` must outlive the reader.
  AuditLogReader(Store& store, const Authorizer& authorizer);

  // The events whose user_id is the principal's user (any company). A failure's internal reason
  // (`detail`) is not shown to the user: it is emptied.
  Result<AuditPage> ListOwn(const Principal& principal, SecurityEventQuery query) const;
  // The events of `company_id`: its owners and admins (CompanyAction::kReadAudit); kNotFound for a
  // company the principal is not of, kForbidden for a plain member.
  Result<AuditPage> ListCompany(const Principal& principal, std::string_view company_id,
                                SecurityEventQuery query) const;
  // Every event: instance admins only (Authorizer::RequireInstanceAdmin).
  Result<AuditPage> ListAll(const Principal& principal, SecurityEventQuery query) const;

 private:
  // One List of limit + 1 events inside `repos`, cut to the page and its cursor.
  static Result<AuditPage> Page(Repositories& repos, SecurityEventQuery query);

  Store& store_;
  const Authorizer& authorizer_;
};

}  // namespace portcullis::core
