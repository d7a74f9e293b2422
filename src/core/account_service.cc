// Registration, login, profile and password changes over the Store and the PasswordHasher.
// Thread-safe.
#include "core/account_service.h"

#include "common/uuid.h"
#include "core/identity_rules.h"

namespace portcullis::core {
namespace {

Error BadCredentials() {
  return MakeError(ErrorCode::kInvalidCredentials, "the email, username or password is wrong");
}

// Repositories name the taken member in the detail of kConflict; say it to people and to clients.
Error Explained(Error error) {
  if (error.code == ErrorCode::kConflict &&
      (error.detail == "email" || error.detail == "username")) {
    error.field = error.detail;
    error.detail = "this " + error.field + " is already taken";
  }
  return error;
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
  if (Status s = ValidateEmail(user.email); !s) return s.error();
  if (registration.username) {
    user.username = NormalizeUsername(*registration.username);
    if (Status s = ValidateUsername(*user.username); !s) return s.error();
  }
  if (Status s = ValidateDisplayName(registration.display_name); !s) return s.error();
  if (Status s = ValidatePassword(registration.password, user.email); !s) return s.error();
  auto hash = hasher_.Hash(registration.password);
  if (!hash) return hash.error();
  const int64_t now = clock_.NowSeconds();
  user.id = NewUuidV4(random_);
  user.display_name = registration.display_name;
  user.metadata_json = registration.metadata_json;
  user.role = registration.role;
  user.password_hash = std::move(*hash);
  user.created_at = now;
  user.updated_at = now;
  user.password_changed_at = now;
  return user;
}

Result<IssuedTokens> AccountService::Register(const Registration& registration,
                                              const ClientInfo& client) {
  auto user = NewUser(registration);
  if (!user) return user.error();
  NewSession fresh = sessions_.Prepare(*user, "pwd", client);
  Status stored = store_.Transact([&](Repositories& repos) -> Status {
    if (Status s = repos.users().Create(*user); !s) return s;
    return repos.sessions().Create(fresh.session, fresh.token);
  });
  if (!stored) return Explained(stored.error());
  return sessions_.Issue(*user, fresh.session, std::move(fresh.refresh_plaintext));
}

Result<User> AccountService::CreateUser(const Registration& registration) {
  auto user = NewUser(registration);
  if (!user) return user.error();
  if (Status s = store_.users().Create(*user); !s) return Explained(s.error());
  return user;
}

Result<User> AccountService::VerifyPassword(const Credentials& credentials) {
  if (credentials.password.size() > kMaxPasswordBytes) return BadCredentials();
  auto user = credentials.email.empty()
                  ? store_.users().FindByUsername(NormalizeUsername(credentials.username))
                  : store_.users().FindByEmail(NormalizeEmail(credentials.email));
  if (!user && user.error().code != ErrorCode::kNotFound) return user.error();
  // Unknown accounts and accounts without a password cost the same hashing work as a wrong one.
  const bool known = user && !user->password_hash.empty();
  auto matches = hasher_.Verify(credentials.password, known ? user->password_hash : decoy_hash_);
  if (!matches) return matches.error();
  if (!known || !*matches) return BadCredentials();
  return user;
}

Result<IssuedTokens> AccountService::Login(const Credentials& credentials,
                                           const ClientInfo& client) {
  auto user = VerifyPassword(credentials);
  if (!user) return user.error();
  if (mfa_ == nullptr || !user->mfa_enabled) return sessions_.Open(*user, "pwd", client);
  if (!credentials.second_factor || credentials.second_factor->empty()) {
    auto ticket = mfa_->IssueTicket(user->id);
    if (!ticket) return ticket.error();
    Error error = MakeError(ErrorCode::kMfaRequired,
                            "a second factor is required: send totp_code, or POST the mfa_ticket "
                            "with a code to /v1/auth/mfa/totp");
    error.extra.emplace_back("mfa_ticket", std::move(*ticket));
    return error;
  }
  auto proved = mfa_->Verify(user->id, *credentials.second_factor, client);
  if (!proved) {
    Error error = proved.error();
    if (error.code == ErrorCode::kInvalidCredentials) error.field = "totp_code";
    return error;
  }
  return sessions_.Open(*user, "pwd," + proved->method, client);
}

Result<IssuedTokens> AccountService::LoginWithTicket(std::string_view ticket, std::string_view code,
                                                     const ClientInfo& client) {
  if (mfa_ == nullptr) return MakeError(ErrorCode::kNotFound, "MFA is not available");
  auto proved = mfa_->RedeemTicket(ticket, code, client);
  if (!proved) return proved.error();
  auto user = store_.users().FindById(proved->user_id);
  if (!user) return BadCredentials();
  return sessions_.Open(*user, "pwd," + proved->method, client);
}

Result<IssuedTokens> AccountService::StepUp(const Principal& principal, std::string_view password,
                                            const std::optional<std::string>& second_factor,
                                            const ClientInfo& client) {
  auto user = GetProfile(principal.user_id);
  if (!user) return user.error();
  auto matches =
      hasher_.Verify(password, user->password_hash.empty() ? decoy_hash_ : user->password_hash);
  if (!matches) return matches.error();
  if (user->password_hash.empty() || !*matches) {
    if (mfa_ != nullptr) mfa_->Record(user->id, "step_up_failed", client, "wrong password");
    return MakeError(ErrorCode::kInvalidCredentials, "the password is wrong", "password");
  }
  if (mfa_ != nullptr && user->mfa_enabled) {
    if (!second_factor || second_factor->empty()) {
      return MakeError(ErrorCode::kMfaRequired, "totp_code is required: MFA is enabled",
                       "totp_code");
    }
    auto proved = mfa_->Verify(user->id, *second_factor, client);
    if (!proved) {
      Error error = proved.error();
      if (error.code == ErrorCode::kInvalidCredentials) error.field = "totp_code";
      return error;
    }
  }
  auto issued = sessions_.StepUp(*user, principal.session_id);
  if (!issued) return issued.error();
  if (mfa_ != nullptr) mfa_->Record(user->id, "step_up", client);
  return issued;
}

Result<User> AccountService::GetProfile(std::string_view user_id) {
  auto user = store_.users().FindById(user_id);
  if (!user && user.error().code == ErrorCode::kNotFound) {
    return MakeError(ErrorCode::kTokenInvalid, "the account no longer exists");
  }
  return user;
}

Result<User> AccountService::UpdateProfile(std::string_view user_id, const ProfilePatch& patch) {
  auto user = GetProfile(user_id);
  if (!user) return user.error();
  if (patch.username) {
    user->username = *patch.username;
    if (user->username) {
      user->username = NormalizeUsername(*user->username);
      if (Status s = ValidateUsername(*user->username); !s) return s.error();
    }
  }
  if (patch.display_name) {
    if (Status s = ValidateDisplayName(*patch.display_name); !s) return s.error();
    user->display_name = *patch.display_name;
  }
  if (patch.metadata_json) user->metadata_json = *patch.metadata_json;
  user->updated_at = clock_.NowSeconds();
  if (Status s = store_.users().UpdateProfile(*user); !s) return Explained(s.error());
  return user;
}

Status AccountService::ChangePassword(const Principal& principal, std::string_view old_password,
                                      std::string_view new_password) {
  auto user = GetProfile(principal.user_id);
  if (!user) return user.error();
  auto matches =
      hasher_.Verify(old_password, user->password_hash.empty() ? decoy_hash_ : user->password_hash);
  if (!matches) return matches.error();
  if (user->password_hash.empty() || !*matches) {
    return MakeError(ErrorCode::kInvalidCredentials, "the old password is wrong", "old_password");
  }
  if (Status s = ValidatePassword(new_password, user->email, "new_password"); !s) return s;
  auto hash = hasher_.Hash(new_password);
  if (!hash) return hash.error();
  const int64_t now = clock_.NowSeconds();
  std::vector<std::string> revoked;
  Status stored = store_.Transact([&](Repositories& repos) -> Status {
    if (Status s = repos.users().UpdatePassword(user->id, *hash, now); !s) return s;
    auto ids = repos.sessions().RevokeAllForUser(user->id, principal.session_id, now);
    if (!ids) return ids.error();
    revoked = std::move(*ids);
    return Status::Ok();
  });
  if (!stored) return stored;
  sessions_.NoteRevoked(revoked);
  return Status::Ok();
}

}  // namespace portcullis::core
