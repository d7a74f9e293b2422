// AccountService: registration, password login, profile and password changes.
// Thread-safe; holds no per-call state.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/random.h"
#include "common/status.h"
#include "core/activation_service.h"
#include "core/async.h"
#include "core/audit_trail.h"
#include "core/auth_types.h"
#include "core/company_enrollment.h"
#include "core/crypto_ports.h"
#include "core/mfa_service.h"
#include "core/ports/store.h"
#include "core/rate_limiter.h"
#include "core/session_service.h"

namespace portcullis::core {

class AccountService {
 public:
  // `mfa` may be null (no second factor is ever asked for); `limiter` may be null (nothing is
  // rate limited). With a limiter, every limit is checked before any password hashing: a refused
  // request (kRateLimited, Error::retry_after) never queues a hash. `activation` may be null
  // (accounts are active at once); when it requires activation, registration creates an inactive
  // account, mails its activation link and answers without tokens, and login refuses the
  // account (kForbidden, kAccountInactive) until it is used. `enrollment` may be null (new
  // accounts join no company and registration refuses invites); else every account created here
  // is enrolled in the Write that creates it (an invite's company, or a company of its own).
  // `audit` may be null (nothing is logged): else logins (success inside the login's Write; a
  // refusal, which writes nothing, buffered with RecordLater), registrations, step-ups and
  // password changes go to the audit log, a failure's reason in its internal detail only.
  AccountService(Store& store, PasswordHasher& hasher, SessionService& sessions, Random& random,
                 const Clock& clock, MfaService* mfa = nullptr, RateLimiter* limiter = nullptr,
                 ActivationService* activation = nullptr, CompanyEnrollment* enrollment = nullptr,
                 AuditTrail* audit = nullptr);

  // The blocking forms below are their async form plus a wait (core/async.h): one logic each.

  // Creates the account, its company (or its invite's membership) and its first session in one
  // commit; the session starts in that company. With an invite the account is active and its
  // address verified at once (the invite's mail proved it) and the address must be the invite's.
  // Otherwise, when activation is required: the inactive account (with its company) and its
  // activation mail instead, and IssuedTokens with only `user` set.
  Result<IssuedTokens> Register(const Registration& registration, const ClientInfo& client);
  // Validates on the calling thread (a worker: the password check may take milliseconds), then
  // the per-IP limit, hashes on the hasher's executor and one WriteAsync; the Deferred signs.
  void RegisterAsync(const Registration& registration, const ClientInfo& client,
                     Then<IssuedTokens> done);
  // Creates an account without a session (the `portcullis user create` command), enrolled like a
  // registration without an invite.
  Result<User> CreateUser(const Registration& registration);
  // An unknown account and a wrong password give the same kInvalidCredentials, after the same
  // amount of hashing work. With MFA enabled and no second factor: an MfaChallenge (see
  // LoginWithTicket); with a wrong one: kInvalidCredentials (field kTotpCode). Everything a login
  // writes (the second factor's use, the throttle, the session, the security events and a
  // password hash upgraded to the current cost) is one commit. amr is "pwd", "pwd,otp" or
  // "pwd,recovery".
  Result<LoginOutcome> Login(const Credentials& credentials, const ClientInfo& client);
  // Finds the account (a store read on the calling thread), verifies on the hasher's executor
  // (and rehashes there when the stored cost is older), then one WriteAsync with everything the
  // login writes; the Deferred signs the access token. A full hashing queue answers kOverloaded
  // at once.
  void LoginAsync(Credentials credentials, const ClientInfo& client, Then<LoginOutcome> done);
  // The second step of a two-step login: the ticket's attempt, the code, the ticket and the new
  // session in one commit. amr is the ticket's first factor then the code's: "pwd,otp" after a
  // password, "email,otp" after a magic link or activation (or "…,recovery").
  Result<IssuedTokens> LoginWithTicket(std::string_view ticket, std::string_view code,
                                       const ClientInfo& client);
  void LoginWithTicketAsync(std::string_view ticket, std::string_view code,
                            const ClientInfo& client, Then<IssuedTokens> done);
  // Re-authentication of the caller's session with the password (and a second factor when MFA
  // is on): records the step-up on the session and returns a fresh access token (no refresh
  // token) whose auth_time is now.
  Result<IssuedTokens> StepUp(const Principal& principal, std::string_view password,
                              const std::optional<std::string>& second_factor,
                              const ClientInfo& client);

