// Registration, login, profile and password changes over the Store and the PasswordHasher.
// Thread-safe. Password hashing always happens outside any Read or Write.
#include "core/account_service.h"

#include <memory>
#include <utility>
#include <vector>

#include "common/status_macros.h"
#include "common/uuid.h"
#include "core/account_disabled.h"
#include "core/hasura_claims.h"
#include "core/identity_rules.h"

namespace portcullis::core {
namespace {

// " via=<dialect>" for a login through another API than the native one, for the audit detail.
std::string ViaOf(const ClientInfo& client) {
  return client.via.empty() ? std::string() : " via=" + client.via;
}

Error BadCredentials() {
  return MakeError(ErrorCode::kInvalidCredentials, "the email, username or password is wrong");
}

Error AccountGone() {
  return MakeError(ErrorCode::kTokenInvalid, "the account no longer exists", Reason::kAccountGone);
}

bool Missing(const std::optional<std::string>& second_factor) {
  return !second_factor || second_factor->empty();
}

// A second factor that was checked and found wrong (not a store failure, not a dead ticket).
bool WrongCode(const Error& error) { return error.reason == Reason::kWrongCode; }

// An audit event of `type` whose actor is `user` itself (a login, a registration, a change of
// its own password), in the company of `company_id` ("" none).
SecurityEvent SelfEvent(std::string_view type, const User& user, const ClientInfo& client,
                        std::string company_id = {}) {
  SecurityEvent event = AnonymousAuditEvent(type, client);
  event.actor_type = "user";
  event.actor_id = user.id;
  event.user_id = user.id;
  event.company_id = std::move(company_id);
  event.target_type = "user";
  event.target_id = user.id;
  return event;
}

// Whom a login's failures are counted for: the account's id, or for credentials that name no
// account the name itself (so guessing at unknown accounts is limited the same way).
// `credentials.email` is already the normalised key (LoginAsync).
std::string LoginSubject(const std::optional<User>& found, const Credentials& credentials) {
  if (found) return found->id;
  return credentials.email.empty() ? "?u:" + NormalizeUsername(credentials.username)
                                   : "?e:" + credentials.email;
}

}  // namespace

AccountService::AccountService(Store& store, PasswordHasher& hasher, SessionService& sessions,
                               Random& random, const Clock& clock, MfaService* mfa,
                               RateLimiter* limiter, ActivationService* activation,
                               CompanyEnrollment* enrollment, AuditTrail* audit)
    : store_(store),
      hasher_(hasher),
      sessions_(sessions),
      random_(random),
      clock_(clock),
      mfa_(mfa),
      limiter_(limiter),
      activation_(activation),
      enrollment_(enrollment),
      audit_(audit),
      decoy_hash_(hasher.DecoyHash()) {}

Status AccountService::Audit(Repositories& repos, SecurityEvent event) {
  if (audit_ == nullptr) return Status::Ok();
  return audit_->Record(repos, std::move(event));
}

Status AccountService::LogLogin(Repositories& repos, const User& user, const Session& session,
                                const ClientInfo& client) {
  SecurityEvent event = SelfEvent("login", user, client, session.company_id);
  event.target_type = "session";
  event.target_id = session.id;
  event.detail = "amr=" + session.amr + ViaOf(client);
  return Audit(repos, std::move(event));
}

void AccountService::NoteLoginFailure(const User& user, const ClientInfo& client,
                                      std::string_view reason) {
  if (audit_ == nullptr) return;
  SecurityEvent event = AnonymousAuditEvent("login_failed", client);
  event.user_id = user.id;  // empty for an unknown account: what was typed is never logged
  if (!user.id.empty()) {
    event.target_type = "user";
    event.target_id = user.id;
  }
  event.outcome = "failure";
  event.detail = std::string(reason) + ViaOf(client);
  audit_->RecordLater(std::move(event));
}

Result<User> AccountService::UnhashedUser(const Registration& registration) {
  User user;
  ASSIGN_OR_RETURN(user.email, NormalizeEmail(registration.email));
  RETURN_IF_ERROR(ValidateEmail(user.email));
  if (registration.username) {
    user.username = NormalizeUsername(*registration.username);
    RETURN_IF_ERROR(ValidateUsername(*user.username));
  }
  RETURN_IF_ERROR(ValidateDisplayName(registration.display_name));
  RETURN_IF_ERROR(ValidatePassword(registration.password, user.email, Field::kPassword,
                                   sessions_.policy().password_min_score));
  const int64_t now = clock_.NowSeconds();
  user.id = NewUuidV4(random_);
  user.display_name = registration.display_name;
  user.metadata_json = registration.metadata_json;
  user.instance_role = registration.instance_role;
  RETURN_IF_ERROR(CheckCustomFieldsUnchanged(sessions_.policy().hasura, "{}", user.metadata_json,
                                             /*registering=*/true));
  RETURN_IF_ERROR(ApplyRequestedRoles(sessions_.policy().hasura, registration.default_role,
                                      registration.allowed_roles, user));
  user.created_at = now;
  user.updated_at = now;
  user.password_changed_at = now;
  return user;
}

Result<User> AccountService::NewUser(const Registration& registration) {
  ASSIGN_OR_RETURN(User user, UnhashedUser(registration));
  ASSIGN_OR_RETURN(user.password_hash, hasher_.Hash(NormalizePassword(registration.password)));
  return user;
}

Result<IssuedTokens> AccountService::Register(const Registration& registration,
                                              const ClientInfo& client) {
  return AwaitResult<IssuedTokens>(
      [&](Then<IssuedTokens> done) { RegisterAsync(registration, client, std::move(done)); });
}

Status AccountService::CheckLimit(Limit limit, std::string_view subject) {
  if (limiter_ == nullptr) return Status::Ok();
  return Await<Status>(
      [&](RateLimiter::Done done) { limiter_->Check(limit, subject, std::move(done)); });
}

void AccountService::CountFailure(Limit limit, std::string_view subject) {
  if (limiter_ != nullptr) limiter_->Fail(limit, subject);
}

void AccountService::ClearFailures(Limit limit, std::string_view subject) {
  if (limiter_ != nullptr) limiter_->Clear(limit, subject);
}

void AccountService::RegisterAsync(const Registration& registration, const ClientInfo& client,
                                   Then<IssuedTokens> done) {
  // Validated first, on the calling thread (the route's worker): the password check (zxcvbn) can
  // take milliseconds on a long patterned password, which must not run on an I/O thread or on the
  // limiter's callback thread.
  auto unhashed = UnhashedUser(registration);
  if (!unhashed) return done(Ready<IssuedTokens>(unhashed.error()));
  if (registration.invite && enrollment_ == nullptr) {
    return done(Ready<IssuedTokens>(
        MakeError(ErrorCode::kInvalidRequest, "invites are not available", Field::kInvite)));
  }
  std::string password = NormalizePassword(registration.password);  // what is hashed
  if (limiter_ == nullptr) {
    return HashAndRegister(std::move(unhashed).value(), std::move(password), registration.invite,
                           client, std::move(done));
  }
  limiter_->Hit(
      Limit::kRegisterPerIp, client.ip,
      [this, user = std::move(unhashed).value(), password = std::move(password),
       invite = registration.invite, client, done = std::move(done)](Status allowed) mutable {
        if (!allowed) return done(Ready<IssuedTokens>(allowed.error()));
        HashAndRegister(std::move(user), std::move(password), std::move(invite), client,
                        std::move(done));
      });
}

void AccountService::HashAndRegister(User user, std::string password,
                                     std::optional<std::string> invite, const ClientInfo& client,
                                     Then<IssuedTokens> done) {
  hasher_.HashAsync(std::move(password), [this, user = std::move(user), invite = std::move(invite),
                                          client, done = std::move(done)](
                                             Result<std::string> hash) mutable {
    if (!hash) return done(Ready<IssuedTokens>(hash.error()));
    user.password_hash = std::move(hash).value();
    if (activation_ != nullptr && activation_->required() && !invite) {
      return RegisterInactive(std::move(user), client, std::move(done));
    }
    // The invite was mailed to this address (RedeemInvite checks it is the same): it is proven.
    if (invite) user.email_verified_at = user.created_at;
    auto prepared = sessions_.Prepare(user, "pwd", client);
    if (!prepared) return done(Ready<IssuedTokens>(prepared.error()));
    auto fresh = std::make_shared<NewSession>(std::move(prepared).value());
    auto stored = std::make_shared<User>(std::move(user));
    store_.WriteAsync(
        [this, stored, fresh, client, invite = std::move(invite)](Repositories& repos) -> Status {
          RETURN_IF_ERROR(repos.users().Create(*stored));
          if (enrollment_ != nullptr) {
            RETURN_IF_ERROR(
                enrollment_->Enroll(repos, *stored, invite, stored->created_at, client));
          }
          RETURN_IF_ERROR(sessions_.Open(repos, *fresh));
          SecurityEvent event =
              SelfEvent("registration", *stored, client, fresh->session.company_id);
          event.detail = invite ? "invited" : "";
          return Audit(repos, std::move(event));
        },
        [this, stored, fresh, done = std::move(done)](Status status) mutable {
          done([this, stored, fresh, status = std::move(status)]() -> Result<IssuedTokens> {
            RETURN_IF_ERROR(status);
            return sessions_.Issue(*stored, fresh->session, std::move(fresh->refresh_plaintext),
                                   fresh->company);
          });
        });
  });
}

void AccountService::RegisterInactive(User user, const ClientInfo& client,
                                      Then<IssuedTokens> done) {
  user.active = false;
  if (limiter_ != nullptr) {
    // Every such registration mails the address (activation or notice): the mail limit applies,
    // the same for new and taken addresses.
    const std::string address = user.email;
    return limiter_->Hit(
        Limit::kMailPerAddress, address,
        [this, user = std::move(user), client, done = std::move(done)](Status allowed) mutable {
          if (!allowed) return done(Ready<IssuedTokens>(allowed.error()));
          WriteInactive(std::move(user), client, std::move(done));
        });
  }
  WriteInactive(std::move(user), client, std::move(done));
}

void AccountService::WriteInactive(User user, const ClientInfo& client, Then<IssuedTokens> done) {
  auto stored = std::make_shared<User>(std::move(user));
  store_.WriteAsync(
      [this, stored, client](Repositories& repos) -> Status {
        const std::string& locale = client.locale;
        if (activation_->hides_taken_addresses()) {
          // A taken address is answered like a new registration; its owner learns of the attempt.
          auto holder = repos.users().FindByEmail(stored->email);
          if (holder) return activation_->SendRegistrationAttempt(repos, stored->email, locale);
          if (holder.error().code != ErrorCode::kNotFound) return holder.error();
        }
        RETURN_IF_ERROR(repos.users().Create(*stored));
        if (enrollment_ != nullptr) {
          RETURN_IF_ERROR(enrollment_->Enroll(repos, *stored, std::nullopt, stored->created_at));
        }
        SecurityEvent event = SelfEvent("registration", *stored, client);
        event.detail = "inactive until activated";
        RETURN_IF_ERROR(Audit(repos, std::move(event)));
        return activation_->SendActivation(repos, *stored, locale);
      },
      [this, stored, done = std::move(done)](Status status) mutable {
        if (status) activation_->Wake();
        done([stored, status = std::move(status)]() -> Result<IssuedTokens> {
          RETURN_IF_ERROR(status);
          IssuedTokens registered;
          registered.user = *stored;
          return registered;
        });
      });
}

Result<User> AccountService::CreateUser(const Registration& registration) {
  ASSIGN_OR_RETURN(User user, NewUser(registration));
  RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(repos.users().Create(user));
    if (enrollment_ == nullptr) return Status::Ok();
    return enrollment_->Enroll(repos, user, std::nullopt, user.created_at);
  }));
  return user;
}

