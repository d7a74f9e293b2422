// InviteService: each operation is one Read or Write in which the Authorizer decides and the
// change (with its mail) is made. Thread-safe: holds only thread-safe collaborators.
#include "core/invite_service.h"

#include <algorithm>
#include <string>
#include <utility>

#include "common/status_macros.h"
#include "common/uuid.h"
#include "core/identity_rules.h"
#include "core/invite_redemption.h"
#include "core/mailed_tickets.h"

namespace portcullis::core {
namespace {

std::string MinutesOf(int64_t seconds) { return std::to_string((seconds + 59) / 60); }

// How the mail names who invites: the user's display name or address; a key, its company.
Result<std::string> InviterName(Repositories& repos, const Principal& principal,
                                const Company& company) {
  if (principal.user_id.empty()) return company.name;
  ASSIGN_OR_RETURN(User inviter, repos.users().FindById(principal.user_id));
  return inviter.display_name.empty() ? inviter.email : inviter.display_name;
}

// kConflict when the account with `email` already is a member of `company_id`.
Status NotYetAMember(Repositories& repos, std::string_view company_id, std::string_view email) {
  auto holder = repos.users().FindByEmail(email);
  if (!holder) {
    return holder.error().code == ErrorCode::kNotFound ? Status::Ok() : Status(holder.error());
  }
  auto membership = repos.companies().FindMembership(company_id, holder->id);
  if (membership) {
    return MakeError(ErrorCode::kConflict, "the address's account already is a member",
                     Field::kEmail, Reason::kTaken);
  }
  return membership.error().code == ErrorCode::kNotFound ? Status::Ok()
                                                         : Status(membership.error());
}

}  // namespace

Status InviteService::AuditInvite(Repositories& repos, std::string_view type,
                                  const Principal& principal, std::string_view company_id,
                                  std::string_view invite_id, const ClientInfo& client,
                                  std::string detail) const {
  if (audit_ == nullptr) return Status::Ok();
  SecurityEvent event = AuditEvent(type, principal, client);
  event.company_id = std::string(company_id);
  event.target_type = "invite";
  event.target_id = std::string(invite_id);
  event.detail = std::move(detail);
  return audit_->Record(repos, std::move(event));
}

Result<CompanyInvite> InviteService::Invite(const Principal& principal, std::string_view company_id,
                                            std::string_view email, CompanyRole role,
                                            const ClientInfo& client) {
  ASSIGN_OR_RETURN(const std::string address, NormalizeEmail(email));
  RETURN_IF_ERROR(ValidateEmail(address));
  RETURN_IF_ERROR(CheckMailLimits(limiter_, address, client.ip));
  const int64_t now = clock_.NowSeconds();
  CompanyInvite invite;
  invite.id = NewUuidV4(random_);
  invite.company_id = std::string(company_id);
  invite.email = address;
  invite.role = role;
  invite.invited_by = principal.user_id;
  invite.created_at = now;
  invite.expires_at = now + options_.ttl;
  RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> Status {
    ASSIGN_OR_RETURN(CompanyAccess access,
                     authorizer_.Authorize(repos, principal, company_id, CompanyAction::kInvite));
    if (role == CompanyRole::kOwner) {
      RETURN_IF_ERROR(authorizer_.Require(access, CompanyAction::kGrantOwner));
    }
    RETURN_IF_ERROR(NotYetAMember(repos, company_id, address));
    OpaqueToken ticket = tokens_.Generate();
    invite.token_hash = ticket.hash;
    RETURN_IF_ERROR(repos.invites().Create(invite));
    ASSIGN_OR_RETURN(std::string inviter, InviterName(repos, principal, access.company));
    MailValues values{
        {"display_name", ""},
        {"link", options_.link_base + ticket.plaintext},
        {"expires_in_minutes", MinutesOf(options_.ttl)},
        {"company_name", access.company.name},
        {"inviter_name", std::move(inviter)},
    };
    RETURN_IF_ERROR(outbox_.Enqueue(repos, "invite", address, client.locale, std::move(values)));
    // The address is the invitee's, not yet an account's: the role only, never the address.
    return AuditInvite(repos, "invite_created", principal, company_id, invite.id, client,
                       "role=" + std::string(CompanyRoleName(role)));
  }));
  outbox_.Wake();
  invite.token_hash.clear();  // not the caller's business
  return invite;
}

Result<std::vector<CompanyInvite>> InviteService::Pending(const Principal& principal,
                                                          std::string_view company_id) {
  const int64_t now = clock_.NowSeconds();
  ASSIGN_OR_RETURN(std::vector<CompanyInvite> invites,
                   store_.ReadValue([&](Repositories& repos) -> Result<std::vector<CompanyInvite>> {
                     RETURN_IF_ERROR(authorizer_.Authorize(repos, principal, company_id,
                                                           CompanyAction::kInvite));
                     return repos.invites().ListForCompany(company_id);
                   }));
  std::erase_if(invites, [now](const CompanyInvite& invite) { return invite.expires_at <= now; });
  for (auto& invite : invites) invite.token_hash.clear();
  return invites;
}

Status InviteService::Revoke(const Principal& principal, std::string_view company_id,
                             std::string_view invite_id, const ClientInfo& client) {
  return store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(authorizer_.Authorize(repos, principal, company_id, CompanyAction::kInvite));
    RETURN_IF_ERROR(NotFoundAs(repos.invites().Delete(company_id, invite_id),
                               MakeError(ErrorCode::kNotFound, "no such invite")));
    return AuditInvite(repos, "invite_revoked", principal, company_id, invite_id, client, "");
  });
}

Result<CompanyOfUser> InviteService::Accept(const Principal& principal, std::string_view ticket,
                                            const ClientInfo& client) {
  if (principal.kind != PrincipalKind::kSession || principal.user_id.empty()) {
    return MakeError(ErrorCode::kForbidden, "only a signed-in user accepts an invite");
  }
  const int64_t now = clock_.NowSeconds();
  return store_.WriteValue([&](Repositories& repos) -> Result<CompanyOfUser> {
    ASSIGN_OR_RETURN(User user,
                     NotFoundAs(repos.users().FindById(principal.user_id),
                                MakeError(ErrorCode::kTokenInvalid, "the account no longer exists",
                                          Reason::kAccountGone)));
    return RedeemInvite(repos, tokens_, user, ticket, Field::kTicket, now, audit_, client);
  });
}

Result<InvitePreview> InviteService::Preview(std::string_view ticket) {
  const int64_t now = clock_.NowSeconds();
  return store_.ReadValue([&](Repositories& repos) -> Result<InvitePreview> {
    InvitePreview preview;
    ASSIGN_OR_RETURN(preview.invite, FindUsableInvite(repos, tokens_, ticket, Field::kTicket, now));
    ASSIGN_OR_RETURN(preview.company, repos.companies().Find(preview.invite.company_id));
    preview.invite.token_hash.clear();
    return preview;
  });
}

}  // namespace portcullis::core
