// Registration, login, profile and password changes over the Store and the PasswordHasher.
// Thread-safe. Password hashing always happens outside any Read or Write.
#include "core/account_service.h"

#include <utility>
#include <vector>

#include "common/status_macros.h"
#include "common/uuid.h"
#include "core/identity_rules.h"

namespace portcullis::core {
namespace {

Error BadCredentials() {
  return MakeError(ErrorCode::kInvalidCredentials, "the email, username or password is wrong");
}

Error AccountGone() {
  return MakeError(ErrorCode::kTokenInvalid, "the account no longer exists", Reason::kAccountGone);
}

bool Missing(const std::optional<std::string>& second_factor) {
  return !second_factor || second_factor->empty();
}

}  // namespace

AccountService::AccountService(Store& store, PasswordHasher& hasher, SessionService& sessions,
                               Random& random, const Clock& clock, MfaService* mfa)
    : store_(store),
      hasher_(hasher),
      sessions_(sessions),
      random_(random),
      clock_(clock),
      mfa_(mfa),
      decoy_hash_(hasher.DecoyHash()) {}

Result<User> AccountService::NewUser(const Registration& registration) {
  User user;
  user.email = NormalizeEmail(registration.email);
  RETURN_IF_ERROR(ValidateEmail(user.email));
  if (registration.username) {
    user.username = NormalizeUsername(*registration.username);
    RETURN_IF_ERROR(ValidateUsername(*user.username));
  }
  RETURN_IF_ERROR(ValidateDisplayName(registration.display_name));
  RETURN_IF_ERROR(ValidatePassword(registration.password, user.email));
  ASSIGN_OR_RETURN(user.password_hash, hasher_.Hash(registration.password));
  const int64_t now = clock_.NowSeconds();
  user.id = NewUuidV4(random_);
  user.display_name = registration.display_name;
  user.metadata_json = registration.metadata_json;
  user.role = registration.role;
  user.created_at = now;
  user.updated_at = now;
  user.password_changed_at = now;
  return user;
}

Result<IssuedTokens> AccountService::Register(const Registration& registration,
                                              const ClientInfo& client) {
  ASSIGN_OR_RETURN(User user, NewUser(registration));
  ASSIGN_OR_RETURN(NewSession fresh, sessions_.Prepare(user, "pwd", client));
  RETURN_IF_ERROR(store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(repos.users().Create(user));
    return repos.sessions().Create(fresh.session);
  }));
  return sessions_.Issue(user, fresh.session, std::move(fresh.refresh_plaintext));
}

Result<User> AccountService::CreateUser(const Registration& registration) {
  ASSIGN_OR_RETURN(User user, NewUser(registration));
  RETURN_IF_ERROR(store_.Write([&](Repositories& repos) { return repos.users().Create(user); }));
  return user;
}

Result<bool> AccountService::PasswordMatches(const User& user, std::string_view password) {
  const bool has_hash = !user.password_hash.empty();
  ASSIGN_OR_RETURN(bool matches,
                   hasher_.Verify(password, has_hash ? user.password_hash : decoy_hash_));
  return has_hash && matches;
}

