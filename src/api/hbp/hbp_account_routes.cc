// HBP's account routes: change-email, change-password, mfa generate/enable/disable, delete,
// jwks and healthz. A route whose flag is off stays mounted and answers as HBP did (Boom's 500,
// before any authentication). Built once at start; the handlers are thread-safe.
#include <utility>

#include "api/hbp/hbp_account_handlers.h"
#include "api/hbp/hbp_routes.h"

namespace portcullis::api::hbp {

namespace {

using AccountHandler = Result<http::Response> (*)(HbpContext&, Call&);

// How the caller of a user's route authenticates: the Bearer access token. The one place the HBP
// session routes' refresh_token-cookie authentication (HBP clients call without Authorization)
// plugs in.
constexpr Auth kUser = Auth::kBearer;

}  // namespace

void AppendAccountRoutes(HbpContext& context, std::vector<RouteSpec>& routes) {
  // Every served route writes or hashes (or may wait for the rate limiter): on the workers.
  const auto add = [&](bool served, std::string path, AccountHandler handler, Auth auth) {
    if (!served) {
      routes.push_back({"POST", std::move(path),
                        [](Call&) -> Result<http::Response> { return FlagOff(); }, Auth::kNone,
                        RunsOn::kNonBlocking});
      return;
    }
    routes.push_back({"POST", std::move(path),
                      [&context, handler](Call& call) { return handler(context, call); }, auth,
                      RunsOn::kBlocking});
  };
  const bool email_changes = context.email_changes != nullptr;
  add(email_changes && !context.verify_emails, "/auth/change-email", ChangeEmailDirect, kUser);
  add(email_changes && context.verify_emails, "/auth/change-email/request", RequestEmailChange,
      kUser);
  add(email_changes && context.verify_emails, "/auth/change-email/change", ConfirmEmailChange,
      Auth::kNone);

  add(true, "/auth/change-password", ChangePassword, kUser);
  const bool resets = context.password_resets != nullptr;
  add(resets, "/auth/change-password/request", RequestPasswordReset, Auth::kNone);
  add(resets, "/auth/change-password/change", ResetPassword, Auth::kNone);

  const bool mfa = context.mfa != nullptr;
  add(mfa, "/auth/mfa/generate", GenerateMfa, kUser);
  add(mfa, "/auth/mfa/enable", EnableMfa, kUser);
  add(mfa, "/auth/mfa/disable", DisableMfa, kUser);

  add(context.deletions != nullptr, "/auth/delete", DeleteAccount, kUser);

  routes.push_back(
      {"GET", "/auth/jwks",
       [jwks = Jwks(context.jwks_json)](Call&) -> Result<http::Response> { return jwks; },
       Auth::kNone, RunsOn::kNonBlocking});
  routes.push_back({"GET", "/healthz", [](Call&) -> Result<http::Response> { return Healthz(); },
                    Auth::kNone, RunsOn::kNonBlocking});
}

}  // namespace portcullis::api::hbp
