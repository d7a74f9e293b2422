// InviteService: company invites — an owner or admin invites an address with a role (only an
// owner invites owners); the ticket is mailed through the outbox in the same Write as the invite
// row (only its SHA-256 is stored); pending invites are listed and revoked; a signed-in account
// with the invited address accepts one. The Authorizer decides every company question (a foreign
// company answers kNotFound). Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/random.h"
#include "common/status.h"
#include "core/audit_trail.h"
#include "core/auth_types.h"
#include "core/authorizer.h"
#include "core/company.h"
#include "core/crypto_ports.h"
#include "core/mail_outbox.h"
#include "core/ports/store.h"
#include "core/rate_limiter.h"

namespace portcullis::core {

struct InviteOptions {
  int64_t ttl = 7 * 24 * 3600;  // invite_ttl
  std::string link_base;        // the mailed link: link_base + ticket
};

struct InvitePreview {
  CompanyInvite invite;
  Company company;
};

class InviteService {
 public:
  // Every reference must outlive the service; `limiter` may be null (no limits). `audit` may be
  // null (nothing is logged): else an invite created, revoked or accepted is logged in its Write.
  InviteService(InviteOptions options, Store& store, const Authorizer& authorizer,
                OpaqueTokens& tokens, MailOutbox& outbox, RateLimiter* limiter, Random& random,
                const Clock& clock, AuditTrail* audit = nullptr)
      : options_(std::move(options)),
        store_(store),
        authorizer_(authorizer),
        tokens_(tokens),
        outbox_(outbox),
        limiter_(limiter),
        random_(random),
        clock_(clock),
        audit_(audit) {}

  // Owner or admin (an owner to invite an owner). Replaces an earlier invite of the same address
  // to the company. kInvalidRequest on a bad address; kConflict when the address's account
  // already is a member; kRateLimited past the mail limits of the client's IP or of the invited
  // address (an invite is a mail like any other). The answer never holds the ticket.
  Result<CompanyInvite> Invite(const Principal& principal, std::string_view company_id,
                               std::string_view email, CompanyRole role, const ClientInfo& client);
  // Owner or admin: the invites not yet expired, newest first.
  Result<std::vector<CompanyInvite>> Pending(const Principal& principal,
                                             std::string_view company_id);
  // Owner or admin. kNotFound when the company has no such invite.
  // `client` is the request's, for the audit event.
  Status Revoke(const Principal& principal, std::string_view company_id, std::string_view invite_id,
                const ClientInfo& client = {});
  // A signed-in user (a session) whose address the invite was sent to joins its company with the
  // invite's role. Refusals: core/invite_redemption.h (field kTicket).
  Result<CompanyOfUser> Accept(const Principal& principal, std::string_view ticket,
                               const ClientInfo& client = {});
  // What an invite's ticket opens, without using it (the page the mailed link leads to): the
  // invite (never its hash) and its company. Unknown, expired, used or revoked: kInvalidRequest,
  // reason kTicketUnusable (field kTicket).
  Result<InvitePreview> Preview(std::string_view ticket);

 private:
  // Inside a Write: the audit event `type` of `principal` about `invite_id` of `company_id`.
  Status AuditInvite(Repositories& repos, std::string_view type, const Principal& principal,
                     std::string_view company_id, std::string_view invite_id,
                     const ClientInfo& client, std::string detail) const;

  const InviteOptions options_;
  Store& store_;
  const Authorizer& authorizer_;
  OpaqueTokens& tokens_;
  MailOutbox& outbox_;
  RateLimiter* const limiter_;
  Random& random_;
  const Clock& clock_;
  AuditTrail* const audit_;
};

}  // namespace portcullis::core
