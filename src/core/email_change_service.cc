// EmailChangeService: email-change tickets, their mail and their use.
// Thread-safe: holds only immutable policy and thread-safe collaborators.
#include "core/email_change_service.h"

#include <string>
#include <utility>
#include <vector>

#include "common/status_macros.h"
#include "core/identity_rules.h"
#include "core/ticket_payload.h"

namespace portcullis::core {
namespace {

Error Taken() {
  return MakeError(ErrorCode::kConflict, "the address belongs to another account", Field::kNewEmail,
                   Reason::kTaken);
}

// kConflict when `address` has an account other than `user_id`'s.
Status CheckFree(Repositories& repos, std::string_view address, std::string_view user_id) {
  auto holder = repos.users().FindByEmail(address);
  if (holder) return holder->id == user_id ? Status::Ok() : Status(Taken());
  if (holder.error().code == ErrorCode::kNotFound) return Status::Ok();
  return holder.error();
}

// The store reports a taken address on the field kEmail; this route's member is new_email.
Status AsNewEmail(Status status) {
  if (!status && status.error().code == ErrorCode::kConflict) return Taken();
  return status;
}

// The audit event `type` of `principal` changing its own address (never the addresses: the log
// is read by company admins too).
SecurityEvent EmailEvent(std::string_view type, const Principal& principal,
                         const ClientInfo& client) {
  SecurityEvent event = AuditEvent(type, principal, client);
  event.target_type = "user";
  event.target_id = principal.user_id;
  return event;
}

// The audit event of `user`'s new address confirmed through the mailed link (the user its actor;
// the link carries no client of the request that asked for it).
SecurityEvent ConfirmedEvent(const User& user) {
  SecurityEvent event = AnonymousAuditEvent("email_changed", {});
  event.actor_type = "user";
  event.actor_id = user.id;
  event.user_id = user.id;
  event.target_type = "user";
  event.target_id = user.id;
  event.detail = "verified";
  return event;
}

}  // namespace

Status EmailChangeService::Audit(Repositories& repos, SecurityEvent event) const {
  if (deps_.audit == nullptr) return Status::Ok();
  return deps_.audit->Record(repos, std::move(event));
}

Result<std::optional<User>> EmailChangeService::Request(const Principal& principal,
                                                        std::string_view new_email,
                                                        const ClientInfo& client) {
  RETURN_IF_ERROR(guard_.Check(principal));
  // Errors about the address name this route's member.
  const auto as_new_email = [](Error error) {
    if (error.field == Field::kEmail) error.field = Field::kNewEmail;
    return error;
  };
  auto normalized = NormalizeEmail(new_email);
  if (!normalized) return as_new_email(normalized.error());
  const std::string address = std::move(normalized).value();
  if (Status valid = ValidateEmail(address); !valid) return as_new_email(valid.error());
  const int64_t now = deps_.clock.NowSeconds();
  if (!deps_.policy.verify_emails) {
    std::vector<std::string> revoked;
    ASSIGN_OR_RETURN(User user, deps_.store.WriteValue([&](Repositories& repos) -> Result<User> {
      RETURN_IF_ERROR(CheckFree(repos, address, principal.user_id));
      RETURN_IF_ERROR(
          AsNewEmail(repos.users().ChangeEmail(principal.user_id, address, false, now)));
      ASSIGN_OR_RETURN(
          revoked, repos.sessions().RevokeAllForUser(principal.user_id, principal.session_id, now));
      RETURN_IF_ERROR(Audit(repos, EmailEvent("email_changed", principal, client)));
      return repos.users().FindById(principal.user_id);
    }));
    sessions_.NoteRevoked(revoked);
    return std::optional<User>(std::move(user));
  }
  RETURN_IF_ERROR(deps_.mail.CheckLimits(address, client.ip));
  RETURN_IF_ERROR(deps_.store.Write([&](Repositories& repos) -> Status {
    ASSIGN_OR_RETURN(User user, repos.users().FindById(principal.user_id));
    RETURN_IF_ERROR(CheckFree(repos, address, user.id));
    TicketPayload payload;
    payload.Set("session_id", principal.session_id);
    RETURN_IF_ERROR(deps_.mail.Send(repos, TicketMail{.kind = TicketKind::kEmailChange,
                                                      .mail_kind = "email_change",
                                                      .user_id = user.id,
                                                      .to = address,
                                                      .display_name = user.display_name,
                                                      .locale = client.locale,
                                                      .link_base = deps_.links.email_change,
                                                      .payload_json = payload.Encode(),
                                                      .extra = {{"new_email", address}}}));
    RETURN_IF_ERROR(deps_.mail.Notify(repos, "email_change_notice", user.email, user.display_name,
                                      client.locale, {{"new_email", address}}));
    return Audit(repos, EmailEvent("email_change_requested", principal, client));
  }));
  deps_.mail.Wake();
  return std::optional<User>();
}

Result<User> EmailChangeService::Confirm(std::string_view ticket) {
  const int64_t now = deps_.clock.NowSeconds();
  std::vector<std::string> revoked;
  ASSIGN_OR_RETURN(
      User user, deps_.store.WriteDecision([&](Repositories& repos) -> Result<Decision<User>> {
        ASSIGN_OR_RETURN(auto taken,
                         deps_.mail.tickets().Redeem(repos, TicketKind::kEmailChange, ticket));
        if (!taken) return Decision<User>(taken.error());
        Status changed =
            AsNewEmail(repos.users().ChangeEmail(taken->user_id, taken->email, true, now));
        if (!changed && changed.error().code == ErrorCode::kConflict) {
          return Decision<User>(changed.error());
        }
        RETURN_IF_ERROR(changed);
        const TicketPayload payload =
            TicketPayload::Decode(taken->payload_json).value_or(TicketPayload());
        ASSIGN_OR_RETURN(revoked, repos.sessions().RevokeAllForUser(
                                      taken->user_id, payload.Get("session_id"), now));
        ASSIGN_OR_RETURN(User user, repos.users().FindById(taken->user_id));
        RETURN_IF_ERROR(Audit(repos, ConfirmedEvent(user)));
        return Decision<User>(std::move(user));
      }));
  sessions_.NoteRevoked(revoked);
  return user;
}

}  // namespace portcullis::core
