// The route table entries of companies, members, invites and the active company.
// Built once at start; the bound handlers are thread-safe.
#include "api/native/company_routes.h"

#include <string>

#include "api/native/company_handlers.h"
#include "api/native/native_dialect.h"

namespace portcullis::api::native {

void AddCompanyRoutes(NativeContext& context, std::vector<RouteSpec>& routes) {
  using Handler = Result<http::Response> (*)(NativeContext&, Call&);
  // Company routes take any principal (a session, the company's API key, a personal token): the
  // Authorizer decides what each may do. Accepting an invite and switching the session's company
  // are a logged-in user's alone.
  const auto add = [&](std::string method, std::string path, Handler handler, RunsOn runs_on,
                       Auth auth = Auth::kPrincipal) {
    routes.push_back(
        {std::move(method), std::move(path),
         RouteHandler([&context, handler](Call& call) { return handler(context, call); }), auth,
         runs_on, Tally::kNone});
  };
  const NativeCompanies& services = context.companies;
  // Writes and lists (unbounded reads) on the workers; a single company's read may stay on the
  // I/O thread when the store's reads do not block.
  if (services.companies != nullptr) {
    add("POST", "/companies", CreateCompany, RunsOn::kBlocking);
    add("GET", "/companies", ListCompanies, RunsOn::kBlocking);
    add("GET", "/companies/{id}", GetCompany, RunsOn::kStoreRead);
    add("PATCH", "/companies/{id}", RenameCompany, RunsOn::kBlocking);
    add("DELETE", "/companies/{id}", DeleteCompany, RunsOn::kBlocking);
    add("GET", "/companies/{id}/members", ListMembers, RunsOn::kBlocking);
    add("PATCH", "/companies/{id}/members/{user_id}", ChangeMemberRole, RunsOn::kBlocking);
    add("DELETE", "/companies/{id}/members/{user_id}", RemoveMember, RunsOn::kBlocking);
    add("POST", "/companies/{id}/leave", LeaveCompany, RunsOn::kBlocking);
  }
  if (services.invites != nullptr) {
    add("POST", "/companies/{id}/invites", CreateInvite, RunsOn::kBlocking);
    add("GET", "/companies/{id}/invites", ListInvites, RunsOn::kBlocking);
    add("DELETE", "/companies/{id}/invites/{invite_id}", RevokeInvite, RunsOn::kBlocking);
    add("POST", "/invites/accept", AcceptInvite, RunsOn::kBlocking, Auth::kBearer);
    add("GET", "/invites/accept", PreviewInvite, RunsOn::kStoreRead, Auth::kNone);
  }
  if (services.switcher != nullptr) {
    add("POST", "/auth/switch-company", SwitchCompany, RunsOn::kBlocking, Auth::kBearer);
  }
}

}  // namespace portcullis::api::native
