// CompanySwitch: one Write records the session's new company, then the access token is signed.
// Thread-safe: holds only thread-safe collaborators.
#include "core/company_switch.h"

#include <optional>
#include <string>

#include "common/status_macros.h"

namespace portcullis::core {
namespace {

Error SessionGone() {
  return MakeError(ErrorCode::kTokenInvalid, "the session was revoked", Reason::kSessionRevoked);
}

// The audit event of `principal`'s session `session` moving to `company_id` (from its company).
SecurityEvent SwitchEvent(const Principal& principal, const Session& session,
                          std::string_view company_id, const ClientInfo& client) {
  SecurityEvent event = AuditEvent("company_switched", principal, client);
  event.company_id = std::string(company_id);
  event.target_type = "session";
  event.target_id = session.id;
  event.detail = "from=" + session.company_id;
  return event;
}

}  // namespace

Result<IssuedTokens> CompanySwitch::Switch(const Principal& principal, std::string_view company_id,
                                           const ClientInfo& client) {
  if (principal.kind != PrincipalKind::kSession || principal.session_id.empty()) {
    return MakeError(ErrorCode::kForbidden, "only a session switches companies");
  }
  struct Switched {
    User user;
    Session session;
    std::optional<Membership> company;
  };
  ASSIGN_OR_RETURN(
      Switched switched, store_.WriteValue([&](Repositories& repos) -> Result<Switched> {
        RETURN_IF_ERROR(authorizer_.Authorize(repos, principal, company_id, CompanyAction::kView));
        Switched out;
        ASSIGN_OR_RETURN(out.session, NotFoundAs(repos.sessions().FindSession(principal.session_id),
                                                 SessionGone()));
        if (out.session.revoked_at || out.session.user_id != principal.user_id) {
          return SessionGone();
        }
        ASSIGN_OR_RETURN(
            out.user, NotFoundAs(repos.users().FindById(principal.user_id),
                                 MakeError(ErrorCode::kTokenInvalid, "the account no longer exists",
                                           Reason::kAccountGone)));
        RETURN_IF_ERROR(repos.sessions().SetCompany(out.session.id, company_id));
        RETURN_IF_ERROR(repos.companies().SetLastActive(out.user.id, company_id));
        if (audit_ != nullptr) {
          RETURN_IF_ERROR(
              audit_->Record(repos, SwitchEvent(principal, out.session, company_id, client)));
        }
        out.session.company_id = std::string(company_id);
        ASSIGN_OR_RETURN(Membership membership,
                         repos.companies().FindMembership(company_id, out.user.id));
        out.company = std::move(membership);
        return out;
      }));
  IssuedTokens issued = sessions_.Issue(switched.user, switched.session, {}, switched.company);
  issued.refresh_expires_in = 0;
  return issued;
}

}  // namespace portcullis::core
