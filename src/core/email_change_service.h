// EmailChangeService: a new address for the caller (after a recent authentication). With
// verify_emails the change waits for the link mailed to the new address (the old one gets a
// notice); without, it happens at once. A taken address is refused; once changed, every other
// session of the account is revoked. Thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "core/account_flows.h"
#include "core/auth_types.h"
#include "core/session_service.h"
#include "core/step_up_guard.h"

namespace portcullis::core {

class EmailChangeService {
 public:
  EmailChangeService(FlowDeps deps, const StepUpGuard& guard, SessionService& sessions)
      : deps_(std::move(deps)), guard_(guard), sessions_(sessions) {}

  // The changed account without verify_emails; nullopt when a confirmation was mailed instead.
  // kStepUpRequired, kInvalidRequest (field kNewEmail), kConflict (kNewEmail, kTaken),
  // kRateLimited (mail limits, with verify_emails).
  Result<std::optional<User>> Request(const Principal& principal, std::string_view new_email,
                                      const ClientInfo& client);
  // Makes the change the ticket confirms; revokes every session but the requesting one.
  // kInvalidRequest (kTicketUnusable) for an unusable ticket, kConflict when the address was
  // taken meanwhile.
  Result<User> Confirm(std::string_view ticket);

 private:
  // Inside a Write: appends `event` to deps_.audit when there is one.
  Status Audit(Repositories& repos, SecurityEvent event) const;

  const FlowDeps deps_;
  const StepUpGuard& guard_;
  SessionService& sessions_;
};

}  // namespace portcullis::core
