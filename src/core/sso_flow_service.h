// SsoFlowService: core's SsoService — a flow's state kept single-use in the EphemeralStore, the
// provider's assertion turned into an account (a linked identity, a verified email, an invite,
// open sign-up), then a session, an MFA ticket, an exchange code or a link; every outcome audited.
// Thread-safe: immutable after construction, over thread-safe collaborators; every call blocks.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/clock.h"
#include "common/random.h"
#include "core/audit_trail.h"
#include "core/company_enrollment.h"
#include "core/crypto_ports.h"
#include "core/email_sign_in.h"
#include "core/exchange_codes.h"
#include "core/mfa_service.h"
#include "core/ports/ephemeral_store.h"
#include "core/ports/identity_provider.h"
#include "core/ports/store.h"
#include "core/redirect_policy.h"
#include "core/sso_accounts.h"
#include "core/sso_flow_record.h"
#include "core/sso_service.h"

namespace portcullis::core {

// What the service is built from. Every reference must outlive it.
struct SsoDeps {
  SsoPolicy policy;
  IdentityProviders providers;  // the configured providers (shared, read-only)
  Store& store;
  // The flows' state (state, nonce, verifier, binding): Redis when the nodes share one, so a
  // callback may reach another node than its start.
  EphemeralStore& ephemeral;
  // The allowlist of a programmatic redirect_uri (allowed_redirect_urls, as the mailed flows).
  const RedirectPolicy& redirects;
  OpaqueTokens& tokens;           // state, nonce, verifier and binding; the binding's SHA-256
  CodeChallenges& challenges;     // the verifier's S256 challenge
  EmailSignIn& sign_in;           // browser mode: a session (its MfaService may be null)
  MfaService* mfa;                // the second step's ticket for a user with TOTP on; null: none
  ExchangeCodes& codes;           // programmatic mode: the one-time code for POST /auth/exchange
  CompanyEnrollment& enrollment;  // a new account's company: the invite's, or its own
  AuditTrail& audit;
  const Clock& clock;
  Random& random;  // ids of new accounts and identities
  // One line per failed flow (provider, error code, reason; never a token); may be empty.
  std::function<void(std::string_view)> log_failure;
};

class SsoFlowService final : public SsoService {
 public:
  explicit SsoFlowService(SsoDeps deps);

  Result<SsoStart> Start(const SsoStartRequest& request) override;
  SsoCallbackOutcome Callback(const SsoCallbackRequest& request) override;
  Result<std::vector<LinkedIdentity>> ListIdentities(std::string_view user_id) override;
  Status Unlink(std::string_view user_id, std::string_view id, const ClientInfo& client) override;

 private:
  // The flow record a callback's state names, taken (single use) and checked against the
  // callback's browser binding and provider; or why it is not usable.
  std::variant<SsoFlowRecord, SsoRefusal> TakeFlow(const SsoCallbackRequest& request);
  // After the provider vouched for `assertion`: whose account, and what the flow ends in.
  SsoCallbackOutcome Finish(SsoCallbackOutcome outcome, const SsoFlowRecord& flow,
                            const ProviderAssertion& assertion, const ClientInfo& client);
  // kLink: the identity joins the flow's account (idempotent); no session.
  SsoCallbackOutcome Link(SsoCallbackOutcome outcome, const SsoFlowRecord& flow,
                          const ProviderAssertion& assertion, const ClientInfo& client);
  // A failed flow: logged, audited (sso_failed, outside any Write) and answered with `error`.
  SsoCallbackOutcome Fail(SsoCallbackOutcome outcome, std::string_view error,
                          std::string_view provider, std::string_view why, const ClientInfo& client,
                          std::string_view user_id = {});
  // The session amr of a login through `provider`: "sso:<provider>", plus ",mfa" when the
  // provider's amr shows MFA and trust_mfa says to believe it.
  std::string SessionAmr(std::string_view provider, const ProviderAssertion& assertion) const;

  const SsoDeps deps_;
};

}  // namespace portcullis::core
