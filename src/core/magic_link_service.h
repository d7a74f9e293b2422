// MagicLinkService: sign-in by a link mailed to the address (magic_link_enabled). Requesting one is
// answered the same whether or not the address has an account; an unknown address gets an account
// when the link is used only with magic_link_signup. The session's amr is "email"; an account with
// MFA on still passes the second step. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/account_flows.h"
#include "core/auth_types.h"
#include "core/redirect_policy.h"

namespace portcullis::core {

// Where a used magic link's browser flow goes next: the exchange code and the redirect_to given
// when the link was requested (empty: the caller's default).
struct MagicLinkRedirect {
  std::string code;
  std::string redirect_to;
};

class MagicLinkService {
 public:
  MagicLinkService(FlowDeps deps, const RedirectPolicy& redirects)
      : deps_(std::move(deps)), redirects_(redirects) {}

  // Mails a link to `email` when it has an account (or may get one); ok either way, after the
  // same work. kInvalidRequest for a malformed address, a redirect_to that is not allowed or a
  // malformed code_challenge; kRateLimited beyond the mail limits.
  Status Request(std::string_view email, std::string_view redirect_to,
                 std::string_view code_challenge, const ClientInfo& client);
  // API clients: the token becomes a token pair (or the MFA second step). When the link was
  // requested with a code_challenge, `code_verifier` must answer it (the token is spent anyway).
  Result<LoginOutcome> Verify(std::string_view token, std::string_view code_verifier,
                              const ClientInfo& client);
  // Browsers: the token becomes an exchange code for the redirect.
  Result<MagicLinkRedirect> VerifyForRedirect(std::string_view token);

 private:
  // Inside a Write: takes the token and finds (or, for a sign-up link, creates) its account,
  // activated: using the link proved the address.
  Result<Decision<User>> TakeAndFindAccount(Repositories& repos, std::string_view token,
                                            std::string* payload_json);

  const FlowDeps deps_;
  const RedirectPolicy& redirects_;
};

}  // namespace portcullis::core
