// HBP's account routes: change-email, change-password, mfa generate/enable/disable, delete,
// jwks and healthz. A route whose flag is off stays mounted and answers as HBP did (Boom's 500,
// before any authentication). Built once at start; the handlers are thread-safe.
#include <utility>

#include "api/hbp/hbp_account_handlers.h"
#include "api/hbp/hbp_auth.h"
#include "api/hbp/hbp_routes.h"

namespace portcullis::api::hbp {
namespace {

using AccountHandler = Result<http::Response> (*)(HbpContext&, Call&);

enum class Caller {
  kAnyone,  // the ticket routes: the ticket is the proof
  kUser,    // a Bearer jwt_token or, as HBP's clients send it, the refresh_token cookie alone
};

}  // namespace

void AppendAccountRoutes(HbpContext& context, std::vector<RouteSpec>& routes) {
  // Every served route writes or hashes (or may wait for the rate limiter): on the workers.
  const auto add = [&](bool served, std::string path, AccountHandler handler, Caller caller) {
    if (!served) {
      routes.push_back({"POST", std::move(path),
                        [](Call&) -> Result<http::Response> { return FlagOff(); }, Auth::kNone,
                        RunsOn::kNonBlocking});
      return;
    }
    RouteSpec spec{"POST", std::move(path),
                   [&context, handler](Call& call) { return handler(context, call); }, Auth::kNone,
                   RunsOn::kBlocking};
    routes.push_back(caller == Caller::kUser ? WithHbpAuth(context, std::move(spec))
                                             : std::move(spec));
  };
  const bool email_changes = context.email_changes != nullptr;
  add(email_changes && !context.verify_emails, "/auth/change-email", ChangeEmailDirect,
      Caller::kUser);
  add(email_changes && context.verify_emails, "/auth/change-email/request", RequestEmailChange,
      Caller::kUser);
  add(email_changes && context.verify_emails, "/auth/change-email/change", ConfirmEmailChange,
      Caller::kAnyone);

  add(true, "/auth/change-password", ChangePassword, Caller::kUser);
  const bool resets = context.password_resets != nullptr;
  add(resets, "/auth/change-password/request", RequestPasswordReset, Caller::kAnyone);
  add(resets, "/auth/change-password/change", ResetPassword, Caller::kAnyone);

  const bool mfa = context.mfa != nullptr;
  add(mfa, "/auth/mfa/generate", GenerateMfa, Caller::kUser);
  add(mfa, "/auth/mfa/enable", EnableMfa, Caller::kUser);
  add(mfa, "/auth/mfa/disable", DisableMfa, Caller::kUser);

  add(context.deletions != nullptr, "/auth/delete", DeleteAccount, Caller::kUser);

  routes.push_back(
      {"GET", "/auth/jwks",
       [jwks = Jwks(context.jwks_json)](Call&) -> Result<http::Response> { return jwks; },
       Auth::kNone, RunsOn::kNonBlocking});
  routes.push_back({"GET", "/healthz", [](Call&) -> Result<http::Response> { return Healthz(); },
                    Auth::kNone, RunsOn::kNonBlocking});
}

}  // namespace portcullis::api::hbp
