// Redeeming a company invite inside the caller's Write.
// Pure functions; thread-safe.
#include "core/invite_redemption.h"

#include <string>

#include "common/status_macros.h"

namespace portcullis::core {
namespace {

Error Unusable(Field field) {
  return MakeError(ErrorCode::kInvalidRequest,
                   "the invite is unknown, expired, already used or revoked", field,
                   Reason::kTicketUnusable);
}

// `user`'s acceptance of `invite`, the user its own actor.
SecurityEvent InviteAccepted(const CompanyInvite& invite, const User& user,
                             const ClientInfo& client) {
  SecurityEvent event = AnonymousAuditEvent("invite_accepted", client);
  event.actor_type = "user";
  event.actor_id = user.id;
  event.user_id = user.id;
  event.company_id = invite.company_id;
  event.target_type = "invite";
  event.target_id = invite.id;
  event.detail = "role=" + std::string(CompanyRoleName(invite.role));
  return event;
}

}  // namespace

Result<CompanyInvite> FindUsableInvite(Repositories& repos, OpaqueTokens& tokens,
                                       std::string_view ticket, Field field, int64_t now) {
  ASSIGN_OR_RETURN(CompanyInvite invite,
                   NotFoundAs(repos.invites().Find(tokens.HashOf(ticket)), Unusable(field)));
  if (invite.expires_at <= now) return Unusable(field);
  return invite;
}

Result<CompanyOfUser> RedeemInvite(Repositories& repos, OpaqueTokens& tokens, const User& user,
                                   std::string_view ticket, Field field, int64_t now,
                                   AuditTrail* audit, const ClientInfo& client) {
  ASSIGN_OR_RETURN(CompanyInvite invite, FindUsableInvite(repos, tokens, ticket, field, now));
  const std::string hash = invite.token_hash;
  if (invite.email != user.email) {
    return MakeError(ErrorCode::kNotFound, "no such invite for this account's address");
  }
  // Of two concurrent takers exactly one gets it.
  ASSIGN_OR_RETURN(invite, NotFoundAs(repos.invites().Take(hash), Unusable(field)));
  RETURN_IF_ERROR(NotFoundAs(repos.companies().Lock(invite.company_id), Unusable(field)));
  Membership membership;
  membership.company_id = invite.company_id;
  membership.user_id = user.id;
  membership.role = invite.role;
  membership.created_at = now;
  membership.updated_at = now;
  Status added = repos.companies().AddMember(membership);
  if (!added && added.error().code == ErrorCode::kConflict) {
    return MakeError(ErrorCode::kConflict, "you already are a member of this company");
  }
  RETURN_IF_ERROR(added);
  if (audit != nullptr) RETURN_IF_ERROR(audit->Record(repos, InviteAccepted(invite, user, client)));
  CompanyOfUser out;
  ASSIGN_OR_RETURN(out.company, repos.companies().Find(invite.company_id));
  out.role = invite.role;
  return out;
}

}  // namespace portcullis::core
