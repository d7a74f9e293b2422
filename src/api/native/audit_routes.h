// The native routes of the audit log: a user's own events, a company's (owners and admins) and
// every event (instance admins). Built at start; the handlers are thread-safe.
#pragma once

#include <vector>

#include "api/common/route_spec.h"

namespace portcullis::api::native {

struct NativeContext;

// Appends GET /me/security-events, GET /companies/{id}/audit and GET /admin/audit when
// `context.audit_log` is set (paths relative to the prefix).
void AddAuditRoutes(NativeContext& context, std::vector<RouteSpec>& routes);

}  // namespace portcullis::api::native
