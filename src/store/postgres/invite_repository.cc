// PostgresInviteRepository: company invite rows over one connection; taking an invite is one
// DELETE ... RETURNING, so it succeeds once. Not thread-safe: the connection's thread only.
#include "store/postgres/invite_repository.h"

#include <optional>
#include <string>

#include "common/status_macros.h"
#include "store/postgres/queries.h"
#include "store/postgres/sql.h"

namespace portcullis::store::postgres {
namespace {

Error InviteNotFound() { return MakeError(ErrorCode::kNotFound, "invite"); }

// Reads row `r` in the column order of sql::kSelectInvite, kListInvites and kTakeInvite's
// RETURNING.
Result<core::CompanyInvite> ReadInvite(const Rows& rows, int r) {
  core::CompanyInvite invite;
  invite.id = rows.Text(r, 0);
  invite.company_id = rows.Text(r, 1);
  invite.email = rows.Text(r, 2);
  const std::optional<core::CompanyRole> role = core::CompanyRoleFromName(rows.Text(r, 3));
  if (!role) return MakeError(ErrorCode::kInternal, "postgres: an invite of an unknown role");
  invite.role = *role;
  invite.invited_by = rows.OptionalText(r, 4).value_or("");  // NULL: the account is gone
  invite.token_hash = rows.Text(r, 5);
  invite.created_at = rows.Int(r, 6);
  invite.expires_at = rows.Int(r, 7);
  return invite;
}

}  // namespace

Status PostgresInviteRepository::Create(const core::CompanyInvite& invite) {
  const Status status = conn_.InSavepoint([&]() -> Status {
    RETURN_IF_ERROR(conn_.Run(sql::kSupersedeInvites, invite.id, invite.company_id, invite.email,
                              invite.token_hash));
    RETURN_IF_ERROR(conn_.Run(sql::kInsertInvite, invite.id, invite.company_id, invite.email,
                              core::CompanyRoleName(invite.role), NullIfEmpty(invite.invited_by),
                              invite.token_hash, invite.created_at, invite.expires_at));
    return Status::Ok();
  });
  return NameMissing(conn_, status, invite.company_id, "user");
}

Result<std::vector<core::CompanyInvite>> PostgresInviteRepository::ListForCompany(
    std::string_view company_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kListInvites, company_id));
  std::vector<core::CompanyInvite> invites;
  invites.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    ASSIGN_OR_RETURN(core::CompanyInvite invite, ReadInvite(rows, r));
    invites.push_back(std::move(invite));
  }
  return invites;
}

Result<core::CompanyInvite> PostgresInviteRepository::Find(std::string_view token_hash) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kSelectInvite, token_hash));
  if (rows.empty()) return InviteNotFound();
  return ReadInvite(rows, 0);
}

Result<core::CompanyInvite> PostgresInviteRepository::Take(std::string_view token_hash) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kTakeInvite, token_hash));
  if (rows.empty()) return InviteNotFound();
  return ReadInvite(rows, 0);
}

Status PostgresInviteRepository::Delete(std::string_view company_id, std::string_view invite_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kDeleteInvite, company_id, invite_id));
  if (rows.affected() == 0) return InviteNotFound();
  return Status::Ok();
}

Result<int64_t> PostgresInviteRepository::PurgeExpired(int64_t before) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kPurgeInvites, before));
  return rows.affected();
}

}  // namespace portcullis::store::postgres
