// HBP caller authentication by Bearer token or refresh_token cookie, and the route wrapper.
// Pure functions over the context; thread-safe.
#include "api/hbp/hbp_auth.h"

#include <utility>
#include <variant>

#include "api/common/bearer_auth.h"
#include "api/common/cookie_auth.h"
#include "api/common/refresh_cookie.h"
#include "api/hbp/hbp_request.h"
#include "common/status_macros.h"

namespace portcullis::api::hbp {
namespace {

// The checks every request the refresh_token cookie authenticates passes, as the native cookie
// authentication's: the origin rule on unsafe methods, and the double-submit header when
// cookie.csrf_double_submit is on.
Status CheckCookieCaller(const HbpContext& context, const Call& call) {
  const CookieAuthPolicy policy{context.cookie.session_name, context.cookie.csrf_double_submit};
  return CheckCookieRequest(policy, &call.Origins(), call.request);
}

}  // namespace

Result<std::optional<PresentedRefreshToken>> RefreshTokenOf(const HbpContext& context,
                                                            const Call& call) {
  ASSIGN_OR_RETURN(std::optional<std::string> cookie,
                   ReadRefreshCookie(context.cookie, call.request));
  if (cookie) {
    RETURN_IF_ERROR(CheckCookieCaller(context, call));
    return std::optional<PresentedRefreshToken>(PresentedRefreshToken{std::move(*cookie), true});
  }
  ASSIGN_OR_RETURN(std::optional<std::string> query, QueryParam(call.request, "refresh_token"));
  if (!query) return std::optional<PresentedRefreshToken>();
  return std::optional<PresentedRefreshToken>(PresentedRefreshToken{std::move(*query), false});
}

Result<core::Principal> HbpPrincipalOf(const HbpContext& context, const Call& call) {
  if (call.request.Header("authorization")) {
    ASSIGN_OR_RETURN(const std::string_view token, BearerToken(call.request));
    return context.sessions.Authenticate(token);
  }
  ASSIGN_OR_RETURN(std::optional<std::string> cookie,
                   ReadRefreshCookie(context.cookie, call.request));
  if (!cookie) return MakeError(ErrorCode::kUnauthorized, "Not logged in");
  RETURN_IF_ERROR(CheckCookieCaller(context, call));
  return context.sessions.AuthenticateRefreshToken(*cookie);
}

RouteSpec WithHbpAuth(const HbpContext& context, RouteSpec spec) {
  spec.auth = Auth::kNone;
  if (spec.runs_on == RunsOn::kNonBlocking) spec.runs_on = RunsOn::kStoreRead;
  if (auto* sync = std::get_if<RouteHandler>(&spec.handler)) {
    spec.handler =
        RouteHandler([&context, inner = std::move(*sync)](Call& call) -> Result<http::Response> {
          ASSIGN_OR_RETURN(core::Principal principal, HbpPrincipalOf(context, call));
          call.principal = &principal;
          return inner(call);
        });
  } else {
    spec.handler =
        AsyncRouteHandler([&context, inner = std::get<AsyncRouteHandler>(std::move(spec.handler))](
                              Call call, Completion done) {
          auto principal = HbpPrincipalOf(context, call);
          if (!principal) return done(principal.error());
          call.principal = &*principal;
          inner(call, std::move(done));
        });
  }
  return spec;
}

}  // namespace portcullis::api::hbp
