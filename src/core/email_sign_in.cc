// EmailSignIn: a session (or the MFA second step) for an account that proved its address.
// Thread-safe: holds only references to thread-safe services.
#include "core/email_sign_in.h"

#include <string>
#include <utility>

#include "common/status_macros.h"
#include "core/access_claims.h"

namespace portcullis::core {
namespace {

// True when `amr` already names a second factor: "otp" or "recovery" (the TOTP step), "mfa" (a
// single sign-on provider trusted to have asked for one).
bool ProvesSecondFactor(std::string_view amr) {
  for (const std::string& method : SplitAmr(std::string(amr))) {
    if (method == "otp" || method == "recovery" || method == "mfa") return true;
  }
  return false;
}

}  // namespace

Result<PendingSignIn> EmailSignIn::Begin(Repositories& repos, const User& user,
                                         std::string_view amr, const ClientInfo& client,
                                         int64_t now) {
  PendingSignIn pending;
  pending.user = user;
  if (mfa_ != nullptr && user.mfa_enabled && !ProvesSecondFactor(amr)) {
    ASSIGN_OR_RETURN(pending.challenge, mfa_->IssueTicket(repos, user.id, amr, now));
    pending.challenged = true;
    return pending;
  }
  ASSIGN_OR_RETURN(pending.fresh, sessions_.Prepare(user, std::string(amr), client));
  RETURN_IF_ERROR(sessions_.Open(repos, pending.fresh));
  return pending;
}

LoginOutcome EmailSignIn::Finish(PendingSignIn pending) {
  if (pending.challenged) return std::move(pending.challenge);
  sessions_.NoteRevoked(pending.fresh.displaced);
  return sessions_.Issue(pending.user, pending.fresh.session,
                         std::move(pending.fresh.refresh_plaintext), pending.fresh.company);
}

}  // namespace portcullis::core
