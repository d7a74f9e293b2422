// UserRepository: the port for accounts. Implemented by store/{memory,sqlite,...}; its behaviour is
// defined by store/conformance/user_conformance.cc. Bound to one transaction; not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "core/user.h"

namespace portcullis::core {

// A page of the admin API's user search.
struct UserSearch {
  std::string prefix;    // lower-cased; matches the start of the email, the username or the id
  std::string after_id;  // the cursor: the last id of the previous page ("" for the first)
  int64_t limit = 50;
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  // kConflict with field kEmail or kUsername and reason kTaken when either is taken.
  virtual Status Create(const User& user) = 0;
  // kNotFound when absent.
  virtual Result<User> FindById(std::string_view id) = 0;
  virtual Result<User> FindByEmail(std::string_view normalized_email) = 0;
  virtual Result<User> FindByUsername(std::string_view normalized_username) = 0;
  // Writes username, display_name, metadata_json, instance_role, default_role, allowed_roles and
  // updated_at. kConflict (kUsername, kTaken) on a taken username.
  virtual Status UpdateProfile(const User& user) = 0;
  // A new password: sets password_hash, password_changed_at and updated_at to `now`.
  virtual Status UpdatePassword(std::string_view user_id, std::string_view password_hash,
                                int64_t now) = 0;
  // The same password at a new cost: replaces the hash only while it is still `old_hash` (a
  // concurrent password change wins); touches no timestamp. True when replaced.
  virtual Result<bool> RehashPassword(std::string_view user_id, std::string_view old_hash,
                                      std::string_view new_hash) = 0;
  // Marks the account active and, when it was not yet, its email verified at `now` (the user
  // proved the address by using a mailed ticket); updated_at = `now`. kNotFound when absent.
  virtual Status Activate(std::string_view user_id, int64_t now) = 0;
  // A new address: email, email_verified_at (`now` when `verified`, else 0) and updated_at.
  // kConflict (kEmail, kTaken) when another account has it; kNotFound when absent.
  virtual Status ChangeEmail(std::string_view user_id, std::string_view normalized_email,
                             bool verified, int64_t now) = 0;
  // Deletes the account with its sessions, MFA factor, recovery codes, MFA and one-time tickets,
  // company memberships, personal tokens, linked identities and the grants naming it; the
  // companies, invites and API keys it created stay (their created_by / invited_by become empty);
  // security events stay (they name the user id only). kNotFound when absent.
  virtual Status Delete(std::string_view user_id) = 0;
  virtual Result<int64_t> Count() = 0;

  // The admin API's writes (an instance admin's decisions). kNotFound when absent.
  // disabled_at = `at` (0 enables the account again); updated_at = `now`.
  virtual Status SetDisabled(std::string_view user_id, int64_t at, int64_t now) = 0;
  // email_verified_at = `at` (0: not verified); updated_at = `now`.
  virtual Status SetEmailVerified(std::string_view user_id, int64_t at, int64_t now) = 0;
  // One page of accounts ordered by id: those whose id is greater than search.after_id and whose
  // email, username or id starts with search.prefix (lower-case; "" matches all), at most
  // search.limit. Stable under concurrent registrations: a page never repeats an account.
  virtual Result<std::vector<User>> Search(const UserSearch& search) = 0;
};

}  // namespace portcullis::core
