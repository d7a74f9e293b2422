// ActivationService: activation tickets, their mail and their use.
// Thread-safe: holds only immutable policy and thread-safe collaborators.
#include "core/activation_service.h"

#include <utility>

#include "common/status_macros.h"
#include "core/identity_rules.h"

namespace portcullis::core {

Status ActivationService::SendActivation(Repositories& repos, const User& user,
                                         std::string_view locale) {
  return deps_.mail.Send(repos, TicketMail{.kind = TicketKind::kActivation,
                                           .mail_kind = "activation",
                                           .user_id = user.id,
                                           .to = user.email,
                                           .display_name = user.display_name,
                                           .locale = locale,
                                           .link_base = deps_.links.activation});
}

Status ActivationService::SendRegistrationAttempt(Repositories& repos, std::string_view email,
                                                  std::string_view locale) {
  ASSIGN_OR_RETURN(User owner, repos.users().FindByEmail(email));
  return deps_.mail.Notify(repos, "registration_attempt", owner.email, owner.display_name, locale,
                           {{"link", deps_.links.password_reset_start}});
}

Status ActivationService::Resend(std::string_view email, const ClientInfo& client) {
  return deps_.mail.MailToTypedAddress(
      deps_.store, email, client,
      TicketMail{.kind = TicketKind::kActivation,
                 .mail_kind = "activation",
                 .link_base = deps_.links.activation},
      [](const User* account) { return account != nullptr && !account->active; });
}

Result<Decision<User>> ActivationService::TakeAndActivate(Repositories& repos,
                                                          std::string_view ticket) {
  ASSIGN_OR_RETURN(auto taken, deps_.mail.tickets().Redeem(repos, TicketKind::kActivation, ticket));
  if (!taken) return Decision<User>(taken.error());
  const int64_t now = deps_.clock.NowSeconds();
  RETURN_IF_ERROR(repos.users().Activate(taken->user_id, now));
  ASSIGN_OR_RETURN(User user, repos.users().FindById(taken->user_id));
  return Decision<User>(std::move(user));
}

Result<LoginOutcome> ActivationService::Activate(std::string_view ticket,
                                                 const ClientInfo& client) {
  const int64_t now = deps_.clock.NowSeconds();
  PendingSignIn pending;
  Status refusal = Status::Ok();  // decided inside the Write, committed with it
  RETURN_IF_ERROR(deps_.store.Write([&](Repositories& repos) -> Status {
    ASSIGN_OR_RETURN(auto user, TakeAndActivate(repos, ticket));
    if (!user) {
      refusal = user.error();
      return Status::Ok();
    }
    ASSIGN_OR_RETURN(pending, deps_.sign_in.Begin(repos, *user, "email", client, now));
    return Status::Ok();
  }));
  RETURN_IF_ERROR(refusal);
  return deps_.sign_in.Finish(std::move(pending));
}

Result<std::string> ActivationService::ActivateForCode(std::string_view ticket,
                                                       std::string_view code_challenge) {
  return deps_.store.WriteDecision([&](Repositories& repos) -> Result<Decision<std::string>> {
    ASSIGN_OR_RETURN(auto user, TakeAndActivate(repos, ticket));
    if (!user) return Decision<std::string>(user.error());
    ASSIGN_OR_RETURN(std::string code, deps_.codes.Issue(repos, user->id, "email", code_challenge));
    return Decision<std::string>(std::move(code));
  });
}

}  // namespace portcullis::core
