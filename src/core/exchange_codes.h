// ExchangeCodes: the one-time `code` a redirect carries (activation and magic links; later SSO).
// It lives 60 s, is used once and becomes a token pair (or the MFA second step); when the flow
// began with a PKCE S256 code_challenge, only the matching code_verifier redeems it.
// Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "core/auth_types.h"
#include "core/crypto_ports.h"
#include "core/email_sign_in.h"
#include "core/ports/store.h"
#include "core/ticket_service.h"

namespace portcullis::core {

class ExchangeCodes {
 public:
  ExchangeCodes(Store& store, TicketService& tickets, EmailSignIn& sign_in,
                CodeChallenges& challenges, const Clock& clock);

  // Inside a Write: a code for `user_id` that signs in with `amr`, bound to `code_challenge`
  // (empty: none).
  Result<std::string> Issue(Repositories& repos, std::string_view user_id, std::string_view amr,
                            std::string_view code_challenge);
  // Spends the code (a wrong verifier spends it too). kInvalidRequest (kTicketUnusable, field
  // kCode) for a code that is unknown, used or expired; kInvalidRequest (field kCodeVerifier)
  // when a challenge was given and the verifier is missing or does not match.
  Result<LoginOutcome> Redeem(std::string_view code, std::string_view code_verifier,
                              const ClientInfo& client);
  // ok when `code_challenge` is empty or `code_verifier` answers it; kInvalidRequest (field
  // kCodeVerifier, reason kTicketUnusable) otherwise.
  Status CheckVerifier(std::string_view code_challenge, std::string_view code_verifier);

 private:
  Store& store_;
  TicketService& tickets_;
  EmailSignIn& sign_in_;
  CodeChallenges& challenges_;
  const Clock& clock_;
};

// A PKCE S256 code_challenge is 43 base64url characters; kInvalidRequest otherwise.
Status ValidateCodeChallenge(std::string_view code_challenge);

}  // namespace portcullis::core
