// MagicLinkService: magic-link tickets, their mail and their use.
// Thread-safe: holds only immutable policy and thread-safe collaborators.
#include "core/magic_link_service.h"

#include <utility>

#include "common/status_macros.h"
#include "common/uuid.h"
#include "core/exchange_codes.h"
#include "core/identity_rules.h"
#include "core/ticket_payload.h"

namespace portcullis::core {

Status MagicLinkService::Request(std::string_view email, std::string_view redirect_to,
                                 std::string_view code_challenge, const ClientInfo& client) {
  if (!redirect_to.empty()) RETURN_IF_ERROR(redirects_.Check(redirect_to));
  if (!code_challenge.empty()) RETURN_IF_ERROR(ValidateCodeChallenge(code_challenge));
  TicketPayload payload;
  payload.Set("redirect_to", redirect_to).Set("code_challenge", code_challenge);
  const bool signup = deps_.policy.magic_link_signup;
  return deps_.mail.MailToTypedAddress(
      deps_.store, email, client,
      TicketMail{.kind = TicketKind::kMagicLink,
                 .mail_kind = "magic_link",
                 .link_base = deps_.links.magic_link,
                 .payload_json = payload.Encode()},
      [signup](const User* account) { return account != nullptr || signup; });
}

Result<Decision<User>> MagicLinkService::TakeAndFindAccount(Repositories& repos,
                                                            std::string_view token,
                                                            std::string* payload_json) {
  ASSIGN_OR_RETURN(
      auto taken, deps_.mail.tickets().Redeem(repos, TicketKind::kMagicLink, token, Field::kToken));
  if (!taken) return Decision<User>(taken.error());
  *payload_json = taken->payload_json;
  const int64_t now = deps_.clock.NowSeconds();
  if (!taken->user_id.empty()) {
    ASSIGN_OR_RETURN(User user, repos.users().FindById(taken->user_id));
    if (!user.active || user.email_verified_at == 0) {
      RETURN_IF_ERROR(repos.users().Activate(user.id, now));
      ASSIGN_OR_RETURN(user, repos.users().FindById(user.id));
    }
    return Decision<User>(std::move(user));
  }
  // A sign-up link: the address may have got an account since; the link proves it either way.
  auto existing = repos.users().FindByEmail(taken->email);
  if (existing) return Decision<User>(std::move(existing).value());
  if (existing.error().code != ErrorCode::kNotFound) return existing.error();
  if (!deps_.policy.magic_link_signup) {
    return Decision<User>(MakeError(ErrorCode::kInvalidRequest, "sign-up by magic link is off",
                                    Field::kToken, Reason::kTicketUnusable));
  }
  User user;
  user.id = NewUuidV4(deps_.random);
  user.email = taken->email;
  user.created_at = now;
  user.updated_at = now;
  user.active = true;
  user.email_verified_at = now;
  RETURN_IF_ERROR(repos.users().Create(user));
  if (deps_.enrollment != nullptr) {  // a sign-up like a registration: its own company
    RETURN_IF_ERROR(deps_.enrollment->Enroll(repos, user, std::nullopt, now));
  }
  return Decision<User>(std::move(user));
}

Result<LoginOutcome> MagicLinkService::Verify(std::string_view token,
                                              std::string_view code_verifier,
                                              const ClientInfo& client) {
  const int64_t now = deps_.clock.NowSeconds();
  PendingSignIn pending;
  Status refusal =
      Status::Ok();  // decided inside the Write, committed with it (the token is spent)
  RETURN_IF_ERROR(deps_.store.Write([&](Repositories& repos) -> Status {
    std::string payload_json;
    ASSIGN_OR_RETURN(auto user, TakeAndFindAccount(repos, token, &payload_json));
    if (!user) {
      refusal = user.error();
      return Status::Ok();
    }
    const TicketPayload payload = TicketPayload::Decode(payload_json).value_or(TicketPayload());
    refusal = deps_.codes.CheckVerifier(payload.Get("code_challenge"), code_verifier);
    if (!refusal) return Status::Ok();
    ASSIGN_OR_RETURN(pending, deps_.sign_in.Begin(repos, *user, "email", client, now));
    return Status::Ok();
  }));
  RETURN_IF_ERROR(refusal);
  return deps_.sign_in.Finish(std::move(pending));
}

Result<MagicLinkRedirect> MagicLinkService::VerifyForRedirect(std::string_view token) {
  return deps_.store.WriteDecision([&](Repositories& repos) -> Result<Decision<MagicLinkRedirect>> {
    std::string payload_json;
    ASSIGN_OR_RETURN(auto user, TakeAndFindAccount(repos, token, &payload_json));
    if (!user) return Decision<MagicLinkRedirect>(user.error());
    const TicketPayload payload = TicketPayload::Decode(payload_json).value_or(TicketPayload());
    MagicLinkRedirect redirect;
    ASSIGN_OR_RETURN(redirect.code,
                     deps_.codes.Issue(repos, user->id, "email", payload.Get("code_challenge")));
    redirect.redirect_to = payload.Get("redirect_to");
    return Decision<MagicLinkRedirect>(std::move(redirect));
  });
}

}  // namespace portcullis::core
