// The native dialect's route table.
// Built once at start; the bound handlers are thread-safe.
#include "api/native/native_dialect.h"

#include <utility>

#include "api/native/audit_routes.h"
#include "api/native/credential_handlers.h"
#include "api/native/error_writer.h"
#include "api/native/handlers.h"
#include "api/native/service_client_handlers.h"
#include "api/native/sso_routes.h"

namespace portcullis::api::native {

std::string RefreshCookiePath(std::string_view prefix) { return std::string(prefix) + "/auth"; }

namespace {

// The account-lifecycle routes whose service is there (its flag is on). Every one runs on the
// workers: each writes (and may wait for the rate limiter).
template <class Bind>
void AddFlowRoutes(NativeContext& context, std::vector<RouteSpec>& routes, const Bind& bind) {
  const NativeFlows& flows = context.flows;
  const auto add = [&](std::string method, std::string path, Handler handler,
                       Auth auth = Auth::kNone, Tally tally = Tally::kNone) {
    routes.push_back(
        {std::move(method), std::move(path), bind(handler), auth, RunsOn::kBlocking, tally});
  };
  if (flows.exchange_codes != nullptr) {
    add("POST", "/auth/exchange", Exchange, Auth::kNone, Tally::kLogin);
  }
  if (flows.activation != nullptr) {
    add("POST", "/auth/activate", Activate, Auth::kNone, Tally::kLogin);
    add("GET", "/auth/activate", ActivateLink);
    add("POST", "/auth/activate/resend", ResendActivation);
  }
  if (flows.magic_links != nullptr) {
    add("POST", "/auth/magic-link", RequestMagicLink);
    add("GET", "/auth/magic-link", MagicLink, Auth::kNone, Tally::kLogin);
    add("POST", "/auth/magic-link/verify", VerifyMagicLink, Auth::kNone, Tally::kLogin);
  }
  if (flows.password_resets != nullptr) {
    add("POST", "/auth/password/forgot", ForgotPassword);
    add("POST", "/auth/password/reset", ResetPassword);
    if (flows.reset_page) {
      add("GET", "/auth/password/reset", PasswordResetPage);
      add("POST", "/auth/password/reset/form", PasswordResetForm);
    }
  }
  if (flows.email_changes != nullptr) {
    add("POST", "/me/email", ChangeEmail, Auth::kBearer);
    add("POST", "/me/email/confirm", ConfirmEmail);
    add("GET", "/me/email/confirm", ConfirmEmailLink);
  }
  if (flows.deletions != nullptr) add("DELETE", "/me", DeleteAccount, Auth::kBearer);
}

}  // namespace

Dialect NativeDialect(NativeContext& context) {
  const auto bind = [&context](Handler handler) -> RouteHandler {
    return [&context, handler](Call& call) { return handler(context, call); };
  };
  const auto bind_async = [&context](AsyncHandler handler) -> AsyncRouteHandler {
    return [&context, handler](Call call, Completion done) {
      handler(context, call, std::move(done));
    };
  };
  Dialect dialect{.name = "native", .write_error = WriteNativeError, .routes = {}};
  dialect.routes = {
      // Async: the hash runs on the argon2 executor, the write on the store's writer; the I/O
      // thread decodes, hands over and later signs and answers. Login reads the account first.
      {"POST", "/auth/register", bind_async(Register), Auth::kNone, RunsOn::kBlocking,
       Tally::kRegistration},
      {"POST", "/auth/login", bind_async(Login), Auth::kNone, RunsOn::kStoreRead, Tally::kLogin},
      {"POST", "/auth/refresh", bind_async(Refresh), Auth::kNone, RunsOn::kNonBlocking,
       Tally::kRefresh},
      // Logout takes a Bearer token, a refresh token or the refresh cookie; the handler
      // authenticates each. On the workers: {all: true} and {refresh_token} wait for the store.
      {"POST", "/auth/logout", bind_async(Logout), Auth::kNone, RunsOn::kBlocking},
      {"POST", "/auth/mfa/totp", bind_async(LoginMfaTotp), Auth::kNone, RunsOn::kNonBlocking,
       Tally::kLogin},
      {"POST", "/auth/step-up", bind(StepUp), Auth::kBearer, RunsOn::kBlocking},
      // A session, an API key or a personal token: each answers who is calling.
      {"GET", "/me/profile", bind(GetProfile),
       context.credentials != nullptr ? Auth::kPrincipal : Auth::kBearer, RunsOn::kStoreRead},
      {"PATCH", "/me/profile", bind(PatchProfile), Auth::kBearer, RunsOn::kBlocking},
      {"POST", "/me/password", bind(ChangePassword), Auth::kBearer, RunsOn::kBlocking},
      // Every session of the user: a read, but an unbounded one, so off the I/O threads.
      {"GET", "/me/sessions", bind(ListSessions), Auth::kBearer, RunsOn::kBlocking},
      {"DELETE", "/me/sessions/{id}", bind(DeleteSession), Auth::kBearer, RunsOn::kBlocking},
      {"POST", "/me/sessions/revoke-all", bind(RevokeAllSessions), Auth::kBearer,
       RunsOn::kBlocking},
  };
  AddFlowRoutes(context, dialect.routes, bind);
  AddCredentialRoutes(context, dialect.routes);
  AddServiceClientRoutes(context, dialect.routes);
  AddCompanyRoutes(context, dialect.routes);
  AddAuditRoutes(context, dialect.routes);
  AddAdminRoutes(context, dialect.routes);
  AddSsoRoutes(context, dialect.routes);
  if (context.mfa != nullptr) {
    dialect.routes.insert(
        dialect.routes.end(),
        {
            {"POST", "/me/mfa/setup", bind(MfaSetup), Auth::kBearer, RunsOn::kBlocking},
            {"POST", "/me/mfa/verify", bind(MfaVerify), Auth::kBearer, RunsOn::kBlocking},
            {"POST", "/me/mfa/disable", bind(MfaDisable), Auth::kBearer, RunsOn::kBlocking},
            {"POST", "/me/mfa/recovery-codes", bind(MfaRecoveryCodes), Auth::kBearer,
             RunsOn::kBlocking},
        });
  }
  return dialect;
}

}  // namespace portcullis::api::native
