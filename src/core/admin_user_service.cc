// AdminUserService: the admin API's and the command line's account operations, each one Read or
// one Write that authorizes, acts and audits. Thread-safe: no state beyond its collaborators.
#include "core/admin_user_service.h"

#include <utility>

#include "common/status_macros.h"
#include "core/company_succession.h"
#include "core/identity_rules.h"

namespace portcullis::core {
namespace {

Error NoSuchUser() { return MakeError(ErrorCode::kNotFound, "no such user"); }

Error LastAdmin() {
  return MakeError(ErrorCode::kConflict, "no other enabled instance admin would remain",
                   Reason::kLastInstanceAdmin);
}

bool IsEnabledAdmin(const User& user) {
  return user.instance_role == "admin" && user.disabled_at == 0;
}

Result<User> FindUser(Repositories& repos, std::string_view user_id) {
  return NotFoundAs(repos.users().FindById(user_id), NoSuchUser());
}

}  // namespace

Error AdminUserService::Refused(const AdminCaller& caller, std::string_view type, Error error) {
  if (error.code == ErrorCode::kForbidden) audit_.RecordLater(RefusedAdminEvent(type, caller));
  return error;
}

Status AdminUserService::KeepAnAdmin(Repositories& repos, const AdminCaller& caller,
                                     const User& target) {
  if (!IsEnabledAdmin(target)) return Status::Ok();
  // Through the API the caller is an enabled admin other than the target (checked in this same
  // Write), so one remains; the command line looks for another one.
  if (caller.principal != nullptr) return Status::Ok();
  UserSearch page;
  page.limit = kAdminPageMax;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<User> users, repos.users().Search(page));
    for (const User& user : users) {
      if (user.id != target.id && IsEnabledAdmin(user)) return Status::Ok();
    }
    if (static_cast<int64_t>(users.size()) < page.limit) return LastAdmin();
    page.after_id = users.back().id;
  }
}

Status AdminUserService::RevokeAll(Repositories& repos, std::string_view user_id, int64_t now,
                                   std::vector<std::string>& revoked) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   repos.sessions().RevokeAllForUser(user_id, "", now));
  revoked.insert(revoked.end(), ids.begin(), ids.end());
  return Status::Ok();
}

Result<AdminUserPage> AdminUserService::Search(const AdminCaller& caller, std::string_view query,
                                               std::string_view after_id, int64_t limit) {
  if (limit < 1 || limit > kAdminPageMax) {
    return MakeError(ErrorCode::kInvalidRequest, "limit must be 1 to 200");
  }
  UserSearch search{LowerAscii(query), std::string(after_id),
                    limit + 1};  // one more: is there a next?
  AdminUserPage page;
  Status read = store_.Read([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(RequireAdmin(repos, authorizer_, caller));
    ASSIGN_OR_RETURN(page.users, repos.users().Search(search));
    return Status::Ok();
  });
  if (!read) return Refused(caller, "admin_users_searched", read.error());
  if (static_cast<int64_t>(page.users.size()) > limit) {
    page.users.resize(static_cast<std::size_t>(limit));
    page.next_after_id = page.users.back().id;
  }
  SecurityEvent event = AdminEvent("admin_users_searched", caller, "user", "");
  event.detail = "query \"" + search.prefix.substr(0, 64) + "\"";
  audit_.RecordLater(std::move(event));
  return page;
}

Result<AdminUserDetails> AdminUserService::Get(const AdminCaller& caller,
                                               std::string_view user_id) {
  const int64_t now = clock_.NowSeconds();
  AdminUserDetails details;
  Status read = store_.Read([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(RequireAdmin(repos, authorizer_, caller));
    ASSIGN_OR_RETURN(details.user, FindUser(repos, user_id));
    ASSIGN_OR_RETURN(details.companies, repos.companies().ListForUser(user_id));
    ASSIGN_OR_RETURN(auto sessions, repos.sessions().ListActive(user_id, now));
    details.active_sessions = static_cast<int64_t>(sessions.size());
    return Status::Ok();
  });
  if (!read) return Refused(caller, "admin_user_viewed", read.error());
  SecurityEvent event = AdminEvent("admin_user_viewed", caller, "user", details.user.id);
  event.user_id = details.user.id;
  audit_.RecordLater(std::move(event));
  return details;
}

