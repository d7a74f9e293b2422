// The HBP route groups the dialect's table is made of: the session routes (register, login, MFA
// login, links, tokens, logout) and the account routes (email, password, MFA setup, delete, JWKS,
// healthz). Built once at start; the handlers are thread-safe.
#pragma once

#include <vector>

#include "api/common/route_spec.h"
#include "api/hbp/hbp_dialect.h"

namespace portcullis::api::hbp {

void AppendSessionRoutes(HbpContext& context, std::vector<RouteSpec>& routes);
void AppendAccountRoutes(HbpContext& context, std::vector<RouteSpec>& routes);

}  // namespace portcullis::api::hbp
