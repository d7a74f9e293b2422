// HBP's session routes: register, login, mfa/totp, activate, magic-link, token refresh and
// revoke, logout. Built once at start; the handlers are thread-safe.
#include <utility>

#include "api/hbp/hbp_auth.h"
#include "api/hbp/hbp_routes.h"
#include "api/hbp/hbp_session_handlers.h"

namespace portcullis::api::hbp {

void AppendSessionRoutes(HbpContext& context, std::vector<RouteSpec>& routes) {
  using AsyncHandler = void (*)(HbpContext&, Call, Completion);
  using Handler = Result<http::Response> (*)(HbpContext&, Call&);
  const auto bind_async = [&context](AsyncHandler handler) -> AsyncRouteHandler {
    return [&context, handler](Call call, Completion done) {
      handler(context, call, std::move(done));
    };
  };
  const auto bind = [&context](Handler handler) -> RouteHandler {
    return [&context, handler](Call& call) { return handler(context, call); };
  };
  // As the native routes: async where the core has an async form (the hash on the argon2
  // executor, the write on the store's writer), on the workers where it writes synchronously.
  routes.insert(routes.end(),
                {
                    {"POST", "/auth/register", bind_async(HbpRegister), Auth::kNone,
                     RunsOn::kBlocking, Tally::kRegistration},
                    // On the workers: a password-less login mails its link synchronously.
                    {"POST", "/auth/login", bind_async(HbpLogin), Auth::kNone, RunsOn::kBlocking,
                     Tally::kLogin},
                    {"POST", "/auth/mfa/totp", bind_async(HbpMfaTotp), Auth::kNone,
                     RunsOn::kNonBlocking, Tally::kLogin},
                    {"GET", "/auth/token/refresh", bind_async(HbpRefresh), Auth::kNone,
                     RunsOn::kNonBlocking, Tally::kRefresh},
                    // {all: true} waits for the store.
                    {"POST", "/auth/logout", bind_async(HbpLogout), Auth::kNone, RunsOn::kBlocking},
                    WithHbpAuth(context, {"POST", "/auth/token/revoke", bind(HbpRevoke),
                                          Auth::kBearer, RunsOn::kBlocking}),
                    {"GET", "/auth/activate", bind(HbpActivate), Auth::kNone, RunsOn::kBlocking,
                     Tally::kLogin},
                    {"GET", "/auth/magic-link", bind(HbpMagicLink), Auth::kNone, RunsOn::kBlocking,
                     Tally::kLogin},
                });
}

}  // namespace portcullis::api::hbp
