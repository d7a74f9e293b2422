// PostgresUserRepository: user rows over one connection; single statements, so each call is
// atomic; calls that may hit a unique constraint (insert, profile, email) run in a savepoint.
// Not thread-safe: the connection's thread only.
#include "store/postgres/user_repository.h"

#include "common/status_macros.h"
#include "core/hasura_json.h"
#include "store/like_prefix.h"
#include "store/postgres/sql.h"

namespace portcullis::store::postgres {
namespace {

// Reads row `r` in the column order of sql::kSelectUser*.
core::User ReadUser(const Rows& rows, int r = 0) {
  core::User user;
  user.id = rows.Text(r, 0);
  user.email = rows.Text(r, 1);
  user.username = rows.OptionalText(r, 2);
  user.display_name = rows.Text(r, 3);
  user.metadata_json = rows.Text(r, 4);
  user.instance_role = rows.Text(r, 5);
  user.password_hash = rows.Text(r, 6);
  user.created_at = rows.Int(r, 7);
  user.updated_at = rows.Int(r, 8);
  user.password_changed_at = rows.Int(r, 9);
  user.mfa_enabled = rows.Bool(r, 10);
  user.active = rows.Bool(r, 11);
  user.email_verified_at = rows.Int(r, 12);
  user.disabled_at = rows.Int(r, 13);
  user.default_role = rows.Text(r, 14);
  user.allowed_roles =
      core::ParseJsonStringArray(rows.Text(r, 15)).value_or(std::vector<std::string>{});
  return user;
}

}  // namespace

Status PostgresUserRepository::Create(const core::User& user) {
  return conn_.InSavepoint([&]() -> Status {
    RETURN_IF_ERROR(
        conn_.Run(sql::kInsertUser, user.id, user.email, user.username, user.display_name,
                  user.metadata_json, user.instance_role, user.password_hash, user.created_at,
                  user.updated_at, user.password_changed_at, user.active, user.email_verified_at,
                  user.disabled_at, user.default_role, core::JsonStringArray(user.allowed_roles)));
    return Status::Ok();
  });
}

Result<core::User> PostgresUserRepository::FindOne(std::string_view sql, std::string_view key) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql, key));
  if (rows.empty()) return MakeError(ErrorCode::kNotFound, "user");
  return ReadUser(rows);
}

Result<core::User> PostgresUserRepository::FindById(std::string_view id) {
  return FindOne(sql::kSelectUserById, id);
}

Result<core::User> PostgresUserRepository::FindByEmail(std::string_view normalized_email) {
  return FindOne(sql::kSelectUserByEmail, normalized_email);
}

Result<core::User> PostgresUserRepository::FindByUsername(std::string_view normalized_username) {
  return FindOne(sql::kSelectUserByUsername, normalized_username);
}

Status PostgresUserRepository::UpdateProfile(const core::User& user) {
  return conn_.InSavepoint([&]() -> Status {
    ASSIGN_OR_RETURN(Rows rows,
                     conn_.Run(sql::kUpdateUserProfile, user.id, user.username, user.display_name,
                               user.metadata_json, user.instance_role, user.updated_at,
                               user.default_role, core::JsonStringArray(user.allowed_roles)));
    if (rows.affected() == 0) return MakeError(ErrorCode::kNotFound, "user");
    return Status::Ok();
  });
}

Status PostgresUserRepository::UpdatePassword(std::string_view user_id,
                                              std::string_view password_hash, int64_t now) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kUpdateUserPassword, user_id, password_hash, now));
  if (rows.affected() == 0) return MakeError(ErrorCode::kNotFound, "user");
  return Status::Ok();
}

Result<bool> PostgresUserRepository::RehashPassword(std::string_view user_id,
                                                    std::string_view old_hash,
                                                    std::string_view new_hash) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kRehashUserPassword, user_id, old_hash, new_hash));
  return rows.affected() > 0;
}

Status PostgresUserRepository::Activate(std::string_view user_id, int64_t now) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kActivateUser, user_id, now));
  if (rows.affected() == 0) return MakeError(ErrorCode::kNotFound, "user");
  return Status::Ok();
}

Status PostgresUserRepository::ChangeEmail(std::string_view user_id,
                                           std::string_view normalized_email, bool verified,
                                           int64_t now) {
  return conn_.InSavepoint([&]() -> Status {
    // A taken address: kConflict (kEmail, kTaken).
    ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kChangeUserEmail, user_id, normalized_email,
                                          verified ? now : int64_t{0}, now));
    if (rows.affected() == 0) return MakeError(ErrorCode::kNotFound, "user");
    return Status::Ok();
  });
}

Status PostgresUserRepository::Delete(std::string_view user_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kDeleteUser, user_id));
  if (rows.affected() == 0) return MakeError(ErrorCode::kNotFound, "user");
  return Status::Ok();
}

Result<int64_t> PostgresUserRepository::Count() {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kCountUsers));
  return rows.empty() ? 0 : rows.Int(0, 0);
}

Status PostgresUserRepository::SetDisabled(std::string_view user_id, int64_t at, int64_t now) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kSetUserDisabled, user_id, at, now));
  if (rows.affected() == 0) return MakeError(ErrorCode::kNotFound, "user");
  return Status::Ok();
}

Status PostgresUserRepository::SetEmailVerified(std::string_view user_id, int64_t at, int64_t now) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kSetUserEmailVerified, user_id, at, now));
  if (rows.affected() == 0) return MakeError(ErrorCode::kNotFound, "user");
  return Status::Ok();
}

Result<std::vector<core::User>> PostgresUserRepository::Search(const core::UserSearch& search) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kSearchUsers, search.after_id,
                                        LikePrefix(search.prefix), search.limit));
  std::vector<core::User> users;
  users.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) users.push_back(ReadUser(rows, r));
  return users;
}

}  // namespace portcullis::store::postgres
