// AccountDeletionService: self-deletion in one Write, then the revocations and the mail wake-up.
// Thread-safe: holds only immutable policy and thread-safe collaborators.
#include "core/account_deletion_service.h"

#include <string>
#include <utility>
#include <vector>

#include "common/status_macros.h"
#include "core/company_succession.h"

namespace portcullis::core {

Status AccountDeletionService::Delete(const Principal& principal, const ClientInfo& client) {
  RETURN_IF_ERROR(guard_.Check(principal));
  const int64_t now = deps_.clock.NowSeconds();
  std::vector<std::string> revoked;
  RETURN_IF_ERROR(deps_.store.Write([&](Repositories& repos) -> Status {
    ASSIGN_OR_RETURN(User user,
                     NotFoundAs(repos.users().FindById(principal.user_id),
                                MakeError(ErrorCode::kTokenInvalid, "the account no longer exists",
                                          Reason::kAccountGone)));
    // Revoked first, for their ids: this node's revocation list and the broadcast to the other
    // nodes take them after the commit. (The rows go with the user, so the other nodes' database
    // poll cannot see them: a lost broadcast leaves their access tokens valid there until expiry.)
    ASSIGN_OR_RETURN(revoked, repos.sessions().RevokeAllForUser(user.id, "", now));
    if (deps_.audit != nullptr) {
      // Under the user id only (its companies may go with it).
      SecurityEvent event = AuditEvent("account_deleted", principal, client);
      event.company_id.clear();
      event.target_type = "user";
      event.target_id = user.id;
      RETURN_IF_ERROR(deps_.audit->Record(repos, std::move(event)));
    }
    // No company is left without an owner (core/company_succession.h).
    RETURN_IF_ERROR(HandOverCompanies(repos, user.id, now));
    RETURN_IF_ERROR(repos.users().Delete(user.id));
    return deps_.mail.Notify(repos, "account_deleted", user.email, user.display_name,
                             client.locale);
  }));
  sessions_.NoteRevoked(revoked);
  deps_.mail.Wake();
  return Status::Ok();
}

}  // namespace portcullis::core