Result<bool> AccountService::PasswordMatches(const User& user, std::string_view password) {
  const bool has_hash = !user.password_hash.empty();
  const std::string& encoded = has_hash ? user.password_hash : decoy_hash_;
  const std::string nfc = NormalizePassword(password);
  ASSIGN_OR_RETURN(bool matches, hasher_.Verify(nfc, encoded));
  // A hash made before passwords were normalised may be of the raw form (the decoy is verified
  // twice too, so an unknown account costs what a known one does).
  if (!matches && nfc != password) {
    ASSIGN_OR_RETURN(matches, hasher_.Verify(password, encoded));
  }
  return has_hash && matches;
}

Result<std::optional<User>> AccountService::FindLoginAccount(const Credentials& credentials) {
  auto found = store_.ReadValue([&](Repositories& repos) {
    return credentials.email.empty()
               ? repos.users().FindByUsername(NormalizeUsername(credentials.username))
               : repos.users().FindByEmail(credentials.email);
  });
  if (!found) {
    if (found.error().code != ErrorCode::kNotFound) return found.error();
    return std::optional<User>();
  }
  return std::optional<User>(std::move(found).value());
}

Status AccountService::SaveUpgradedHash(Repositories& repos, const ProvenPassword& proven) {
  if (!proven.upgraded_hash) return Status::Ok();
  // False when the password changed meanwhile: the newer password wins, nothing to upgrade.
  ASSIGN_OR_RETURN(bool replaced,
                   repos.users().RehashPassword(proven.user.id, proven.user.password_hash,
                                                *proven.upgraded_hash));
  static_cast<void>(replaced);
  return Status::Ok();
}

