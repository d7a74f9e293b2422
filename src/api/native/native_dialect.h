// The native dialect: today's /v1 API (auth, me, mfa) as a route table with problem JSON errors,
// mounted at a configurable prefix (default "/v1"). Build at start; the handlers are thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "api/common/dialect.h"
#include "api/common/refresh_cookie.h"
#include "api/native/admin_routes.h"
#include "api/native/company_routes.h"
#include "api/native/sso_routes.h"
#include "core/account_deletion_service.h"
#include "core/account_service.h"
#include "core/activation_service.h"
#include "core/audit_log_reader.h"
#include "core/client_token_service.h"
#include "core/credential_service.h"
#include "core/email_change_service.h"
#include "core/exchange_codes.h"
#include "core/magic_link_service.h"
#include "core/mfa_service.h"
#include "core/password_reset_service.h"
#include "core/permission_model_service.h"
#include "core/rate_limiter.h"
#include "core/redirect_policy.h"
#include "core/service_client_service.h"
#include "core/session_service.h"

namespace portcullis::api::native {

inline constexpr std::string_view kDefaultPrefix = "/v1";
// Largest `metadata` object accepted, serialised.
inline constexpr std::size_t kMaxMetadataBytes = 16 * 1024;

// The account-lifecycle services; a null one leaves its routes out (its flag is off).
struct NativeFlows {
  core::ActivationService* activation = nullptr;          // auto_activate_new_users = false
  core::MagicLinkService* magic_links = nullptr;          // magic_link_enabled
  core::PasswordResetService* password_resets = nullptr;  // lost_password_enabled
  core::AccountDeletionService* deletions = nullptr;      // allow_user_self_delete
  core::EmailChangeService* email_changes = nullptr;
  core::ExchangeCodes* exchange_codes = nullptr;
  const core::RedirectPolicy* redirects = nullptr;  // checks every redirect_to
  std::string redirect_url_success;  // a link's flow ends here without redirect_to; empty: a page
  std::string redirect_url_error;    // an unusable link ends here; empty: a problem answer
  bool reset_page = false;           // serve the built-in password-reset page and its form
};

// The services and options the native handlers use; must outlive the router.
struct NativeContext {
  core::AccountService& accounts;
  core::SessionService& sessions;
  core::MfaService* mfa = nullptr;       // null: the /me/mfa routes are left out
  CookieOptions cookie;                  // set cookie.path with RefreshCookiePath(prefix)
  core::RateLimiter* limiter = nullptr;  // null: refresh is not limited per IP
  NativeFlows flows;
  // Company API keys, personal tokens and the permission model; null: their routes are left out.
  const core::CredentialService* credentials = nullptr;
  const core::PermissionModelService* permissions = nullptr;
  // Service clients and the OAuth 2.0 endpoints; null: their routes are left out.
  const core::ServiceClientService* service_clients = nullptr;
  const core::ClientTokenService* client_tokens = nullptr;
  NativeCompanies companies;  // companies, members, invites, switch-company
  // The audit log's lists (/me/security-events, /companies/{id}/audit, /admin/audit); null: left
  // out.
  const core::AuditLogReader* audit_log = nullptr;
  NativeAdmin admin;  // the instance admins' /admin routes
  NativeSso sso;      // single sign-on and /me/identities; no service: left out
};

// Where the refresh cookie is sent back: the auth routes under `prefix` ("/v1" → "/v1/auth").
std::string RefreshCookiePath(std::string_view prefix);

// The route table; paths are relative to the mount prefix.
Dialect NativeDialect(NativeContext& context);

}  // namespace portcullis::api::native
