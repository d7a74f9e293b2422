// SqliteIdentityRepository: linked identity rows over one connection; single statements, so each
// call is atomic. Not thread-safe: the connection's thread only.
#include "store/sqlite/identity_repository.h"

#include <vector>

#include "common/status_macros.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/sql.h"

namespace portcullis::store::sqlite {
namespace {

Error IdentityNotFound() { return MakeError(ErrorCode::kNotFound, "identity"); }

// Reads the column order of sql::kSelectIdentityBySubject.
core::LinkedIdentity ReadIdentity(const Statement& row) {
  core::LinkedIdentity identity;
  identity.id = row.ColumnText(0);
  identity.user_id = row.ColumnText(1);
  identity.provider = row.ColumnText(2);
  identity.subject = row.ColumnText(3);
  identity.email = row.ColumnText(4);
  identity.created_at = row.ColumnInt(5);
  identity.last_login_at = row.ColumnInt(6);
  return identity;
}

}  // namespace

Status SqliteIdentityRepository::Insert(const core::LinkedIdentity& identity) {
  const Status status =
      Execute(conn_, sql::kInsertIdentity, identity.id, identity.user_id, identity.provider,
              identity.subject, identity.email, identity.created_at, identity.last_login_at);
  if (IsMissingReference(status)) return MakeError(ErrorCode::kNotFound, "user");
  return status;  // a taken id or a linked (provider, subject): kConflict "identity"
}

Result<core::LinkedIdentity> SqliteIdentityRepository::FindBySubject(std::string_view provider,
                                                                     std::string_view subject) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kSelectIdentityBySubject));
  select->BindAll(provider, subject);
  ASSIGN_OR_RETURN(const bool row, select->Step());
  if (!row) return IdentityNotFound();
  return ReadIdentity(*select);
}

Result<std::vector<core::LinkedIdentity>> SqliteIdentityRepository::ListForUser(
    std::string_view user_id) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kListUserIdentities));
  select->BindAll(user_id);
  std::vector<core::LinkedIdentity> identities;
  for (;;) {
    ASSIGN_OR_RETURN(const bool row, select->Step());
    if (!row) break;
    identities.push_back(ReadIdentity(*select));
  }
  return identities;
}

Status SqliteIdentityRepository::Delete(std::string_view user_id, std::string_view id) {
  RETURN_IF_ERROR(Execute(conn_, sql::kDeleteIdentity, user_id, id));
  if (conn_.changes() == 0) return IdentityNotFound();
  return Status::Ok();
}

Status SqliteIdentityRepository::RecordLogin(std::string_view id, int64_t at) {
  RETURN_IF_ERROR(Execute(conn_, sql::kRecordIdentityLogin, id, at));
  if (conn_.changes() == 0) return IdentityNotFound();
  return Status::Ok();
}

}  // namespace portcullis::store::sqlite