// What a login carries from one step to the next (lookup → verify → rehash → commit).
struct AccountService::LoginState {
  Credentials credentials;
  ClientInfo client;
  Then<LoginOutcome> done;
  ProvenPassword proven;
  // The NFC form of credentials.password: what is verified first and what a new hash is made of.
  std::string normalized_password;
};

Result<LoginOutcome> AccountService::Login(const Credentials& credentials,
                                           const ClientInfo& client) {
  return AwaitResult<LoginOutcome>(
      [&](Then<LoginOutcome> done) { LoginAsync(credentials, client, std::move(done)); });
}

void AccountService::LoginAsync(Credentials credentials, const ClientInfo& client,
                                Then<LoginOutcome> done) {
  if (credentials.password.size() > kMaxPasswordBytes) {
    NoteLoginFailure(User{}, client, "password_too_long");
    return done(Ready<LoginOutcome>(BadCredentials()));
  }
  if (!credentials.email.empty()) {  // from here on, the normalised key
    auto key = NormalizeEmail(credentials.email);
    if (!key) return done(Ready<LoginOutcome>(key.error()));
    credentials.email = std::move(key).value();
  }
  auto found = FindLoginAccount(credentials);
  if (!found) return done(Ready<LoginOutcome>(found.error()));
  const std::string subject = LoginSubject(*found, credentials);
  std::string normalized_password = NormalizePassword(credentials.password);
  auto state =
      std::make_unique<LoginState>(LoginState{std::move(credentials), client, std::move(done),
                                              ProvenPassword{}, std::move(normalized_password)});
  if (found->has_value()) state->proven.user = std::move(**found);
  if (limiter_ == nullptr) return VerifyLogin(std::move(state), subject);
  limiter_->CheckLogin(client.ip, subject,
                       [this, subject, state = std::move(state)](Status allowed) mutable {
                         if (!allowed) {
                           NoteLoginFailure(state->proven.user, state->client, "rate_limited");
                           return state->done(Ready<LoginOutcome>(allowed.error()));
                         }
                         CheckSecondFactorLimit(std::move(state), std::move(subject));
                       });
}

