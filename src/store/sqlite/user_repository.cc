// SqliteUserRepository: user rows over one connection; single statements, so each call is atomic.
// Not thread-safe: the connection's thread only.
#include "store/sqlite/user_repository.h"

#include "common/status_macros.h"
#include "core/hasura_json.h"
#include "store/like_prefix.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/sql.h"

namespace portcullis::store::sqlite {
namespace {

// Reads the column order of sql::kSelectUser*.
core::User ReadUser(const Statement& row) {
  core::User user;
  user.id = row.ColumnText(0);
  user.email = row.ColumnText(1);
  user.username = row.ColumnOptionalText(2);
  user.display_name = row.ColumnText(3);
  user.metadata_json = row.ColumnText(4);
  user.instance_role = row.ColumnText(5);
  user.password_hash = row.ColumnText(6);
  user.created_at = row.ColumnInt(7);
  user.updated_at = row.ColumnInt(8);
  user.password_changed_at = row.ColumnInt(9);
  user.mfa_enabled = row.ColumnInt(10) != 0;
  user.active = row.ColumnInt(11) != 0;
  user.email_verified_at = row.ColumnInt(12);
  user.disabled_at = row.ColumnInt(13);
  user.default_role = row.ColumnText(14);
  user.allowed_roles =
      core::ParseJsonStringArray(row.ColumnText(15)).value_or(std::vector<std::string>{});
  return user;
}

}  // namespace

Status SqliteUserRepository::Create(const core::User& user) {
  auto insert = conn_.Prepare(sql::kInsertUser);
  if (!insert) return insert.error();
  (*insert)->BindAll(user.id, user.email, user.username, user.display_name, user.metadata_json,
                     user.instance_role, user.password_hash, user.created_at, user.updated_at,
                     user.password_changed_at, int64_t{user.active ? 1 : 0}, user.email_verified_at,
                     user.disabled_at, user.default_role,
                     core::JsonStringArray(user.allowed_roles));
  return (*insert)->Run();
}

Result<core::User> SqliteUserRepository::FindOne(std::string_view sql, std::string_view key) {
  auto select = conn_.Prepare(sql);
  if (!select) return select.error();
  (*select)->BindAll(key);
  auto row = (*select)->Step();
  if (!row) return row.error();
  if (!*row) return MakeError(ErrorCode::kNotFound, "user");
  return ReadUser(**select);
}

Result<core::User> SqliteUserRepository::FindById(std::string_view id) {
  if (cache_ != nullptr) {
    return cache_->FindById(id, [&] { return FindOne(sql::kSelectUserById, id); });
  }
  return FindOne(sql::kSelectUserById, id);
}

Result<core::User> SqliteUserRepository::FindByEmail(std::string_view normalized_email) {
  return FindOne(sql::kSelectUserByEmail, normalized_email);
}

Result<core::User> SqliteUserRepository::FindByUsername(std::string_view normalized_username) {
  return FindOne(sql::kSelectUserByUsername, normalized_username);
}

Status SqliteUserRepository::UpdateProfile(const core::User& user) {
  auto update = conn_.Prepare(sql::kUpdateUserProfile);
  if (!update) return update.error();
  (*update)->BindAll(user.id, user.username, user.display_name, user.metadata_json,
                     user.instance_role, user.updated_at, user.default_role,
                     core::JsonStringArray(user.allowed_roles));
  if (Status s = (*update)->Run(); !s) return s;
  if (conn_.changes() == 0) return MakeError(ErrorCode::kNotFound, "user");
  return Status::Ok();
}

Status SqliteUserRepository::UpdatePassword(std::string_view user_id,
                                            std::string_view password_hash, int64_t now) {
  auto update = conn_.Prepare(sql::kUpdateUserPassword);
  if (!update) return update.error();
  (*update)->BindAll(user_id, password_hash, now);
  if (Status s = (*update)->Run(); !s) return s;
  if (conn_.changes() == 0) return MakeError(ErrorCode::kNotFound, "user");
  return Status::Ok();
}

Result<bool> SqliteUserRepository::RehashPassword(std::string_view user_id,
                                                  std::string_view old_hash,
                                                  std::string_view new_hash) {
  auto update = conn_.Prepare(sql::kRehashUserPassword);
  if (!update) return update.error();
  (*update)->BindAll(user_id, old_hash, new_hash);
  RETURN_IF_ERROR((*update)->Run());
  return conn_.changes() > 0;
}

Status SqliteUserRepository::Activate(std::string_view user_id, int64_t now) {
  ASSIGN_OR_RETURN(auto update, conn_.Prepare(sql::kActivateUser));
  update->BindAll(user_id, now);
  RETURN_IF_ERROR(update->Run());
  if (conn_.changes() == 0) return MakeError(ErrorCode::kNotFound, "user");
  return Status::Ok();
}

Status SqliteUserRepository::ChangeEmail(std::string_view user_id,
                                         std::string_view normalized_email, bool verified,
                                         int64_t now) {
  ASSIGN_OR_RETURN(auto update, conn_.Prepare(sql::kChangeUserEmail));
  update->BindAll(user_id, normalized_email, verified ? now : int64_t{0}, now);
  RETURN_IF_ERROR(update->Run());  // a taken address: kConflict (kEmail, kTaken)
  if (conn_.changes() == 0) return MakeError(ErrorCode::kNotFound, "user");
  return Status::Ok();
}

Status SqliteUserRepository::Delete(std::string_view user_id) {
  ASSIGN_OR_RETURN(auto remove, conn_.Prepare(sql::kDeleteUser));
  remove->BindAll(user_id);
  RETURN_IF_ERROR(remove->Run());
  if (conn_.changes() == 0) return MakeError(ErrorCode::kNotFound, "user");
  return Status::Ok();
}

Result<int64_t> SqliteUserRepository::Count() {
  auto count = conn_.Prepare(sql::kCountUsers);
  if (!count) return count.error();
  auto row = (*count)->Step();
  if (!row) return row.error();
  return *row ? (*count)->ColumnInt(0) : 0;
}

Status SqliteUserRepository::SetDisabled(std::string_view user_id, int64_t at, int64_t now) {
  RETURN_IF_ERROR(Execute(conn_, sql::kSetUserDisabled, user_id, at, now));
  if (conn_.changes() == 0) return MakeError(ErrorCode::kNotFound, "user");
  return Status::Ok();
}

Status SqliteUserRepository::SetEmailVerified(std::string_view user_id, int64_t at, int64_t now) {
  RETURN_IF_ERROR(Execute(conn_, sql::kSetUserEmailVerified, user_id, at, now));
  if (conn_.changes() == 0) return MakeError(ErrorCode::kNotFound, "user");
  return Status::Ok();
}

Result<std::vector<core::User>> SqliteUserRepository::Search(const core::UserSearch& search) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kSearchUsers));
  select->BindAll(search.after_id, LikePrefix(search.prefix), search.limit);
  std::vector<core::User> users;
  for (;;) {
    ASSIGN_OR_RETURN(const bool row, select->Step());
    if (!row) break;
    users.push_back(ReadUser(*select));
  }
  return users;
}

}  // namespace portcullis::store::sqlite