  // kTokenInvalid (kAccountGone) only when the account does not exist; store failures pass
  // through.
  Result<User> GetProfile(std::string_view user_id);
  Result<User> UpdateProfile(std::string_view user_id, const ProfilePatch& patch);
  // Checks the old password, stores the new one and revokes every other session in one commit.
  Status ChangePassword(const Principal& principal, std::string_view old_password,
                        std::string_view new_password, const ClientInfo& client = {});

 private:
  // An account whose password was just proven, and its hash at the current cost when the stored
  // one is older.
  struct ProvenPassword {
    User user;
    std::optional<std::string> upgraded_hash;
    // The stored hash is of the password as typed, not of its NFC form (made before passwords
    // were normalised): the login stores a hash of the NFC form.
    bool raw_form_hashed = false;
  };

  // A validated account from `registration`, without its password hash.
  Result<User> UnhashedUser(const Registration& registration);
  Result<User> NewUser(const Registration& registration);
  // The account `credentials` name, or nullopt when there is none (a store read).
  Result<std::optional<User>> FindLoginAccount(const Credentials& credentials);
  // LoginAsync's steps after the password check: the upgraded hash, then the one commit.
  struct LoginState;
  // After the login limits: the MFA failure limit when a code came with the password, then the
  // password check (which counts a failure or clears the pair).
  void CheckSecondFactorLimit(std::unique_ptr<LoginState> state, std::string subject);
  // Verifies the NFC form of the password; when that fails and the typed form differs, the typed
  // form too (VerifyRawForm), for hashes made before passwords were normalised.
  void VerifyLogin(std::unique_ptr<LoginState> state, std::string subject);
  void VerifyRawForm(std::unique_ptr<LoginState> state, std::string subject);
  // Counts the verdict for the login limits, then the upgraded hash and the commit.
  void VerifiedLogin(std::unique_ptr<LoginState> state, std::string subject, bool proven);
  void UpgradeThenCommit(std::unique_ptr<LoginState> state);
  void CommitLogin(std::unique_ptr<LoginState> state);
  // Inside a Write: appends `event` to the audit log (nothing without a trail).
  Status Audit(Repositories& repos, SecurityEvent event);
  // Inside the login's Write: the `login` event of `session` (its amr in the detail).
  Status LogLogin(Repositories& repos, const User& user, const Session& session,
                  const ClientInfo& client);
  // Buffers the login_failed event of `user` (empty: no such account) for `reason` (internal).
  void NoteLoginFailure(const User& user, const ClientInfo& client, std::string_view reason);
  // Inside a Write: stores `proven.upgraded_hash`, when there is one.
  static Status SaveUpgradedHash(Repositories& repos, const ProvenPassword& proven);
  // Checks `password` (its NFC form, then as typed when that differs) against `user`'s hash (the
  // decoy when it has none).
  Result<bool> PasswordMatches(const User& user, std::string_view password);
  // RegisterAsync after validation and its rate limit: hashes `password` (NFC), writes.
  void HashAndRegister(User user, std::string password, std::optional<std::string> invite,
                       const ClientInfo& client, Then<IssuedTokens> done);
  // HashAndRegister's end when activation is required (see ActivationService): the mail limit
  // of the address, then WriteInactive's one commit (the account or the owner's notice, and the
  // message).
  void RegisterInactive(User user, const ClientInfo& client, Then<IssuedTokens> done);
  void WriteInactive(User user, const ClientInfo& client, Then<IssuedTokens> done);
  // The blocking flows' limits (they run on workers, so they may wait for the limiter).
  Status CheckLimit(Limit limit, std::string_view subject);
  void CountFailure(Limit limit, std::string_view subject);
  void ClearFailures(Limit limit, std::string_view subject);

  Store& store_;
  PasswordHasher& hasher_;
  SessionService& sessions_;
  Random& random_;
  const Clock& clock_;
  MfaService* const mfa_;
  RateLimiter* const limiter_;
  ActivationService* const activation_;
  CompanyEnrollment* const enrollment_;
  AuditTrail* const audit_;
  // Verified in place of a missing hash, so unknown accounts cost a full hash too. Made once at
  // construction, without hashing (idle memory stays low, and an overload cannot leave it empty).
  const std::string decoy_hash_;
};

}  // namespace portcullis::core