Result<User> AdminUserService::Update(const AdminCaller& caller, std::string_view user_id,
                                      const AdminUserPatch& patch) {
  if (patch.instance_role && *patch.instance_role != "admin" && *patch.instance_role != "user") {
    return MakeError(ErrorCode::kInvalidRequest, "an instance role is admin or user");
  }
  const int64_t now = clock_.NowSeconds();
  std::vector<std::string> revoked;
  User updated;
  Status written = store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(RequireAdmin(repos, authorizer_, caller));
    ASSIGN_OR_RETURN(User user, FindUser(repos, user_id));
    const bool self = user.id == caller.user_id();
    const bool disabling = patch.disabled.value_or(false) && user.disabled_at == 0;
    const bool enabling = patch.disabled && !*patch.disabled && user.disabled_at != 0;
    const bool role_changes = patch.instance_role && *patch.instance_role != user.instance_role;
    const bool demoting = role_changes && *patch.instance_role == "user";
    if (self && (disabling || demoting)) {
      return MakeError(ErrorCode::kConflict, "an admin cannot disable or demote their own account");
    }
    if (disabling || demoting) RETURN_IF_ERROR(KeepAnAdmin(repos, caller, user));
    const auto record = [&](std::string_view type, std::string detail) -> Status {
      SecurityEvent event = AdminEvent(type, caller, "user", user.id);
      event.user_id = user.id;
      event.detail = std::move(detail);
      return audit_.Record(repos, std::move(event));
    };
    if (disabling || enabling) {
      RETURN_IF_ERROR(repos.users().SetDisabled(user.id, disabling ? now : 0, now));
    }
    if (disabling) {
      RETURN_IF_ERROR(RevokeAll(repos, user.id, now, revoked));
      RETURN_IF_ERROR(
          record("admin_user_disabled", std::to_string(revoked.size()) + " sessions revoked"));
    }
    if (enabling) RETURN_IF_ERROR(record("admin_user_enabled", ""));
    if (role_changes) {
      User changed = user;
      changed.instance_role = *patch.instance_role;
      changed.updated_at = now;
      RETURN_IF_ERROR(repos.users().UpdateProfile(changed));
      RETURN_IF_ERROR(record("admin_instance_role_changed",
                             user.instance_role + " -> " + *patch.instance_role));
    }
    if (patch.email_verified && *patch.email_verified != (user.email_verified_at != 0)) {
      RETURN_IF_ERROR(
          repos.users().SetEmailVerified(user.id, *patch.email_verified ? now : 0, now));
      RETURN_IF_ERROR(
          record(*patch.email_verified ? "admin_email_verified" : "admin_email_unverified", ""));
    }
    ASSIGN_OR_RETURN(updated, FindUser(repos, user.id));
    return Status::Ok();
  });
  if (!written) return Refused(caller, "admin_user_updated", written.error());
  sessions_.NoteRevoked(revoked);
  return updated;
}

Status AdminUserService::Delete(const AdminCaller& caller, std::string_view user_id) {
  const int64_t now = clock_.NowSeconds();
  std::vector<std::string> revoked;
  Status written = store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(RequireAdmin(repos, authorizer_, caller));
    ASSIGN_OR_RETURN(User user, FindUser(repos, user_id));
    if (user.id == caller.user_id()) {
      return MakeError(ErrorCode::kConflict,
                       "an admin cannot delete their own account here (DELETE /v1/me does)");
    }
    RETURN_IF_ERROR(KeepAnAdmin(repos, caller, user));
    // As a self-deletion does (AccountDeletionService): the sessions first, for their ids; no
    // company is left without an owner; the event names the user id only.
    RETURN_IF_ERROR(RevokeAll(repos, user.id, now, revoked));
    SecurityEvent event = AdminEvent("admin_user_deleted", caller, "user", user.id);
    event.user_id = user.id;
    RETURN_IF_ERROR(audit_.Record(repos, std::move(event)));
    RETURN_IF_ERROR(HandOverCompanies(repos, user.id, now));
    return repos.users().Delete(user.id);
  });
  if (!written) return Refused(caller, "admin_user_deleted", written.error());
  sessions_.NoteRevoked(revoked);
  return Status::Ok();
}

Status AdminUserService::ResetMfa(const AdminCaller& caller, std::string_view user_id) {
  const int64_t now = clock_.NowSeconds();
  std::vector<std::string> revoked;
  Status written = store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(RequireAdmin(repos, authorizer_, caller));
    ASSIGN_OR_RETURN(User user, FindUser(repos, user_id));
    RETURN_IF_ERROR(repos.mfa().Disable(user.id));
    RETURN_IF_ERROR(RevokeAll(repos, user.id, now, revoked));
    SecurityEvent event = AdminEvent("admin_mfa_reset", caller, "user", user.id);
    event.user_id = user.id;
    event.detail = std::string(user.mfa_enabled ? "factor removed" : "no factor was enabled") +
                   ", " + std::to_string(revoked.size()) + " sessions revoked";
    return audit_.Record(repos, std::move(event));
  });
  if (!written) return Refused(caller, "admin_mfa_reset", written.error());
  sessions_.NoteRevoked(revoked);
  return Status::Ok();
}

Result<int64_t> AdminUserService::RevokeSessions(const AdminCaller& caller,
                                                 std::string_view user_id) {
  const int64_t now = clock_.NowSeconds();
  std::vector<std::string> revoked;
  Status written = store_.Write([&](Repositories& repos) -> Status {
    RETURN_IF_ERROR(RequireAdmin(repos, authorizer_, caller));
    ASSIGN_OR_RETURN(User user, FindUser(repos, user_id));
    RETURN_IF_ERROR(RevokeAll(repos, user.id, now, revoked));
    SecurityEvent event = AdminEvent("admin_sessions_revoked", caller, "user", user.id);
    event.user_id = user.id;
    event.detail = std::to_string(revoked.size()) + " sessions revoked";
    return audit_.Record(repos, std::move(event));
  });
  if (!written) return Refused(caller, "admin_sessions_revoked", written.error());
  sessions_.NoteRevoked(revoked);
  return static_cast<int64_t>(revoked.size());
}

Result<std::string> AdminUserService::Resolve(std::string_view id_or_email) {
  const bool email = id_or_email.find('@') != std::string_view::npos;
  std::string key(id_or_email);
  if (email) {
    ASSIGN_OR_RETURN(key, NormalizeEmail(id_or_email));
  }
  ASSIGN_OR_RETURN(User user, store_.ReadValue([&](Repositories& repos) {
    return NotFoundAs(email ? repos.users().FindByEmail(key) : repos.users().FindById(key),
                      NoSuchUser());
  }));
  return user.id;
}

}  // namespace portcullis::core