Result<AccountService::ProvenPassword> AccountService::VerifyPassword(
    const Credentials& credentials) {
  if (credentials.password.size() > kMaxPasswordBytes) return BadCredentials();
  auto found = store_.ReadValue([&](Repositories& repos) {
    return credentials.email.empty()
               ? repos.users().FindByUsername(NormalizeUsername(credentials.username))
               : repos.users().FindByEmail(NormalizeEmail(credentials.email));
  });
  if (!found && found.error().code != ErrorCode::kNotFound) return found.error();
  // Unknown accounts and accounts without a password cost the same hashing work as a wrong one.
  const bool known = found && !found->password_hash.empty();
  ASSIGN_OR_RETURN(bool matches, hasher_.Verify(credentials.password,
                                                known ? found->password_hash : decoy_hash_));
  if (!known || !matches) return BadCredentials();
  ProvenPassword proven{std::move(found).value(), std::nullopt};
  // Only a hash at an older cost is recomputed; an overloaded hasher leaves it to a later login.
  if (hasher_.NeedsRehash(proven.user.password_hash)) {
    if (auto upgraded = hasher_.Hash(credentials.password)) {
      proven.upgraded_hash = std::move(upgraded).value();
    }
  }
  return proven;
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

Result<LoginOutcome> AccountService::Login(const Credentials& credentials,
                                           const ClientInfo& client) {
  ASSIGN_OR_RETURN(ProvenPassword proven, VerifyPassword(credentials));
  const User& user = proven.user;
  const int64_t now = clock_.NowSeconds();
  const bool second_step = mfa_ != nullptr && user.mfa_enabled;
  if (second_step && Missing(credentials.second_factor)) {
    ASSIGN_OR_RETURN(MfaChallenge challenge,
                     store_.WriteValue([&](Repositories& repos) -> Result<MfaChallenge> {
                       RETURN_IF_ERROR(SaveUpgradedHash(repos, proven));
                       return mfa_->IssueTicket(repos, user.id, now);
                     }));
    return LoginOutcome(std::move(challenge));
  }
  ASSIGN_OR_RETURN(NewSession fresh, sessions_.Prepare(user, "pwd", client));
  ASSIGN_OR_RETURN(
      Session session, store_.WriteDecision([&](Repositories& repos) -> Result<Decision<Session>> {
        if (second_step) {
          ASSIGN_OR_RETURN(auto proved, mfa_->Verify(repos, user.id, *credentials.second_factor,
                                                     client, Field::kTotpCode, now));
          if (!proved) return Decision<Session>(proved.error());
          fresh.session.amr = "pwd," + proved->method;
        }
        RETURN_IF_ERROR(SaveUpgradedHash(repos, proven));
        RETURN_IF_ERROR(repos.sessions().Create(fresh.session));
        return Decision<Session>(fresh.session);
      }));
  return LoginOutcome(sessions_.Issue(user, session, std::move(fresh.refresh_plaintext)));
}

Result<IssuedTokens> AccountService::LoginWithTicket(std::string_view ticket, std::string_view code,
                                                     const ClientInfo& client) {
  if (mfa_ == nullptr) return MakeError(ErrorCode::kNotFound, "MFA is not available");
  const int64_t now = clock_.NowSeconds();
  struct Opened {
    User user;
    NewSession fresh;
  };
  ASSIGN_OR_RETURN(
      Opened opened, store_.WriteDecision([&](Repositories& repos) -> Result<Decision<Opened>> {
        ASSIGN_OR_RETURN(auto proved, mfa_->RedeemTicket(repos, ticket, code, client, now));
        if (!proved) return Decision<Opened>(proved.error());
        ASSIGN_OR_RETURN(User user,
                         NotFoundAs(repos.users().FindById(proved->user_id), BadCredentials()));
        ASSIGN_OR_RETURN(NewSession fresh,
                         sessions_.Prepare(user, "pwd," + proved->method, client));
        RETURN_IF_ERROR(repos.sessions().Create(fresh.session));
        return Decision<Opened>(Opened{std::move(user), std::move(fresh)});
      }));
  return sessions_.Issue(opened.user, opened.fresh.session,
                         std::move(opened.fresh.refresh_plaintext));
}

Result<IssuedTokens> AccountService::StepUp(const Principal& principal, std::string_view password,
                                            const std::optional<std::string>& second_factor,
                                            const ClientInfo& client) {
  ASSIGN_OR_RETURN(User user, GetProfile(principal.user_id));
  ASSIGN_OR_RETURN(bool matches, PasswordMatches(user, password));
  if (!matches) {
    if (mfa_ != nullptr) {
      RETURN_IF_ERROR(store_.Write([&](Repositories& repos) {
        return mfa_->Record(repos, user.id, "step_up_failed", client, "wrong password");
      }));
    }
    return MakeError(ErrorCode::kInvalidCredentials, "the password is wrong", Field::kPassword);
  }
  const bool second_step = mfa_ != nullptr && user.mfa_enabled;
  if (second_step && Missing(second_factor)) {
    return MakeError(ErrorCode::kMfaRequired, "a second factor is required: MFA is enabled",
                     Field::kTotpCode, Reason::kSecondFactorMissing);
  }
  const int64_t now = clock_.NowSeconds();
  ASSIGN_OR_RETURN(
      Session session, store_.WriteDecision([&](Repositories& repos) -> Result<Decision<Session>> {
        if (second_step) {
          ASSIGN_OR_RETURN(auto proved, mfa_->Verify(repos, user.id, *second_factor, client,
                                                     Field::kTotpCode, now));
          if (!proved) return Decision<Session>(proved.error());
        }
        ASSIGN_OR_RETURN(Session stepped, sessions_.StepUp(repos, user, principal.session_id, now));
        if (mfa_ != nullptr) {
          RETURN_IF_ERROR(mfa_->Record(repos, user.id, "step_up", client));
        }
        return Decision<Session>(std::move(stepped));
      }));
  IssuedTokens issued = sessions_.Issue(user, session, {});
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
    if (patch.metadata_json) user.metadata_json = *patch.metadata_json;
    user.updated_at = now;
    RETURN_IF_ERROR(repos.users().UpdateProfile(user));
    return user;
  });
}

Status AccountService::ChangePassword(const Principal& principal, std::string_view old_password,
                                      std::string_view new_password) {
  ASSIGN_OR_RETURN(User user, GetProfile(principal.user_id));
  ASSIGN_OR_RETURN(bool matches, PasswordMatches(user, old_password));
  if (!matches) {
    return MakeError(ErrorCode::kInvalidCredentials, "the old password is wrong",
                     Field::kOldPassword);
  }
  RETURN_IF_ERROR(ValidatePassword(new_password, user.email, Field::kNewPassword));
  ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(new_password));
  const int64_t now = clock_.NowSeconds();
  ASSIGN_OR_RETURN(auto revoked,
                   store_.WriteValue([&](Repositories& repos) -> Result<std::vector<std::string>> {
                     RETURN_IF_ERROR(repos.users().UpdatePassword(user.id, hash, now));
                     return repos.sessions().RevokeAllForUser(user.id, principal.session_id, now);
                   }));
  sessions_.NoteRevoked(revoked);
  return Status::Ok();
}

}  // namespace portcullis::core
