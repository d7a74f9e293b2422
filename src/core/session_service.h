// SessionService: opens sessions, rotates refresh tokens with reuse detection, checks access
// tokens against the revocation list (a port), and revokes. Thread-safe; holds no per-call state.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/random.h"
#include "common/status.h"
#include "core/async.h"
#include "core/audit_trail.h"
#include "core/auth_types.h"
#include "core/company.h"
#include "core/crypto_ports.h"
#include "core/ports/store.h"
#include "core/revocation_list.h"

namespace portcullis::core {

// A session ready to be stored, with the plaintext of its first refresh token.
struct NewSession {
  Session session;
  std::string refresh_plaintext;
  std::vector<std::string> displaced;  // set by Open: sessions revoked to stay under the cap
  std::optional<Membership> company;   // set by Open: the active company the session starts in
};

class SessionService {
 public:
  // `revocations` must outlive the service. `audit` may be null (nothing is logged): else a
  // refresh token's reuse (theft), logouts and revoked sessions are logged in their own Write.
  SessionService(AuthPolicy policy, Store& store, AccessTokenCodec& codec,
                 RefreshTokenCodec& refresh_tokens, OpaqueTokens& tokens, Random& random,
                 const Clock& clock, RevocationList& revocations, AuditTrail* audit = nullptr);

  // Loads the sessions revoked recently enough that their access tokens could still be alive.
  Status WarmRevocations();

  // Builds (does not store) a session for `user` authenticated by `amr` ("pwd", ...) with a new
  // refresh key; the caller stores it with repos.sessions().Create in its own Write.
  Result<NewSession> Prepare(const User& user, std::string amr, const ClientInfo& client);
  // Inside the caller's Write: stores `fresh`'s session after revoking the user's oldest live
  // sessions beyond max_sessions_per_user - 1 (their ids go to `fresh.displaced`; once the Write
  // has committed, pass them to NoteRevoked so their access tokens fail at once). The session
  // starts in the user's active company (core/active_company.h: the last used one, else the
  // oldest membership), set on `fresh.session.company_id` and `fresh.company`.
  Status Open(Repositories& repos, NewSession& fresh);
  // Access token and response values for a session that has been committed; `company` is the
  // user's membership in the session's active company (the token's `cid` and `role`).
  IssuedTokens Issue(const User& user, const Session& session, std::string refresh_plaintext,
                     const std::optional<Membership>& company);
  // Inside the caller's Write: the membership `session`'s access tokens carry now — its stored
  // company while the user is still a member of it, else the fallback of a login — and, when that
  // differs from the stored choice, records it on the session (SessionRepository::SetCompany).
  Result<std::optional<Membership>> ActiveCompany(Repositories& repos, Session& session);

  // Spends `refresh_plaintext` (one conditional update of its session row) and returns a new pair.
  // kTokenInvalid with reason kUnknownToken (never issued: malformed, forged, another format),
  // kSessionRevoked, kAccountGone, kTokenRotated (a replay of the session's immediately previous
  // token within the grace period, or the loser of a race: the session lives) or kTokenReused
  // (any other replay of a spent token: the session is revoked); kTokenExpired. Store failures
  // pass through.
  // RefreshAsync and a wait; the access token is signed on the calling thread.
  Result<IssuedTokens> Refresh(std::string_view refresh_plaintext);
  // The whole refresh — reading the token, the reuse decision, the rotation or the revocation —
  // is one WriteAsync job (one consistent state, one commit). `done` gets the outcome once it is
  // durable; the Deferred signs the new access token when called (see core/async.h). A revoked
  // session is in the revocation list before `done` runs.
  void RefreshAsync(std::string_view refresh_plaintext, Then<IssuedTokens> done);

  // Inside the caller's Write: records a re-authentication of `user`'s live session at `now` and
  // returns the session. kTokenInvalid when it is gone, not the user's, or revoked.
  Result<Session> StepUp(Repositories& repos, const User& user, std::string_view session_id,
                         int64_t now);

  // Verifies an access token and that its session has not been revoked.
  Result<Principal> Authenticate(std::string_view access_token);
  // The principal of the live session whose CURRENT refresh token is `refresh_plaintext`, read
  // without rotating it (a dialect whose clients authenticate by the refresh cookie alone).
  // kTokenInvalid for an unknown or spent token (kTokenRotated for the one just replaced, within
  // the grace period; no reuse verdict: this is a read), kSessionRevoked, kAccountGone;
  // kTokenExpired; kForbidden for a disabled account.
  Result<Principal> AuthenticateRefreshToken(std::string_view refresh_plaintext);

  Status Revoke(std::string_view session_id);
  // Revoke without waiting: `done` gets the status once the revocation is durable and in the
  // revocation list (on the store's writer thread, or at once when refused).
  void RevokeAsync(std::string_view session_id, UniqueFunction<void(Status)> done);
  // Revokes the session that `refresh_plaintext` belongs to (logout by cookie).
  Status RevokeByRefreshToken(std::string_view refresh_plaintext);
  void RevokeByRefreshTokenAsync(std::string_view refresh_plaintext,
                                 UniqueFunction<void(Status)> done);
  // Revokes the session `refresh_plaintext` belongs to when the token is genuine (of any
  // generation) and the session is `user_id`'s; kTokenInvalid (kUnknownToken) otherwise.
  Status RevokeOwnedByRefreshToken(std::string_view user_id, std::string_view refresh_plaintext);
  // kNotFound unless the session belongs to `user_id`.
  Status RevokeOwned(std::string_view user_id, std::string_view session_id);
  // Revokes every session of the user but `keep_session_id` (empty: all).
  Status RevokeAll(std::string_view user_id, std::string_view keep_session_id);
  // Remembers sessions revoked by a caller's own (committed) Write.
  void NoteRevoked(const std::vector<std::string>& session_ids);

  Result<std::vector<Session>> ListActive(std::string_view user_id);

  const AuthPolicy& policy() const { return policy_; }

 private:
  // Ok when `token` really is one of `session`'s refresh tokens (of any generation issued so
  // far); kTokenInvalid (kUnknownToken) otherwise, so a forgery never passes for a spent token.
  Status CheckAuthentic(const Session& session, std::string_view token,
                        const RefreshTokenClaim& claim);
  // Everything one refresh decides, inside one Write: the session and account, the token's
  // authenticity, the reuse verdict and either the rotation (minting the successor) or the
  // revocation of a stolen session. An error only for a store failure (it rolls back).
  struct RefreshDecision;
  // Inside a Write: the audit event `type` about `session` (its user and company), acted by its
  // user, or by nobody proven when `anonymous` (a replayed refresh token).
  Status AuditSession(Repositories& repos, std::string_view type, const Session& session,
                      bool anonymous = false);
  Result<RefreshDecision> DecideRefresh(Repositories& repos, std::string_view token,
                                        const RefreshTokenClaim& claim, int64_t now);

  const AuthPolicy policy_;
  Store& store_;
  AccessTokenCodec& codec_;
  RefreshTokenCodec& refresh_tokens_;
  OpaqueTokens& tokens_;
  Random& random_;
  const Clock& clock_;
  RevocationList& revoked_;
  AuditTrail* const audit_;
};

}  // namespace portcullis::core
