// The native routes of companies, members, invites and the active company: the services they
// call and the route table entries they add. Built at start; the handlers are thread-safe.
#pragma once

#include <vector>

#include "api/common/route_spec.h"
#include "core/company_service.h"
#include "core/company_switch.h"
#include "core/invite_service.h"

namespace portcullis::api::native {

struct NativeContext;

// The company services; a null one leaves its routes out.
struct NativeCompanies {
  core::CompanyService* companies = nullptr;  // /companies, /companies/{id}[/members|/leave]
  core::InviteService* invites = nullptr;     // /companies/{id}/invites, /invites/accept
  core::CompanySwitch* switcher = nullptr;    // /auth/switch-company
};

// Appends the routes of the services `context.companies` holds (paths relative to the prefix).
void AddCompanyRoutes(NativeContext& context, std::vector<RouteSpec>& routes);

}  // namespace portcullis::api::native
