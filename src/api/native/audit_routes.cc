// The native routes and handlers of the audit log's three lists.
// Built once at start; the handlers decode the query, call AuditLogReader once and encode a page.
#include "api/native/audit_routes.h"

#include <string>
#include <utility>

#include "api/common/responses.h"
#include "api/native/audit_views.h"
#include "api/native/native_dialect.h"
#include "common/status_macros.h"

namespace portcullis::api::native {
namespace {

Result<http::Response> ListOwnEvents(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(core::SecurityEventQuery query, DecodeAuditQuery(call.request.query));
  ASSIGN_OR_RETURN(core::AuditPage page, context.audit_log->ListOwn(*call.principal, query));
  return JsonResponse(200, AuditPageView(page));
}

Result<http::Response> ListCompanyEvents(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(core::SecurityEventQuery query, DecodeAuditQuery(call.request.query));
  ASSIGN_OR_RETURN(
      core::AuditPage page,
      context.audit_log->ListCompany(*call.principal, call.request.path_params.at("id"), query));
  return JsonResponse(200, AuditPageView(page));
}

Result<http::Response> ListAllEvents(NativeContext& context, Call& call) {
  ASSIGN_OR_RETURN(core::SecurityEventQuery query, DecodeAuditQuery(call.request.query));
  ASSIGN_OR_RETURN(core::AuditPage page, context.audit_log->ListAll(*call.principal, query));
  return JsonResponse(200, AuditPageView(page));
}

}  // namespace

void AddAuditRoutes(NativeContext& context, std::vector<RouteSpec>& routes) {
  if (context.audit_log == nullptr) return;
  using Handler = Result<http::Response> (*)(NativeContext&, Call&);
  const auto add = [&](std::string path, Handler handler, Auth auth) {
    // Filtered reads of a growing table: on the workers, off the I/O threads.
    routes.push_back({"GET", std::move(path), RouteHandler([&context, handler](Call& call) {
                        return handler(context, call);
                      }),
                      auth, RunsOn::kBlocking, Tally::kNone});
  };
  add("/me/security-events", ListOwnEvents, Auth::kBearer);  // a signed-in user (a session)
  // Owners and admins of the company, and its own API keys (which act as an admin).
  add("/companies/{id}/audit", ListCompanyEvents,
      context.credentials != nullptr ? Auth::kPrincipal : Auth::kBearer);
  add("/admin/audit", ListAllEvents, Auth::kBearer);  // instance admins, checked by the reader
}

}  // namespace portcullis::api::native