void AccountService::CheckSecondFactorLimit(std::unique_ptr<LoginState> state,
                                            std::string subject) {
  const User& user = state->proven.user;
  const bool code_given =
      mfa_ != nullptr && user.mfa_enabled && !Missing(state->credentials.second_factor);
  if (!code_given) return VerifyLogin(std::move(state), std::move(subject));
  const std::string user_id = user.id;
  limiter_->Check(
      Limit::kMfaFailuresPerAccount, user_id,
      [this, subject = std::move(subject), state = std::move(state)](Status allowed) mutable {
        if (!allowed) {
          NoteLoginFailure(state->proven.user, state->client, "rate_limited");
          return state->done(Ready<LoginOutcome>(allowed.error()));
        }
        VerifyLogin(std::move(state), std::move(subject));
      });
}

void AccountService::VerifyLogin(std::unique_ptr<LoginState> state, std::string subject) {
  // Unknown accounts and accounts without a password cost the same hashing work as a wrong one.
  const bool known = !state->proven.user.password_hash.empty();
  std::string encoded = known ? state->proven.user.password_hash : decoy_hash_;
  std::string password = state->normalized_password;
  hasher_.VerifyAsync(
      std::move(password), std::move(encoded),
      [this, known, subject = std::move(subject),
       state = std::move(state)](Result<bool> matches) mutable {
        if (!matches) return state->done(Ready<LoginOutcome>(matches.error()));
        if (!*matches && state->normalized_password != state->credentials.password) {
          return VerifyRawForm(std::move(state), std::move(subject));
        }
        VerifiedLogin(std::move(state), std::move(subject), known && *matches);
      });
}

