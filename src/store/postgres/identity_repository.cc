// PostgresIdentityRepository: linked identity rows over one connection; single statements, so
// each call is atomic. Not thread-safe: the connection's thread only.
#include "store/postgres/identity_repository.h"

#include <cstddef>
#include <vector>

#include "common/status_macros.h"
#include "store/postgres/queries.h"
#include "store/postgres/sql.h"

namespace portcullis::store::postgres {
namespace {

Error IdentityNotFound() { return MakeError(ErrorCode::kNotFound, "identity"); }

// Reads row `r` in the column order of sql::kSelectIdentityBySubject.
core::LinkedIdentity ReadIdentity(const Rows& rows, int r) {
  core::LinkedIdentity identity;
  identity.id = rows.Text(r, 0);
  identity.user_id = rows.Text(r, 1);
  identity.provider = rows.Text(r, 2);
  identity.subject = rows.Text(r, 3);
  identity.email = rows.Text(r, 4);
  identity.created_at = rows.Int(r, 5);
  identity.last_login_at = rows.Int(r, 6);
  return identity;
}

}  // namespace

Status PostgresIdentityRepository::Insert(const core::LinkedIdentity& identity) {
  const Status status = conn_.InSavepoint([&]() -> Status {
    RETURN_IF_ERROR(conn_.Run(sql::kInsertIdentity, identity.id, identity.user_id,
                              identity.provider, identity.subject, identity.email,
                              identity.created_at, identity.last_login_at));
    return Status::Ok();
  });
  if (IsMissingReference(status)) return MakeError(ErrorCode::kNotFound, "user");
  return status;  // a taken id or a linked (provider, subject): kConflict "identity"
}

Result<core::LinkedIdentity> PostgresIdentityRepository::FindBySubject(std::string_view provider,
                                                                       std::string_view subject) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kSelectIdentityBySubject, provider, subject));
  if (rows.empty()) return IdentityNotFound();
  return ReadIdentity(rows, 0);
}

Result<std::vector<core::LinkedIdentity>> PostgresIdentityRepository::ListForUser(
    std::string_view user_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kListUserIdentities, user_id));
  std::vector<core::LinkedIdentity> identities;
  identities.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) identities.push_back(ReadIdentity(rows, r));
  return identities;
}

Status PostgresIdentityRepository::Delete(std::string_view user_id, std::string_view id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kDeleteIdentity, user_id, id));
  if (rows.affected() == 0) return IdentityNotFound();
  return Status::Ok();
}

Status PostgresIdentityRepository::RecordLogin(std::string_view id, int64_t at) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kRecordIdentityLogin, id, at));
  if (rows.affected() == 0) return IdentityNotFound();
  return Status::Ok();
}

}  // namespace portcullis::store::postgres
