// What every account-lifecycle flow (activation, magic link, password reset, email change,
// self-deletion) shares: the policy, the links mail points to and the collaborators that issue
// tickets, mail them and sign users in. Built once at start; every member is thread-safe.
#pragma once

#include <string>

#include "common/clock.h"
#include "common/random.h"
#include "core/account_flow_policy.h"
#include "core/audit_trail.h"
#include "core/company_enrollment.h"
#include "core/email_sign_in.h"
#include "core/exchange_codes.h"
#include "core/mailed_tickets.h"
#include "core/ports/store.h"

namespace portcullis::core {

// The URLs a mailed ticket is appended to (each ends in "ticket=" or "token=").
struct MailLinks {
  std::string activation;      // GET /v1/auth/activate?ticket=
  std::string magic_link;      // GET /v1/auth/magic-link?token=
  std::string password_reset;  // password_reset_url?ticket=, or the built-in page's
  std::string email_change;    // GET /v1/me/email/confirm?ticket=
  // The registration_attempt notice's link: where its owner may start a password reset (the
  // built-in reset page without a ticket, or password_reset_url); empty when resets are off.
  std::string password_reset_start;
};

struct FlowDeps {
  AccountFlowPolicy policy;
  MailLinks links;
  Store& store;
  MailedTickets& mail;
  EmailSignIn& sign_in;
  ExchangeCodes& codes;
  const Clock& clock;
  Random& random;
  // Enrolls an account a flow creates (a magic-link sign-up) like a registration; null: none.
  CompanyEnrollment* enrollment = nullptr;
  // The audit log each flow writes its events to, inside the flow's own Write; null: none.
  AuditTrail* audit = nullptr;
};

}  // namespace portcullis::core
