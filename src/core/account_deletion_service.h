// AccountDeletionService: a user deletes their own account (allow_user_self_delete, after a recent
// authentication): the account, its sessions, MFA factor and tickets go, its address becomes free,
// a notice is mailed to it and the audit log keeps the event (account_deleted, through the flows'
// AuditTrail) under the user id only. A company it was the only owner of passes to its oldest
// admin (else oldest member), or is deleted when the account was its only member
// (core/company_succession.h).
// Thread-safe.
#pragma once

#include "core/account_flows.h"
#include "core/auth_types.h"
#include "core/session_service.h"
#include "core/step_up_guard.h"

namespace portcullis::core {

class AccountDeletionService {
 public:
  AccountDeletionService(FlowDeps deps, const StepUpGuard& guard, SessionService& sessions)
      : deps_(std::move(deps)), guard_(guard), sessions_(sessions) {}

  // kStepUpRequired when the caller's authentication is too old; kTokenInvalid (kAccountGone)
  // when the account is already gone.
  Status Delete(const Principal& principal, const ClientInfo& client);

 private:
  const FlowDeps deps_;
  const StepUpGuard& guard_;
  SessionService& sessions_;
};

}  // namespace portcullis::core
