// CompanyServices: the company services built from Settings — the Authorizer they all ask, the
// enrollment of new accounts, companies and members, invites, switching the active company — and
// the native dialect's view of them. Built once at start by Services; thread-safe afterwards.
#pragma once

#include "api/native/company_routes.h"
#include "app/settings.h"
#include "common/clock.h"
#include "common/random.h"
#include "core/authorizer.h"
#include "core/company_enrollment.h"
#include "core/company_service.h"
#include "core/company_switch.h"
#include "core/crypto_ports.h"
#include "core/invite_service.h"
#include "core/mail_outbox.h"
#include "core/ports/store.h"
#include "core/session_service.h"
#include "core/step_up_guard.h"

namespace portcullis::app {

// What the company services are built from; every reference must outlive the CompanyServices.
struct CompanyServiceParts {
  core::Store& store;
  core::SessionService& sessions;
  core::OpaqueTokens& tokens;
  core::MailOutbox& outbox;
  const core::StepUpGuard& guard;
  Random& random;
  const Clock& clock;
  const core::Authorizer& authorizer;  // the one every service asks
  core::RateLimiter* limiter;          // invite mails count as mail; null: no limits
  core::AuditTrail* audit = nullptr;   // the audit log of company changes, invites, switches
};

class CompanyServices {
 public:
  CompanyServices(const Settings& settings, CompanyServiceParts parts);

  core::CompanyEnrollment& enrollment() { return enrollment_; }
  api::native::NativeCompanies Native();

 private:
  core::CompanyEnrollment enrollment_;
  core::CompanyService companies_;
  core::InviteService invites_;
  core::CompanySwitch switcher_;
};

}  // namespace portcullis::app
