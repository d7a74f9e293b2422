// The Hasura Backend Plus dialect (HBP v2's /auth API, document 002): its route table over the
// core services, with Boom-shaped errors. Built once at start; the handlers are thread-safe.
#pragma once

#include <string>
#include <vector>

#include "api/common/dialect.h"
#include "api/common/refresh_cookie.h"
#include "api/hbp/hbp_settings.h"
#include "core/account_deletion_service.h"
#include "core/account_service.h"
#include "core/activation_service.h"
#include "core/email_change_service.h"
#include "core/magic_link_service.h"
#include "core/mfa_service.h"
#include "core/password_reset_service.h"
#include "core/rate_limiter.h"
#include "core/session_service.h"
#include "core/step_up_guard.h"

namespace portcullis::api::hbp {

// The services and options the HBP handlers use; must outlive the router. A null flow service
// means its flag is off: its routes answer as HBP did with the flag off.
struct HbpContext {
  core::AccountService& accounts;
  core::SessionService& sessions;
  core::MfaService* mfa = nullptr;  // MFA_ENABLED
  core::RateLimiter* limiter = nullptr;
  const core::StepUpGuard* step_up = nullptr;
  core::ActivationService* activation = nullptr;          // AUTO_ACTIVATE_NEW_USERS = false
  core::MagicLinkService* magic_links = nullptr;          // MAGIC_LINK_ENABLED
  core::PasswordResetService* password_resets = nullptr;  // LOST_PASSWORD_ENABLED
  core::AccountDeletionService* deletions = nullptr;      // ALLOW_USER_SELF_DELETE
  core::EmailChangeService* email_changes = nullptr;
  bool verify_emails = false;  // VERIFY_EMAILS: change-email goes through a mailed ticket
  // The refresh_token cookie (HBP's name; Path "/", SameSite=Lax, Secure as cookie.secure says).
  CookieOptions cookie;
  std::string jwks_json;             // GET /auth/jwks: the asymmetric public keys ({"keys": []})
  std::string redirect_url_success;  // REDIRECT_URL_SUCCESS
  std::string redirect_url_error;    // REDIRECT_URL_ERROR
  HbpOptions options;
  // REGISTRATION_CUSTOM_FIELDS: the members of register's user_data kept as the user's metadata.
  std::vector<std::string> registration_custom_fields;
};

// The route table; paths are relative to the mount prefix (default "": /auth/login).
Dialect HbpDialect(HbpContext& context);

}  // namespace portcullis::api::hbp
