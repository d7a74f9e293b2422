// PostgresCompanyRepository: companies and memberships over one connection; deleting a company is
// one DELETE whose foreign keys cascade. Not thread-safe: the connection's thread only.
#include "store/postgres/company_repository.h"

#include <optional>
#include <string>

#include "common/status_macros.h"
#include "store/postgres/queries.h"
#include "store/postgres/sql.h"

namespace portcullis::store::postgres {
namespace {

Error CompanyNotFound() { return MakeError(ErrorCode::kNotFound, "company"); }
Error MembershipNotFound() { return MakeError(ErrorCode::kNotFound, "membership"); }

Result<core::CompanyRole> ReadRole(const Rows& rows, int r, int column) {
  const std::optional<core::CompanyRole> role = core::CompanyRoleFromName(rows.Text(r, column));
  if (!role) return MakeError(ErrorCode::kInternal, "postgres: a membership of an unknown role");
  return *role;
}

// Reads row `r` in the column order of sql::kSelectCompany (and the first columns of
// kListCompaniesOfUser).
core::Company ReadCompany(const Rows& rows, int r) {
  core::Company company;
  company.id = rows.Text(r, 0);
  company.name = rows.Text(r, 1);
  company.created_by = rows.OptionalText(r, 2).value_or("");  // NULL: the account is gone
  company.created_at = rows.Int(r, 3);
  company.updated_at = rows.Int(r, 4);
  return company;
}

// Reads row `r` in the column order of sql::kSelectMember (and the first columns of kListMembers).
Result<core::Membership> ReadMembership(const Rows& rows, int r) {
  core::Membership membership;
  membership.company_id = rows.Text(r, 0);
  membership.user_id = rows.Text(r, 1);
  ASSIGN_OR_RETURN(membership.role, ReadRole(rows, r, 2));
  membership.created_at = rows.Int(r, 3);
  membership.updated_at = rows.Int(r, 4);
  return membership;
}

}  // namespace

Status PostgresCompanyRepository::Create(const core::Company& company) {
  const Status status = conn_.InSavepoint([&]() -> Status {
    RETURN_IF_ERROR(conn_.Run(sql::kInsertCompany, company.id, company.name,
                              NullIfEmpty(company.created_by), company.created_at,
                              company.updated_at));
    return Status::Ok();
  });
  // The only reference a company makes is to its creator.
  if (IsMissingReference(status)) return MakeError(ErrorCode::kNotFound, "user");
  return status;
}

Result<core::Company> PostgresCompanyRepository::Find(std::string_view company_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kSelectCompany, company_id));
  if (rows.empty()) return CompanyNotFound();
  return ReadCompany(rows, 0);
}

Status PostgresCompanyRepository::Rename(std::string_view company_id, std::string_view name,
                                         int64_t now) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kRenameCompany, company_id, name, now));
  if (rows.affected() == 0) return CompanyNotFound();
  return Status::Ok();
}

Status PostgresCompanyRepository::Delete(std::string_view company_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kDeleteCompany, company_id));
  if (rows.affected() == 0) return CompanyNotFound();
  return Status::Ok();
}

Status PostgresCompanyRepository::Lock(std::string_view company_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kLockCompany, company_id));
  if (rows.empty()) return CompanyNotFound();
  return Status::Ok();
}

Status PostgresCompanyRepository::AddMember(const core::Membership& membership) {
  const Status status = conn_.InSavepoint([&]() -> Status {
    RETURN_IF_ERROR(conn_.Run(sql::kInsertMember, membership.company_id, membership.user_id,
                              core::CompanyRoleName(membership.role), membership.created_at,
                              membership.updated_at));
    return Status::Ok();
  });
  return NameMissing(conn_, status, membership.company_id, "user");
}

Result<core::Membership> PostgresCompanyRepository::FindMembership(std::string_view company_id,
                                                                   std::string_view user_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kSelectMember, company_id, user_id));
  if (rows.empty()) return MembershipNotFound();
  return ReadMembership(rows, 0);
}

Result<std::vector<core::CompanyOfUser>> PostgresCompanyRepository::ListForUser(
    std::string_view user_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kListCompaniesOfUser, user_id));
  std::vector<core::CompanyOfUser> companies;
  companies.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    core::CompanyOfUser mine{ReadCompany(rows, r)};
    ASSIGN_OR_RETURN(mine.role, ReadRole(rows, r, 5));
    companies.push_back(std::move(mine));
  }
  return companies;
}

Result<std::vector<core::Member>> PostgresCompanyRepository::ListMembers(
    std::string_view company_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kListMembers, company_id));
  std::vector<core::Member> members;
  members.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    core::Member member;
    ASSIGN_OR_RETURN(member.membership, ReadMembership(rows, r));
    member.email = rows.Text(r, 5);
    member.display_name = rows.Text(r, 6);
    members.push_back(std::move(member));
  }
  return members;
}

Status PostgresCompanyRepository::SetRole(std::string_view company_id, std::string_view user_id,
                                          core::CompanyRole role, int64_t now) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kSetMemberRole, company_id, user_id,
                                        core::CompanyRoleName(role), now));
  if (rows.affected() == 0) return MembershipNotFound();
  return Status::Ok();
}

Status PostgresCompanyRepository::RemoveMember(std::string_view company_id,
                                               std::string_view user_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kRemoveMember, company_id, user_id));
  if (rows.Int(0, 0) == 0) return MembershipNotFound();
  return Status::Ok();
}

Result<int64_t> PostgresCompanyRepository::CountOwners(std::string_view company_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kCountOwners, company_id));
  return rows.Int(0, 0);
}

Result<std::string> PostgresCompanyRepository::LastActive(std::string_view user_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kSelectLastCompany, user_id));
  if (rows.empty()) return MakeError(ErrorCode::kNotFound, "user");
  return rows.OptionalText(0, 0).value_or("");  // NULL: none
}

Status PostgresCompanyRepository::SetLastActive(std::string_view user_id,
                                                std::string_view company_id) {
  Result<Rows> rows = conn_.InSavepoint(
      [&]() { return conn_.Run(sql::kSetLastCompany, user_id, NullIfEmpty(company_id)); });
  // The only reference the column makes is to the company.
  if (!rows.ok()) {
    if (IsMissingReference(rows.error())) return CompanyNotFound();
    return rows.error();
  }
  if (rows->affected() == 0) return MakeError(ErrorCode::kNotFound, "user");
  return Status::Ok();
}

Result<std::vector<core::Company>> PostgresCompanyRepository::ListAll(std::string_view after_id,
                                                                      int64_t limit) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kListAllCompanies, after_id, limit));
  std::vector<core::Company> companies;
  companies.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) companies.push_back(ReadCompany(rows, r));
  return companies;
}

}  // namespace portcullis::store::postgres
