// AccountFlows: the account-lifecycle services (activation, magic links, password reset, email
// change, self-deletion, exchange codes) built from Settings, each only when its flag is on, and
// the native dialect's view of them. Built once at start by Services; thread-safe afterwards.
#pragma once

#include <memory>
#include <string>

#include "api/native/native_dialect.h"
#include "app/settings.h"
#include "common/clock.h"
#include "common/random.h"
#include "core/account_deletion_service.h"
#include "core/activation_service.h"
#include "core/crypto_ports.h"
#include "core/email_change_service.h"
#include "core/email_sign_in.h"
#include "core/exchange_codes.h"
#include "core/magic_link_service.h"
#include "core/mail_outbox.h"
#include "core/mailed_tickets.h"
#include "core/password_reset_service.h"
#include "core/rate_limiter.h"
#include "core/redirect_policy.h"
#include "core/sso_flow_service.h"
#include "core/step_up_guard.h"
#include "core/ticket_service.h"

namespace portcullis::app {

// What the flows are built from; every reference must outlive the AccountFlows.
struct AccountFlowParts {
  core::Store& store;
  core::SessionService& sessions;
  core::MfaService* mfa;
  core::OpaqueTokens& tokens;
  core::CodeChallenges& challenges;
  core::RateLimiter* limiter;
  core::MailOutbox& outbox;
  core::PasswordHasher& hasher;
  const core::StepUpGuard& guard;
  Random& random;
  const Clock& clock;
  core::CompanyEnrollment* enrollment = nullptr;  // a magic-link sign-up's company
  core::AuditTrail* audit = nullptr;              // the flows' audit events; null: none
  // Single sign-on: the flows' state and the providers of the [sso.<name>] tables (none: off).
  core::EphemeralStore* ephemeral = nullptr;
  core::IdentityProviders providers;
};

// public_url, or "http://" + http.listen when it is empty; never with a trailing '/'.
std::string PublicUrl(const Settings& settings);
// `url` with "?ticket=" (or "&ticket=" when it has a query already) appended.
std::string WithTicketParam(const std::string& url);
// The links mail points to, from public_url, the native prefix and password_reset_url.
core::MailLinks LinksFor(const Settings& settings);

class AccountFlows {
 public:
  AccountFlows(const Settings& settings, AccountFlowParts parts);

  // Null unless auto_activate_new_users is off (AccountService's activation).
  core::ActivationService* activation() { return activation_.get(); }
  // The flows whose flags are on, for the native routes.
  api::native::NativeFlows Native();
  // Single sign-on; null when no provider is configured.
  core::SsoService* sso() { return sso_.get(); }

 private:
  const core::AccountFlowPolicy policy_;
  core::RedirectPolicy redirects_;
  core::TicketService tickets_;
  core::MailedTickets mailed_;
  core::EmailSignIn sign_in_;
  core::ExchangeCodes codes_;
  std::unique_ptr<core::ActivationService> activation_;
  std::unique_ptr<core::MagicLinkService> magic_links_;
  std::unique_ptr<core::PasswordResetService> password_resets_;
  std::unique_ptr<core::EmailChangeService> email_changes_;
  std::unique_ptr<core::AccountDeletionService> deletions_;
  std::unique_ptr<core::SsoFlowService> sso_;
};

}  // namespace portcullis::app
