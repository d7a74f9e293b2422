// The native dialect's route table.
// Built once at start; the bound handlers are thread-safe.
#include "api/native/native_dialect.h"

#include "api/native/error_writer.h"
#include "api/native/handlers.h"

namespace portcullis::api::native {

std::string RefreshCookiePath(std::string_view prefix) { return std::string(prefix) + "/auth"; }

Dialect NativeDialect(NativeContext& context) {
  const auto bind = [&context](Handler handler) -> RouteHandler {
    return [&context, handler](Call& call) { return handler(context, call); };
  };
  Dialect dialect{.name = "native", .write_error = WriteNativeError, .routes = {}};
  dialect.routes = {
      {"POST", "/auth/register", bind(Register), Auth::kNone, RunsOn::kBlocking,
       Tally::kRegistration},
      {"POST", "/auth/login", bind(Login), Auth::kNone, RunsOn::kBlocking, Tally::kLogin},
      {"POST", "/auth/refresh", bind(Refresh), Auth::kNone, RunsOn::kBlocking, Tally::kRefresh},
      // Logout takes a Bearer token or the refresh cookie; the handler authenticates either.
      {"POST", "/auth/logout", bind(Logout), Auth::kNone, RunsOn::kBlocking},
      {"POST", "/auth/mfa/totp", bind(LoginMfaTotp), Auth::kNone, RunsOn::kBlocking, Tally::kLogin},
      {"POST", "/auth/step-up", bind(StepUp), Auth::kBearer, RunsOn::kBlocking},
      {"GET", "/me/profile", bind(GetProfile), Auth::kBearer, RunsOn::kStoreRead},
      {"PATCH", "/me/profile", bind(PatchProfile), Auth::kBearer, RunsOn::kBlocking},
      {"POST", "/me/password", bind(ChangePassword), Auth::kBearer, RunsOn::kBlocking},
      // Every session of the user: a read, but an unbounded one, so off the I/O threads.
      {"GET", "/me/sessions", bind(ListSessions), Auth::kBearer, RunsOn::kBlocking},
      {"DELETE", "/me/sessions/{id}", bind(DeleteSession), Auth::kBearer, RunsOn::kBlocking},
      {"POST", "/me/sessions/revoke-all", bind(RevokeAllSessions), Auth::kBearer,
       RunsOn::kBlocking},
  };
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