void AccountService::VerifyRawForm(std::unique_ptr<LoginState> state, std::string subject) {
  // A hash made before passwords were normalised may be of the raw form; the decoy is verified
  // twice too, so an unknown account costs what a known one does.
  const bool known = !state->proven.user.password_hash.empty();
  std::string encoded = known ? state->proven.user.password_hash : decoy_hash_;
  std::string password = state->credentials.password;
  hasher_.VerifyAsync(std::move(password), std::move(encoded),
                      [this, known, subject = std::move(subject),
                       state = std::move(state)](Result<bool> matches) mutable {
                        if (!matches) return state->done(Ready<LoginOutcome>(matches.error()));
                        state->proven.raw_form_hashed = *matches;
                        VerifiedLogin(std::move(state), std::move(subject), known && *matches);
                      });
}

void AccountService::VerifiedLogin(std::unique_ptr<LoginState> state, std::string subject,
                                   bool proven) {
  if (!proven) {
    if (limiter_ != nullptr) limiter_->LoginFailed(state->client.ip, subject);
    const User& user = state->proven.user;
    NoteLoginFailure(user, state->client,
                     user.id.empty()              ? "unknown_user"
                     : user.password_hash.empty() ? "no_password"
                                                  : "wrong_password");
    return state->done(Ready<LoginOutcome>(BadCredentials()));
  }
  if (limiter_ != nullptr) limiter_->LoginSucceeded(state->client.ip, subject);
  // Only after the password: without it a disabled account answers like any other.
  if (state->proven.user.disabled_at != 0) {
    return state->done(Ready<LoginOutcome>(AccountDisabled()));
  }
  if (!state->proven.user.active) {
    NoteLoginFailure(state->proven.user, state->client, "account_inactive");
    return state->done(Ready<LoginOutcome>(MakeError(
        ErrorCode::kForbidden, "the account is not active yet: use the link mailed to its address",
        Reason::kAccountInactive)));
  }
  UpgradeThenCommit(std::move(state));
}

void AccountService::UpgradeThenCommit(std::unique_ptr<LoginState> state) {
  if (!state->proven.raw_form_hashed && !hasher_.NeedsRehash(state->proven.user.password_hash)) {
    return CommitLogin(std::move(state));
  }
  // Only a hash at an older cost or of the raw (not NFC) form is recomputed, always of the NFC
  // form; an overloaded hasher leaves it to a later login.
  std::string password = state->normalized_password;
  hasher_.HashAsync(std::move(password),
                    [this, state = std::move(state)](Result<std::string> upgraded) mutable {
                      if (upgraded) state->proven.upgraded_hash = std::move(upgraded).value();
                      CommitLogin(std::move(state));
                    });
}

