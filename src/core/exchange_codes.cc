// ExchangeCodes: redirect codes over TicketService, with the PKCE check through CodeChallenges.
// Thread-safe: holds only references to thread-safe collaborators.
#include "core/exchange_codes.h"

#include <utility>

#include "common/status_macros.h"
#include "core/ticket_payload.h"

namespace portcullis::core {

Status ValidateCodeChallenge(std::string_view code_challenge) {
  bool alphabet = true;
  for (const char c : code_challenge) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    alphabet = alphabet && ok;
  }
  if (code_challenge.size() == 43 && alphabet) return Status::Ok();
  return MakeError(ErrorCode::kInvalidRequest,
                   "code_challenge must be an S256 challenge: 43 base64url characters");
}

ExchangeCodes::ExchangeCodes(Store& store, TicketService& tickets, EmailSignIn& sign_in,
                             CodeChallenges& challenges, const Clock& clock)
    : store_(store), tickets_(tickets), sign_in_(sign_in), challenges_(challenges), clock_(clock) {}

Result<std::string> ExchangeCodes::Issue(Repositories& repos, std::string_view user_id,
                                         std::string_view amr, std::string_view code_challenge) {
  TicketPayload payload;
  payload.Set("amr", amr).Set("code_challenge", code_challenge);
  ASSIGN_OR_RETURN(IssuedTicket code,
                   tickets_.Issue(repos, TicketKind::kExchangeCode, user_id, "", payload.Encode()));
  return std::move(code.plaintext);
}

Status ExchangeCodes::CheckVerifier(std::string_view code_challenge,
                                    std::string_view code_verifier) {
  if (code_challenge.empty() || challenges_.MatchesS256(code_verifier, code_challenge)) {
    return Status::Ok();
  }
  return MakeError(ErrorCode::kInvalidRequest,
                   code_verifier.empty()
                       ? "code_verifier is required: the flow began with a code_challenge"
                       : "code_verifier does not match the code_challenge",
                   Field::kCodeVerifier, Reason::kTicketUnusable);
}

Result<LoginOutcome> ExchangeCodes::Redeem(std::string_view code, std::string_view code_verifier,
                                           const ClientInfo& client) {
  const int64_t now = clock_.NowSeconds();
  PendingSignIn pending;
  Status refusal = Status::Ok();  // decided inside the Write, committed with it (the code is spent)
  RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> Status {
    ASSIGN_OR_RETURN(auto ticket,
                     tickets_.Redeem(repos, TicketKind::kExchangeCode, code, Field::kCode));
    if (!ticket) {
      refusal = ticket.error();
      return Status::Ok();
    }
    const TicketPayload payload =
        TicketPayload::Decode(ticket->payload_json).value_or(TicketPayload());
    refusal = CheckVerifier(payload.Get("code_challenge"), code_verifier);
    if (!refusal) return Status::Ok();
    auto user = repos.users().FindById(ticket->user_id);
    if (!user && user.error().code == ErrorCode::kNotFound) {
      refusal = MakeError(ErrorCode::kInvalidRequest, "the account no longer exists", Field::kCode,
                          Reason::kTicketUnusable);
      return Status::Ok();
    }
    RETURN_IF_ERROR(user);
    const std::string amr = payload.Get("amr");
    ASSIGN_OR_RETURN(pending,
                     sign_in_.Begin(repos, *user, amr.empty() ? "email" : amr, client, now));
    return Status::Ok();
  }));
  RETURN_IF_ERROR(refusal);
  return sign_in_.Finish(std::move(pending));
}

}  // namespace portcullis::core
