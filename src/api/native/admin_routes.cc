// The route table entries of the admin API.
// Built once at start; the bound handlers are thread-safe.
#include "api/native/admin_routes.h"

#include <string>

#include "api/native/admin_handlers.h"
#include "api/native/native_dialect.h"

namespace portcullis::api::native {

void AddAdminRoutes(NativeContext& context, std::vector<RouteSpec>& routes) {
  using Handler = Result<http::Response> (*)(NativeContext&, Call&);
  // Any principal is let through to the service, whose Authorizer answers 403 to all but an
  // instance admin's session (an API key or a personal token is refused like a member). Every
  // call reads the admin's account in the store: on the workers.
  const auto add = [&](std::string method, std::string path, Handler handler) {
    routes.push_back(
        {std::move(method), std::move(path),
         RouteHandler([&context, handler](Call& call) { return handler(context, call); }),
         Auth::kPrincipal, RunsOn::kBlocking, Tally::kNone});
  };
  if (context.admin.users != nullptr) {
    add("GET", "/admin/users", AdminSearchUsers);
    add("GET", "/admin/users/{id}", AdminGetUser);
    add("PATCH", "/admin/users/{id}", AdminPatchUser);
    add("DELETE", "/admin/users/{id}", AdminDeleteUser);
    add("POST", "/admin/users/{id}/mfa/reset", AdminResetMfa);
    add("POST", "/admin/users/{id}/sessions/revoke", AdminRevokeSessions);
  }
  if (context.admin.companies != nullptr) {
    add("GET", "/admin/companies", AdminListCompanies);
    add("GET", "/admin/companies/{id}", AdminGetCompany);
  }
}

}  // namespace portcullis::api::native