void AccountService::CommitLogin(std::unique_ptr<LoginState> state) {
  const User& user = state->proven.user;
  const int64_t now = clock_.NowSeconds();
  const bool second_step = mfa_ != nullptr && user.mfa_enabled;
  LoginState* const s = state.get();  // outlives the work: `state` moves into the completion
  if (second_step && Missing(s->credentials.second_factor)) {
    store_.WriteValueAsync<MfaChallenge>(
        [this, s, now](Repositories& repos) -> Result<MfaChallenge> {
          RETURN_IF_ERROR(SaveUpgradedHash(repos, s->proven));
          // The password was right; the login waits for its second factor (a ticket).
          SecurityEvent event = AnonymousAuditEvent("login_failed", s->client);
          event.user_id = event.target_id = s->proven.user.id;
          event.target_type = "user";
          event.outcome = "failure";
          event.detail = "mfa_required";
          RETURN_IF_ERROR(Audit(repos, std::move(event)));
          return mfa_->IssueTicket(repos, s->proven.user.id, "pwd", now);
        },
        [state = std::move(state)](Result<MfaChallenge> challenge) mutable {
          if (!challenge) return state->done(Ready<LoginOutcome>(challenge.error()));
          state->done(Ready<LoginOutcome>(LoginOutcome(std::move(challenge).value())));
        });
    return;
  }
  auto prepared = sessions_.Prepare(user, "pwd", s->client);
  if (!prepared) return s->done(Ready<LoginOutcome>(prepared.error()));
  auto fresh = std::make_shared<NewSession>(std::move(prepared).value());
  store_.WriteDecisionAsync<Session>(
      [this, s, fresh, second_step, now](Repositories& repos) -> Result<Decision<Session>> {
        if (second_step) {
          ASSIGN_OR_RETURN(auto proved,
                           mfa_->Verify(repos, s->proven.user.id, *s->credentials.second_factor,
                                        s->client, Field::kTotpCode, now));
          if (!proved) {
            SecurityEvent event = AnonymousAuditEvent("login_failed", s->client);
            event.user_id = event.target_id = s->proven.user.id;
            event.target_type = "user";
            event.outcome = "failure";
            event.detail = "wrong_second_factor";
            RETURN_IF_ERROR(Audit(repos, std::move(event)));
            return Decision<Session>(proved.error());
          }
          fresh->session.amr = "pwd," + proved->method;
        }
        RETURN_IF_ERROR(SaveUpgradedHash(repos, s->proven));
        RETURN_IF_ERROR(sessions_.Open(repos, *fresh));
        RETURN_IF_ERROR(LogLogin(repos, s->proven.user, fresh->session, s->client));
        return Decision<Session>(fresh->session);
      },
      [this, fresh, second_step, state = std::move(state)](Result<Session> session) mutable {
        if (session) sessions_.NoteRevoked(fresh->displaced);
        if (second_step && session)
          ClearFailures(Limit::kMfaFailuresPerAccount, state->proven.user.id);
        if (second_step && !session && WrongCode(session.error())) {
          CountFailure(Limit::kMfaFailuresPerAccount, state->proven.user.id);
        }
        Then<LoginOutcome> done = std::move(state->done);
        done([this, fresh, state = std::move(state),
              session = std::move(session)]() mutable -> Result<LoginOutcome> {
          RETURN_IF_ERROR(session);
          return LoginOutcome(sessions_.Issue(state->proven.user, *session,
                                              std::move(fresh->refresh_plaintext), fresh->company));
        });
      });
}

Result<IssuedTokens> AccountService::LoginWithTicket(std::string_view ticket, std::string_view code,
                                                     const ClientInfo& client) {
  return AwaitResult<IssuedTokens>([&](Then<IssuedTokens> done) {
    LoginWithTicketAsync(ticket, code, client, std::move(done));
  });
}

