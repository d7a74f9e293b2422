// PasswordResetService: reset tickets, their mail and their use.
// Thread-safe: holds only immutable policy and thread-safe collaborators. Hashing happens outside
// any Write.
#include "core/password_reset_service.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "common/status_macros.h"
#include "core/identity_rules.h"

namespace portcullis::core {
namespace {

// The audit event of `user`'s password set through a reset ticket: the mailed link proved the
// account, so the user is its own actor; `revoked` sessions ended with it.
SecurityEvent ResetEvent(const User& user, const ClientInfo& client, std::size_t revoked) {
  SecurityEvent event = AnonymousAuditEvent("password_reset", client);
  event.actor_type = "user";
  event.actor_id = user.id;
  event.user_id = user.id;
  event.target_type = "user";
  event.target_id = user.id;
  event.detail = "sessions_revoked=" + std::to_string(revoked);
  return event;
}

}  // namespace

Status PasswordResetService::Forgot(std::string_view email, const ClientInfo& client) {
  return deps_.mail.MailToTypedAddress(deps_.store, email, client,
                                       TicketMail{.kind = TicketKind::kPasswordReset,
                                                  .mail_kind = "password_reset",
                                                  .link_base = deps_.links.password_reset},
                                       [](const User* account) { return account != nullptr; });
}

Status PasswordResetService::Reset(std::string_view ticket, std::string_view new_password,
                                   const ClientInfo& client) {
  // An unusable ticket is refused after a Read, before any hashing (a guessed ticket costs no
  // Argon2); it is taken only in the Write below, which keeps it single-use. Everything but "not
  // the account's own address" is judged before the hash; that last rule is judged in the Write,
  // where a refusal rolls back so the ticket stays usable.
  RETURN_IF_ERROR(deps_.store.ReadValue([&](Repositories& repos) {
    return deps_.mail.tickets().Find(repos, TicketKind::kPasswordReset, ticket);
  }));
  const int64_t min_score = sessions_.policy().password_min_score;
  RETURN_IF_ERROR(ValidatePassword(new_password, "", Field::kNewPassword, min_score));
  ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(NormalizePassword(new_password)));
  const int64_t now = deps_.clock.NowSeconds();
  ASSIGN_OR_RETURN(
      std::vector<std::string> revoked,
      deps_.store.WriteDecision(
          [&](Repositories& repos) -> Result<Decision<std::vector<std::string>>> {
            ASSIGN_OR_RETURN(
                auto taken, deps_.mail.tickets().Redeem(repos, TicketKind::kPasswordReset, ticket));
            if (!taken || taken->user_id.empty()) {
              return Decision<std::vector<std::string>>(
                  taken ? MakeError(ErrorCode::kInvalidRequest, "the ticket is unusable",
                                    Field::kTicket, Reason::kTicketUnusable)
                        : taken.error());
            }
            ASSIGN_OR_RETURN(User user, repos.users().FindById(taken->user_id));
            RETURN_IF_ERROR(
                ValidatePassword(new_password, user.email, Field::kNewPassword, min_score));
            RETURN_IF_ERROR(repos.users().UpdatePassword(user.id, hash, now));
            // The link proved the address: an account waiting for activation is active now.
            if (!user.active) RETURN_IF_ERROR(repos.users().Activate(user.id, now));
            ASSIGN_OR_RETURN(auto revoked, repos.sessions().RevokeAllForUser(user.id, "", now));
            RETURN_IF_ERROR(deps_.mail.Notify(repos, "password_changed", user.email,
                                              user.display_name, client.locale));
            if (deps_.audit != nullptr) {
              RETURN_IF_ERROR(deps_.audit->Record(repos, ResetEvent(user, client, revoked.size())));
            }
            return Decision<std::vector<std::string>>(std::move(revoked));
          }));
  sessions_.NoteRevoked(revoked);
  deps_.mail.Wake();
  return Status::Ok();
}

}  // namespace portcullis::core
