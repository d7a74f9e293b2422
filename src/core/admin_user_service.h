// AdminUserService: what an instance admin (the admin API) or the operator (the command line) may
// do to any account — search, read, disable and enable, change the instance role and the email's
// verified mark, delete, reset MFA, revoke every session. Every call is authorized by the
// Authorizer (RequireInstanceAdmin) inside its own Read or Write and audited: a write's event
// joins that Write, a read's is recorded later. Thread-safe; holds no per-call state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "core/admin_caller.h"
#include "core/audit_trail.h"
#include "core/authorizer.h"
#include "core/company.h"
#include "core/ports/store.h"
#include "core/session_service.h"
#include "core/user.h"

namespace portcullis::core {

struct AdminUserPage {
  std::vector<User> users;
  std::string next_after_id;  // the last id of this page when there may be more; empty: the end
};

// One account as an admin sees it.
struct AdminUserDetails {
  User user;
  std::vector<CompanyOfUser> companies;  // its memberships, oldest first
  int64_t active_sessions = 0;
};

// A partial change; absent members stay as they are.
struct AdminUserPatch {
  std::optional<bool> disabled;
  std::optional<std::string> instance_role;  // "admin" | "user"
  std::optional<bool> email_verified;
};

class AdminUserService {
 public:
  // Every collaborator must outlive the service.
  AdminUserService(Store& store, SessionService& sessions, AuditTrail& audit,
                   const Authorizer& authorizer, const Clock& clock)
      : store_(store), sessions_(sessions), audit_(audit), authorizer_(authorizer), clock_(clock) {}

  // Accounts whose email, username or id starts with `query` (case-insensitive; "" all), ordered
  // by id, after `after_id`, at most `limit` (1..kAdminPageMax).
  Result<AdminUserPage> Search(const AdminCaller& caller, std::string_view query,
                               std::string_view after_id, int64_t limit);
  // kNotFound when absent.
  Result<AdminUserDetails> Get(const AdminCaller& caller, std::string_view user_id);
  // Applies `patch` in one Write and returns the account as it is then. Disabling revokes every
  // session of the account in the same commit (and in the revocation list once it is durable).
  // kConflict when an admin disables or demotes their own account; kConflict (kLastInstanceAdmin)
  // when no other enabled instance admin would remain; kInvalidRequest for a role
  // that is neither "admin" nor "user".
  Result<User> Update(const AdminCaller& caller, std::string_view user_id,
                      const AdminUserPatch& patch);
  // Deletes the account as its own deletion does (sessions revoked, companies handed over:
  // core/company_succession.h). kConflict for the admin's own account or the last instance admin.
  Status Delete(const AdminCaller& caller, std::string_view user_id);
  // Turns MFA off (the factor and the recovery codes go) and revokes every session: whoever held
  // the old factor is signed out, and the owner signs in again with the password alone.
  Status ResetMfa(const AdminCaller& caller, std::string_view user_id);
  // Revokes every session of the account; returns how many were live.
  Result<int64_t> RevokeSessions(const AdminCaller& caller, std::string_view user_id);

  // Resolves an id or an email address (the command line's `<id|email>`): the account's id.
  Result<std::string> Resolve(std::string_view id_or_email);

 private:
  // Inside a Write: kConflict unless taking the admin role away from `target` (disabling,
  // demoting or deleting it) leaves an enabled instance admin other than `target`.
  Status KeepAnAdmin(Repositories& repos, const AdminCaller& caller, const User& target);
  // Inside a Write: every session of `user_id` revoked, their ids appended to `revoked`.
  Status RevokeAll(Repositories& repos, std::string_view user_id, int64_t now,
                   std::vector<std::string>& revoked);
  // A refused call leaves a failure event; other errors pass as they are.
  Error Refused(const AdminCaller& caller, std::string_view type, Error error);

  Store& store_;
  SessionService& sessions_;
  AuditTrail& audit_;
  const Authorizer& authorizer_;
  const Clock& clock_;
};

}  // namespace portcullis::core