void AccountService::LoginWithTicketAsync(std::string_view ticket, std::string_view code,
                                          const ClientInfo& client, Then<IssuedTokens> done) {
  if (mfa_ == nullptr) {
    return done(Ready<IssuedTokens>(MakeError(ErrorCode::kNotFound, "MFA is not available")));
  }
  const int64_t now = clock_.NowSeconds();
  struct Opened {
    User user;
    NewSession fresh;
  };
  store_.WriteDecisionAsync<Opened>(
      [this, ticket = std::string(ticket), code = std::string(code), client,
       now](Repositories& repos) -> Result<Decision<Opened>> {
        ASSIGN_OR_RETURN(auto proved, mfa_->RedeemTicket(repos, ticket, code, client, now));
        if (!proved) return Decision<Opened>(proved.error());
        ASSIGN_OR_RETURN(User user,
                         NotFoundAs(repos.users().FindById(proved->user_id), BadCredentials()));
        ASSIGN_OR_RETURN(
            NewSession fresh,
            sessions_.Prepare(user, proved->first_factor + "," + proved->method, client));
        RETURN_IF_ERROR(sessions_.Open(repos, fresh));
        RETURN_IF_ERROR(LogLogin(repos, user, fresh.session, client));
        return Decision<Opened>(Opened{std::move(user), std::move(fresh)});
      },
      [this, done = std::move(done)](Result<Opened> opened) mutable {
        if (opened) sessions_.NoteRevoked(opened->fresh.displaced);
        done([this, opened = std::move(opened)]() mutable -> Result<IssuedTokens> {
          RETURN_IF_ERROR(opened);
          return sessions_.Issue(opened->user, opened->fresh.session,
                                 std::move(opened->fresh.refresh_plaintext), opened->fresh.company);
        });
      });
}

Result<IssuedTokens> AccountService::StepUp(const Principal& principal, std::string_view password,
                                            const std::optional<std::string>& second_factor,
                                            const ClientInfo& client) {
  ASSIGN_OR_RETURN(User user, GetProfile(principal.user_id));
  const bool second_step = mfa_ != nullptr && user.mfa_enabled;
  RETURN_IF_ERROR(CheckLimit(Limit::kStepUpFailuresPerSession, principal.session_id));
  if (second_step && !Missing(second_factor)) {
    RETURN_IF_ERROR(CheckLimit(Limit::kMfaFailuresPerAccount, user.id));
  }
  ASSIGN_OR_RETURN(bool matches, PasswordMatches(user, password));
  if (!matches) {
    CountFailure(Limit::kStepUpFailuresPerSession, principal.session_id);
    if (mfa_ != nullptr || audit_ != nullptr) {  // a rare, refused request: one small Write
      SecurityEvent event = SelfEvent("step_up_failed", user, client, principal.company_id);
      event.outcome = "failure";
      event.detail = "wrong password";
      event.target_type = "session";
      event.target_id = principal.session_id;
      RETURN_IF_ERROR(store_.Write([&](Repositories& repos) {
        return audit_ != nullptr
                   ? Audit(repos, std::move(event))
                   : mfa_->Record(repos, user.id, "step_up_failed", client, "wrong password");
      }));
    }
    return MakeError(ErrorCode::kInvalidCredentials, "the password is wrong", Field::kPassword);
  }
  if (second_step && Missing(second_factor)) {
    return MakeError(ErrorCode::kMfaRequired, "a second factor is required: MFA is enabled",
                     Field::kTotpCode, Reason::kSecondFactorMissing);
  }
  const int64_t now = clock_.NowSeconds();
  std::optional<Membership> company;  // the session's active company, for the new access token
  Result<Session> stepped_up =
      store_.WriteDecision([&](Repositories& repos) -> Result<Decision<Session>> {
        if (second_step) {
          ASSIGN_OR_RETURN(auto proved, mfa_->Verify(repos, user.id, *second_factor, client,
                                                     Field::kTotpCode, now));
          if (!proved) return Decision<Session>(proved.error());
        }
        ASSIGN_OR_RETURN(Session stepped, sessions_.StepUp(repos, user, principal.session_id, now));
        ASSIGN_OR_RETURN(company, sessions_.ActiveCompany(repos, stepped));
        if (audit_ != nullptr) {
          SecurityEvent event = SelfEvent("step_up", user, client, principal.company_id);
          event.target_type = "session";
          event.target_id = principal.session_id;
          event.detail = second_step ? "pwd,otp" : "pwd";
          RETURN_IF_ERROR(Audit(repos, std::move(event)));
        } else if (mfa_ != nullptr) {
          RETURN_IF_ERROR(mfa_->Record(repos, user.id, "step_up", client));
        }
        return Decision<Session>(std::move(stepped));
      });
  if (!stepped_up && WrongCode(stepped_up.error())) {
    CountFailure(Limit::kStepUpFailuresPerSession, principal.session_id);
    CountFailure(Limit::kMfaFailuresPerAccount, user.id);
  }
  ASSIGN_OR_RETURN(Session session, std::move(stepped_up));
  ClearFailures(Limit::kStepUpFailuresPerSession, principal.session_id);
  if (second_step) ClearFailures(Limit::kMfaFailuresPerAccount, user.id);
  IssuedTokens issued = sessions_.Issue(user, session, {}, company);
  issued.refresh_expires_in = 0;
  return issued;
}

