// CredentialService: company API keys and personal access tokens — issuing them (shown once,
// stored as SHA-256), listing, revoking, and authenticating a request that presents one. Every
// company question goes through the Authorizer. Thread-safe (its collaborators are).
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
#include "core/credential.h"
#include "core/credential_settings.h"
#include "core/credential_use_recorder.h"
#include "core/crypto_ports.h"
#include "core/ports/store.h"
#include "core/step_up_guard.h"

namespace portcullis::core {

// What POST .../api-keys asks for.
struct ApiKeyRequest {
  std::string name;
  int64_t expires_at = 0;  // 0: never
  std::string prefix;      // empty: the first of api_key_prefixes
};

// What POST /me/tokens asks for.
struct PersonalTokenRequest {
  std::string name;
  int64_t expires_at = 0;  // required: a personal token always expires
  std::vector<Permission> permissions;
};

// A credential just made: its record and its secret, which is never shown again.
struct IssuedCredential {
  Credential credential;
  std::string secret;
};

class CredentialService {
 public:
  // Every reference must outlive the service; `recorder` may be null (uses are not recorded).
  // `audit` may be null (nothing is logged): else creations and revocations are logged in their
  // Write, and a credential's first use of the day is buffered (RecordLater).
  CredentialService(CredentialOptions options, Store& store, OpaqueTokens& tokens, Random& random,
                    const Clock& clock, const StepUpGuard& step_up, const Authorizer& authorizer,
                    CredentialUseRecorder* recorder, AuditTrail* audit = nullptr);

  // Whether `secret` has the shape of an API key or a personal token (one of the prefixes), so a
  // request presenting it is authenticated here rather than as an access token.
  bool IsCredentialShaped(std::string_view secret) const;
  // The principal of a live credential: kApiKey (its company, role admin, no user) or
  // kPersonalToken (its user and company, limited to its permissions). kTokenInvalid when it is
  // unknown, revoked or expired. Notes the use for last_used_at (coalesced, not written here).
  Result<Principal> Authenticate(std::string_view secret) const;

  // The company of a key or token, with the role it acts in (admin for a key, its user's
  // membership role for a token): who is calling, for GET /me/profile. kTokenInvalid when the
  // token's user is no longer a member.
  Result<CompanyAccess> CallerCompany(const Principal& principal) const;

  // Company API keys (owner/admin of the company, or a key of it; issuing also needs a session
  // with a recent authentication).
  Result<IssuedCredential> CreateApiKey(const Principal& principal, std::string_view company_id,
                                        const ApiKeyRequest& request) const;
  Result<std::vector<Credential>> ListApiKeys(const Principal& principal,
                                              std::string_view company_id) const;
  Status RevokeApiKey(const Principal& principal, std::string_view company_id,
                      std::string_view key_id) const;

  // The session user's personal tokens. A token is made for the session's active company
  // (principal.company_id), with permissions the user holds there now (else kInvalidRequest,
  // Reason::kPermissionNotHeld); it needs a recent authentication.
  Result<IssuedCredential> CreatePersonalToken(const Principal& principal,
                                               const PersonalTokenRequest& request) const;
  Result<std::vector<Credential>> ListPersonalTokens(const Principal& principal) const;
  Status RevokePersonalToken(const Principal& principal, std::string_view token_id) const;

 private:
  // A new credential's secret, hash and shown parts, with id, times and creator.
  Credential NewCredential(CredentialKind kind, const Principal& principal, std::string_view name,
                           std::string_view prefix, int64_t expires_at, std::string& secret) const;
  // Inside a Write: the audit event `type` of `principal` about `credential`.
  Status AuditCredential(Repositories& repos, std::string_view type, const Principal& principal,
                         const Credential& credential) const;
  Status CheckNameAndExpiry(std::string_view name, int64_t expires_at, bool expiry_required) const;

  const CredentialOptions options_;
  Store& store_;
  OpaqueTokens& tokens_;
  Random& random_;
  const Clock& clock_;
  const StepUpGuard& step_up_;
  const Authorizer& authorizer_;
  CredentialUseRecorder* const recorder_;
  AuditTrail* const audit_;
};

}  // namespace portcullis::core
