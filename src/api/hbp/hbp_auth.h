// How an HBP request proves its caller: "Authorization: Bearer <jwt_token>", or — HBP's default
// client mode — the HttpOnly refresh_token cookie alone, resolved to its live session without
// rotating it. A cookie-authenticated unsafe request must pass the product's one origin rule.
// No unsigned cookie carries claims. Pure functions over the context; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "api/common/call.h"
#include "api/common/route_spec.h"
#include "api/hbp/hbp_dialect.h"
#include "common/status.h"
#include "core/auth_types.h"

namespace portcullis::api::hbp {

// The refresh token an HBP route was given and where: HBP's middleware read ?refresh_token= and
// then the refresh_token cookie, the cookie winning.
struct PresentedRefreshToken {
  std::string value;
  bool from_cookie = false;
};

// The presented refresh token (nullopt without one). Two refresh_token cookies are refused
// (kInvalidRequest); a token from the cookie on an unsafe request must pass the origin rule
// (kForbidden): a cross-site page cannot spend the user's cookie.
Result<std::optional<PresentedRefreshToken>> RefreshTokenOf(const HbpContext& context,
                                                            const Call& call);

// The caller: the Bearer access token when an Authorization header is present, else the session
// of the refresh_token cookie (RefreshTokenOf's checks, then SessionService::
// AuthenticateRefreshToken); kUnauthorized "Not logged in" with neither.
Result<core::Principal> HbpPrincipalOf(const HbpContext& context, const Call& call);

// `spec` for a route that needs its caller: its handler runs with Call::principal set by
// HbpPrincipalOf (errors go to the Boom writer) instead of Mount's Bearer-only check. The route
// runs at least on kStoreRead (the cookie is looked up). An async handler must read
// call.principal before it returns (Completion::principal() stays null).
RouteSpec WithHbpAuth(const HbpContext& context, RouteSpec spec);

}  // namespace portcullis::api::hbp