Result<User> AccountService::GetProfile(std::string_view user_id) {
  return store_.ReadValue([&](Repositories& repos) {
    return NotFoundAs(repos.users().FindById(user_id), AccountGone());
  });
}

Result<User> AccountService::UpdateProfile(std::string_view user_id, const ProfilePatch& patch) {
  std::optional<std::optional<std::string>> username = patch.username;
  if (username && *username) {
    **username = NormalizeUsername(**username);
    RETURN_IF_ERROR(ValidateUsername(**username));
  }
  if (patch.display_name) RETURN_IF_ERROR(ValidateDisplayName(*patch.display_name));
  const int64_t now = clock_.NowSeconds();
  return store_.WriteValue([&](Repositories& repos) -> Result<User> {
    ASSIGN_OR_RETURN(User user, NotFoundAs(repos.users().FindById(user_id), AccountGone()));
    if (username) user.username = *username;
    if (patch.display_name) user.display_name = *patch.display_name;
    if (patch.metadata_json) {
      RETURN_IF_ERROR(CheckCustomFieldsUnchanged(sessions_.policy().hasura, user.metadata_json,
                                                 *patch.metadata_json, /*registering=*/false));
      user.metadata_json = *patch.metadata_json;
    }
    user.updated_at = now;
    RETURN_IF_ERROR(repos.users().UpdateProfile(user));
    return user;
  });
}

Status AccountService::ChangePassword(const Principal& principal, std::string_view old_password,
                                      std::string_view new_password, const ClientInfo& client) {
  ASSIGN_OR_RETURN(User user, GetProfile(principal.user_id));
  RETURN_IF_ERROR(CheckLimit(Limit::kPasswordChangeFailuresPerAccount, user.id));
  ASSIGN_OR_RETURN(bool matches, PasswordMatches(user, old_password));
  if (!matches) {
    CountFailure(Limit::kPasswordChangeFailuresPerAccount, user.id);
    return MakeError(ErrorCode::kInvalidCredentials, "the old password is wrong",
                     Field::kOldPassword);
  }
  RETURN_IF_ERROR(ValidatePassword(new_password, user.email, Field::kNewPassword,
                                   sessions_.policy().password_min_score));
  ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(NormalizePassword(new_password)));
  const int64_t now = clock_.NowSeconds();
  ASSIGN_OR_RETURN(
      auto revoked, store_.WriteValue([&](Repositories& repos) -> Result<std::vector<std::string>> {
        RETURN_IF_ERROR(repos.users().UpdatePassword(user.id, hash, now));
        RETURN_IF_ERROR(
            Audit(repos, SelfEvent("password_changed", user, client, principal.company_id)));
        return repos.sessions().RevokeAllForUser(user.id, principal.session_id, now);
      }));
  sessions_.NoteRevoked(revoked);
  ClearFailures(Limit::kPasswordChangeFailuresPerAccount, user.id);
  return Status::Ok();
}

}  // namespace portcullis::core
