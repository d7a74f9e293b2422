// SqliteInviteRepository: company invite rows over one connection; taking an invite is one
// DELETE ... RETURNING, so it succeeds once. Not thread-safe: the connection's thread only.
#include "store/sqlite/invite_repository.h"

#include <optional>
#include <string>

#include "common/status_macros.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/sql.h"

namespace portcullis::store::sqlite {
namespace {

Error InviteNotFound() { return MakeError(ErrorCode::kNotFound, "invite"); }

// Reads the column order of sql::kSelectInvite, kListInvites and kTakeInvite's RETURNING.
Result<core::CompanyInvite> ReadInvite(const Statement& row) {
  core::CompanyInvite invite;
  invite.id = row.ColumnText(0);
  invite.company_id = row.ColumnText(1);
  invite.email = row.ColumnText(2);
  const std::optional<core::CompanyRole> role = core::CompanyRoleFromName(row.ColumnText(3));
  if (!role) return MakeError(ErrorCode::kInternal, "sqlite: an invite of an unknown role");
  invite.role = *role;
  invite.invited_by = row.ColumnText(4);  // NULL (the account is gone) reads as ""
  invite.token_hash = row.ColumnText(5);
  invite.created_at = row.ColumnInt(6);
  invite.expires_at = row.ColumnInt(7);
  return invite;
}

}  // namespace

Status SqliteInviteRepository::Create(const core::CompanyInvite& invite) {
  const Status status = conn_.InSavepoint("invite_create", [&]() -> Status {
    RETURN_IF_ERROR(Execute(conn_, sql::kSupersedeInvites, invite.id, invite.company_id,
                            invite.email, invite.token_hash));
    return Execute(conn_, sql::kInsertInvite, invite.id, invite.company_id, invite.email,
                   core::CompanyRoleName(invite.role), NullIfEmpty(invite.invited_by),
                   invite.token_hash, invite.created_at, invite.expires_at);
  });
  if (!IsMissingReference(status)) return status;
  ASSIGN_OR_RETURN(const bool company, RowExists(conn_, sql::kCompanyExists, invite.company_id));
  return MakeError(ErrorCode::kNotFound, company ? "user" : "company");
}

Result<std::vector<core::CompanyInvite>> SqliteInviteRepository::ListForCompany(
    std::string_view company_id) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kListInvites));
  select->BindAll(company_id);
  std::vector<core::CompanyInvite> invites;
  for (;;) {
    ASSIGN_OR_RETURN(const bool row, select->Step());
    if (!row) break;
    ASSIGN_OR_RETURN(core::CompanyInvite invite, ReadInvite(*select));
    invites.push_back(std::move(invite));
  }
  return invites;
}

Result<core::CompanyInvite> SqliteInviteRepository::Find(std::string_view token_hash) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kSelectInvite));
  select->BindAll(token_hash);
  ASSIGN_OR_RETURN(const bool found, select->Step());
  if (!found) return InviteNotFound();
  return ReadInvite(*select);
}

Result<core::CompanyInvite> SqliteInviteRepository::Take(std::string_view token_hash) {
  ASSIGN_OR_RETURN(auto take, conn_.Prepare(sql::kTakeInvite));
  take->BindAll(token_hash);
  ASSIGN_OR_RETURN(const bool found, take->Step());
  if (!found) return InviteNotFound();
  ASSIGN_OR_RETURN(core::CompanyInvite invite, ReadInvite(*take));
  RETURN_IF_ERROR(take->Step());  // finishes the DELETE (one row at most: the unique hash)
  return invite;
}

Status SqliteInviteRepository::Delete(std::string_view company_id, std::string_view invite_id) {
  RETURN_IF_ERROR(Execute(conn_, sql::kDeleteInvite, company_id, invite_id));
  if (conn_.changes() == 0) return InviteNotFound();
  return Status::Ok();
}

Result<int64_t> SqliteInviteRepository::PurgeExpired(int64_t before) {
  RETURN_IF_ERROR(Execute(conn_, sql::kPurgeInvites, before));
  return conn_.changes();
}

}  // namespace portcullis::store::sqlite
