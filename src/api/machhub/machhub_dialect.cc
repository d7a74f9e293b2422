// The MACHHUB dialect's route table: POST /auth/login and GET /auth/permission/... .
// Built once at start; the handlers are thread-safe.
#include "api/machhub/machhub_dialect.h"

#include "api/machhub/machhub_error_writer.h"
#include "api/machhub/machhub_handlers.h"

namespace portcullis::api::machhub {

Dialect MachhubDialect(MachhubContext& context) {
  Dialect dialect{.name = "machhub", .write_error = &WriteMachhubError, .routes = {}};
  // The login reads the account on the I/O thread, then hands the hash to the hasher (as the
  // native login does).
  dialect.routes.push_back({"POST", "/auth/login",
                            AsyncRouteHandler([&context](Call call, Completion done) {
                              Login(context, call, std::move(done));
                            }),
                            Auth::kNone, RunsOn::kStoreRead, Tally::kLogin});
  if (context.permissions != nullptr) {
    // An access token (Bearer), or a company API key (X-Machhub-Api-Key, X-Api-Key or Bearer).
    dialect.routes.push_back(
        {"GET", "/auth/permission/action/feature/{feature}/scope/{scope}",
         RouteHandler([&context](Call& call) { return PermittedActions(context, call); }),
         Auth::kPrincipal, RunsOn::kStoreRead});
  }
  return dialect;
}

}  // namespace portcullis::api::machhub
