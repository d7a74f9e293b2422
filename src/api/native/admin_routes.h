// The native admin API (/admin/...): the services it calls and the route table entries it adds.
// Every route takes any principal and lets the core's Authorizer refuse all but an instance admin's
// session (403 forbidden). Built at start; the handlers are thread-safe.
#pragma once

#include <vector>

#include "api/common/route_spec.h"
#include "core/admin_company_service.h"
#include "core/admin_user_service.h"

namespace portcullis::api::native {

struct NativeContext;

// The admin services; null leaves the routes out.
struct NativeAdmin {
  core::AdminUserService* users = nullptr;         // /admin/users[/{id}[/mfa/reset|...]]
  core::AdminCompanyService* companies = nullptr;  // /admin/companies[/{id}]
};

// Appends the admin routes of the services `context.admin` holds (paths relative to the prefix).
void AddAdminRoutes(NativeContext& context, std::vector<RouteSpec>& routes);

}  // namespace portcullis::api::native
