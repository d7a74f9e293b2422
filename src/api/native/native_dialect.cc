// The native dialect's route table.
// Built once at start; the bound handlers are thread-safe.
#include "api/native/native_dialect.h"

#include <utility>

#include "api/native/error_writer.h"
#include "api/native/handlers.h"

namespace portcullis::api::native {

std::string RefreshCookiePath(std::string_view prefix) { return std::string(prefix) + "/auth"; }

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
      {"POST", "/auth/register", bind_async(Register), Auth::kNone, RunsOn::kNonBlocking,
       Tally::kRegistration},
      {"POST", "/auth/login", bind_async(Login), Auth::kNone, RunsOn::kStoreRead, Tally::kLogin},
      {"POST", "/auth/refresh", bind_async(Refresh), Auth::kNone, RunsOn::kNonBlocking,
       Tally::kRefresh},
      // Logout takes a Bearer token or the refresh cookie; the handler authenticates either.
      {"POST", "/auth/logout", bind_async(Logout), Auth::kNone, RunsOn::kNonBlocking},
      {"POST", "/auth/mfa/totp", bind_async(LoginMfaTotp), Auth::kNone, RunsOn::kNonBlocking,
       Tally::kLogin},
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
