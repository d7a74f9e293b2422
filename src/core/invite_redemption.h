// Redeeming a company invite: the one path by which an invite's ticket becomes a membership, for
// an account that accepts it (POST /v1/invites/accept) and for one that registers with it.
// Pure functions over the caller's repositories (inside its Write); thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"
#include "core/audit_trail.h"
#include "core/auth_types.h"
#include "core/company.h"
#include "core/crypto_ports.h"
#include "core/ports/store.h"
#include "core/user.h"

namespace portcullis::core {

// Inside a Write: takes the invite whose ticket is `ticket` and makes `user` a member of its
// company with the invite's role. Refusals (the Write then rolls back, the invite stays):
//   - unknown, expired, already used or revoked: kInvalidRequest, reason kTicketUnusable on
//     `field` (the same refusal as every other mailed ticket);
//   - the invite is for another address than `user.email`: kNotFound ("no such invite for this
//     account"), so a ticket does not reveal to another account which company it opens;
//   - `user` already is a member: kConflict.
// With `audit` (may be null) the acceptance is logged in the same Write (invite_accepted, the
// user its actor, from `client`).
Result<CompanyOfUser> RedeemInvite(Repositories& repos, OpaqueTokens& tokens, const User& user,
                                   std::string_view ticket, Field field, int64_t now,
                                   AuditTrail* audit = nullptr, const ClientInfo& client = {});

// Inside a Read or Write: the invite whose ticket is `ticket` while it can still be used, without
// taking it. Unknown, expired, used or revoked: RedeemInvite's first refusal.
Result<CompanyInvite> FindUsableInvite(Repositories& repos, OpaqueTokens& tokens,
                                       std::string_view ticket, Field field, int64_t now);

}  // namespace portcullis::core
