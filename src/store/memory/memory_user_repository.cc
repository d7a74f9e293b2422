// MemoryUserRepository: user rows in a MemoryState with the same semantics as the SQL backends.
// Not thread-safe: the caller holds the owning store's mutex.
#include "store/memory/memory_user_repository.h"

#include <string>
#include <vector>

namespace portcullis::store::memory {
namespace {

// Clears `field` when it names `user_id`; true when it did.
bool Forget(std::string& field, const std::string& user_id) {
  if (field != user_id) return false;
  field.clear();
  return true;
}

}  // namespace

Status MemoryUserRepository::Create(const core::User& user) {
  if (state_.users.contains(user.id)) return MakeError(ErrorCode::kConflict, "user");
  if (state_.user_id_by_email.contains(user.email)) {
    return MakeError(ErrorCode::kConflict, "the email is taken", Field::kEmail, Reason::kTaken);
  }
  if (user.username && state_.user_id_by_username.contains(*user.username)) {
    return MakeError(ErrorCode::kConflict, "the username is taken", Field::kUsername,
                     Reason::kTaken);
  }
  core::User row = user;
  row.mfa_enabled = false;  // only MfaRepository::Enable sets it
  state_.PutUser(row);
  return Status::Ok();
}

Result<core::User> MemoryUserRepository::FindById(std::string_view id) {
  auto it = state_.users.find(id);
  if (it == state_.users.end()) return MakeError(ErrorCode::kNotFound, "user");
  return it->second;
}

Result<core::User> MemoryUserRepository::FindByEmail(std::string_view normalized_email) {
  auto it = state_.user_id_by_email.find(normalized_email);
  if (it == state_.user_id_by_email.end()) return MakeError(ErrorCode::kNotFound, "user");
  return FindById(it->second);
}

Result<core::User> MemoryUserRepository::FindByUsername(std::string_view normalized_username) {
  auto it = state_.user_id_by_username.find(normalized_username);
  if (it == state_.user_id_by_username.end()) return MakeError(ErrorCode::kNotFound, "user");
  return FindById(it->second);
}

Status MemoryUserRepository::UpdateProfile(const core::User& user) {
  auto it = state_.users.find(user.id);
  if (it == state_.users.end()) return MakeError(ErrorCode::kNotFound, "user");
  if (user.username) {
    auto taken = state_.user_id_by_username.find(*user.username);
    if (taken != state_.user_id_by_username.end() && taken->second != user.id) {
      return MakeError(ErrorCode::kConflict, "the username is taken", Field::kUsername,
                       Reason::kTaken);
    }
  }
  core::User updated = it->second;
  updated.username = user.username;
  updated.display_name = user.display_name;
  updated.metadata_json = user.metadata_json;
  updated.instance_role = user.instance_role;
  updated.default_role = user.default_role;
  updated.allowed_roles = user.allowed_roles;
  updated.updated_at = user.updated_at;
  state_.PutUser(updated);
  return Status::Ok();
}

Status MemoryUserRepository::UpdatePassword(std::string_view user_id,
                                            std::string_view password_hash, int64_t now) {
  auto it = state_.users.find(user_id);
  if (it == state_.users.end()) return MakeError(ErrorCode::kNotFound, "user");
  core::User updated = it->second;
  updated.password_hash = std::string(password_hash);
  updated.password_changed_at = now;
  updated.updated_at = now;
  state_.PutUser(updated);
  return Status::Ok();
}

Result<bool> MemoryUserRepository::RehashPassword(std::string_view user_id,
                                                  std::string_view old_hash,
                                                  std::string_view new_hash) {
  auto it = state_.users.find(user_id);
  if (it == state_.users.end() || it->second.password_hash != old_hash) return false;
  core::User updated = it->second;
  updated.password_hash = std::string(new_hash);
  state_.PutUser(updated);
  return true;
}

Status MemoryUserRepository::Activate(std::string_view user_id, int64_t now) {
  auto it = state_.users.find(user_id);
  if (it == state_.users.end()) return MakeError(ErrorCode::kNotFound, "user");
  core::User updated = it->second;
  updated.active = true;
  if (updated.email_verified_at == 0) updated.email_verified_at = now;
  updated.updated_at = now;
  state_.PutUser(updated);
  return Status::Ok();
}

Status MemoryUserRepository::ChangeEmail(std::string_view user_id,
                                         std::string_view normalized_email, bool verified,
                                         int64_t now) {
  auto it = state_.users.find(user_id);
  if (it == state_.users.end()) return MakeError(ErrorCode::kNotFound, "user");
  auto taken = state_.user_id_by_email.find(normalized_email);
  if (taken != state_.user_id_by_email.end() && taken->second != user_id) {
    return MakeError(ErrorCode::kConflict, "the email is taken", Field::kEmail, Reason::kTaken);
  }
  core::User updated = it->second;
  updated.email = std::string(normalized_email);
  updated.email_verified_at = verified ? now : 0;
  updated.updated_at = now;
  state_.PutUser(updated);
  return Status::Ok();
}

Status MemoryUserRepository::Delete(std::string_view user_id) {
  if (!state_.users.contains(user_id)) return MakeError(ErrorCode::kNotFound, "user");
  const std::string id(user_id);
  // What the SQL backends' ON DELETE CASCADE removes and SET NULL clears.
  state_.EraseWhere(state_.sessions, [&](const core::Session& s) { return s.user_id == id; });
  state_.EraseWhere(state_.tickets, [&](const core::MfaTicket& t) { return t.user_id == id; });
  state_.EraseWhere(state_.one_time_tickets,
                    [&](const core::OneTimeTicket& t) { return t.user_id == id; });
  state_.Assign(state_.mfa, id, std::nullopt);
  state_.Assign(state_.recovery_codes, id, std::nullopt);
  state_.EraseWhere(state_.memberships, [&](const core::Membership& m) { return m.user_id == id; });
  state_.EraseCredentialsWhere([&](const core::Credential& c) { return c.user_id == id; });
  state_.EraseWhere(state_.identities,
                    [&](const core::LinkedIdentity& i) { return i.user_id == id; });
  state_.EraseWhere(state_.grants, [&](const core::PermissionGrant& g) {
    return g.subject.type == core::GrantSubjectType::kUser && g.subject.id == id;
  });
  state_.Assign(state_.last_company, id, std::nullopt);
  state_.UpdateWhere(state_.companies, [&](core::Company& c) { return Forget(c.created_by, id); });
  state_.UpdateWhere(state_.invites,
                     [&](core::CompanyInvite& i) { return Forget(i.invited_by, id); });
  state_.UpdateWhere(state_.credentials,
                     [&](core::Credential& c) { return Forget(c.created_by, id); });
  state_.UpdateWhere(state_.service_clients,
                     [&](core::ServiceClient& c) { return Forget(c.created_by, id); });
  state_.EraseUser(id);
  return Status::Ok();
}

Result<int64_t> MemoryUserRepository::Count() { return static_cast<int64_t>(state_.users.size()); }

Status MemoryUserRepository::SetDisabled(std::string_view user_id, int64_t at, int64_t now) {
  auto it = state_.users.find(user_id);
  if (it == state_.users.end()) return MakeError(ErrorCode::kNotFound, "user");
  core::User updated = it->second;
  updated.disabled_at = at;
  updated.updated_at = now;
  state_.PutUser(updated);
  return Status::Ok();
}

Status MemoryUserRepository::SetEmailVerified(std::string_view user_id, int64_t at, int64_t now) {
  auto it = state_.users.find(user_id);
  if (it == state_.users.end()) return MakeError(ErrorCode::kNotFound, "user");
  core::User updated = it->second;
  updated.email_verified_at = at;
  updated.updated_at = now;
  state_.PutUser(updated);
  return Status::Ok();
}

Result<std::vector<core::User>> MemoryUserRepository::Search(const core::UserSearch& search) {
  const auto starts = [&](std::string_view text) { return text.starts_with(search.prefix); };
  std::vector<core::User> page;
  for (auto it = state_.users.upper_bound(search.after_id);
       it != state_.users.end() && static_cast<int64_t>(page.size()) < search.limit; ++it) {
    const core::User& user = it->second;
    if (starts(user.id) || starts(user.email) || (user.username && starts(*user.username))) {
      page.push_back(user);
    }
  }
  return page;
}

}  // namespace portcullis::store::memory
