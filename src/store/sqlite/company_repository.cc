// SqliteCompanyRepository: companies and memberships over one connection; deleting a company is
// one DELETE whose foreign keys cascade. Not thread-safe: the connection's thread only.
#include "store/sqlite/company_repository.h"

#include <optional>
#include <string>

#include "common/status_macros.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/sql.h"

namespace portcullis::store::sqlite {
namespace {

Error CompanyNotFound() { return MakeError(ErrorCode::kNotFound, "company"); }
Error MembershipNotFound() { return MakeError(ErrorCode::kNotFound, "membership"); }

Result<core::CompanyRole> ReadRole(const Statement& row, int column) {
  const std::optional<core::CompanyRole> role = core::CompanyRoleFromName(row.ColumnText(column));
  if (!role) return MakeError(ErrorCode::kInternal, "sqlite: a membership of an unknown role");
  return *role;
}

// Reads the column order of sql::kSelectCompany (and the first columns of kListCompaniesOfUser).
core::Company ReadCompany(const Statement& row) {
  core::Company company;
  company.id = row.ColumnText(0);
  company.name = row.ColumnText(1);
  company.created_by = row.ColumnText(2);  // NULL (the account is gone) reads as ""
  company.created_at = row.ColumnInt(3);
  company.updated_at = row.ColumnInt(4);
  return company;
}

// Reads the column order of sql::kSelectMember (and the first columns of kListMembers).
Result<core::Membership> ReadMembership(const Statement& row) {
  core::Membership membership;
  membership.company_id = row.ColumnText(0);
  membership.user_id = row.ColumnText(1);
  ASSIGN_OR_RETURN(membership.role, ReadRole(row, 2));
  membership.created_at = row.ColumnInt(3);
  membership.updated_at = row.ColumnInt(4);
  return membership;
}

// kNotFound "company" unless the company exists.
Status CompanyMustExist(Connection& conn, std::string_view company_id) {
  ASSIGN_OR_RETURN(const bool exists, RowExists(conn, sql::kCompanyExists, company_id));
  if (!exists) return CompanyNotFound();
  return Status::Ok();
}

}  // namespace

Status SqliteCompanyRepository::Create(const core::Company& company) {
  const Status status =
      Execute(conn_, sql::kInsertCompany, company.id, company.name, NullIfEmpty(company.created_by),
              company.created_at, company.updated_at);
  // The only reference a company makes is to its creator.
  if (IsMissingReference(status)) return MakeError(ErrorCode::kNotFound, "user");
  return status;
}

Result<core::Company> SqliteCompanyRepository::Find(std::string_view company_id) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kSelectCompany));
  select->BindAll(company_id);
  ASSIGN_OR_RETURN(const bool found, select->Step());
  if (!found) return CompanyNotFound();
  return ReadCompany(*select);
}

Status SqliteCompanyRepository::Rename(std::string_view company_id, std::string_view name,
                                       int64_t now) {
  RETURN_IF_ERROR(Execute(conn_, sql::kRenameCompany, company_id, name, now));
  if (conn_.changes() == 0) return CompanyNotFound();
  return Status::Ok();
}

Status SqliteCompanyRepository::Delete(std::string_view company_id) {
  RETURN_IF_ERROR(Execute(conn_, sql::kDeleteCompany, company_id));
  if (conn_.changes() == 0) return CompanyNotFound();
  return Status::Ok();
}

Status SqliteCompanyRepository::Lock(std::string_view company_id) {
  // The writer runs one unit of work at a time: existence is all there is to check.
  return CompanyMustExist(conn_, company_id);
}

Status SqliteCompanyRepository::AddMember(const core::Membership& membership) {
  const Status status =
      Execute(conn_, sql::kInsertMember, membership.company_id, membership.user_id,
              core::CompanyRoleName(membership.role), membership.created_at, membership.updated_at);
  if (!IsMissingReference(status)) return status;
  RETURN_IF_ERROR(CompanyMustExist(conn_, membership.company_id));
  return MakeError(ErrorCode::kNotFound, "user");
}

Result<core::Membership> SqliteCompanyRepository::FindMembership(std::string_view company_id,
                                                                 std::string_view user_id) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kSelectMember));
  select->BindAll(company_id, user_id);
  ASSIGN_OR_RETURN(const bool found, select->Step());
  if (!found) return MembershipNotFound();
  return ReadMembership(*select);
}

Result<std::vector<core::CompanyOfUser>> SqliteCompanyRepository::ListForUser(
    std::string_view user_id) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kListCompaniesOfUser));
  select->BindAll(user_id);
  std::vector<core::CompanyOfUser> companies;
  for (;;) {
    ASSIGN_OR_RETURN(const bool row, select->Step());
    if (!row) break;
    core::CompanyOfUser mine{ReadCompany(*select)};
    ASSIGN_OR_RETURN(mine.role, ReadRole(*select, 5));
    companies.push_back(std::move(mine));
  }
  return companies;
}

Result<std::vector<core::Member>> SqliteCompanyRepository::ListMembers(
    std::string_view company_id) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kListMembers));
  select->BindAll(company_id);
  std::vector<core::Member> members;
  for (;;) {
    ASSIGN_OR_RETURN(const bool row, select->Step());
    if (!row) break;
    core::Member member;
    ASSIGN_OR_RETURN(member.membership, ReadMembership(*select));
    member.email = select->ColumnText(5);
    member.display_name = select->ColumnText(6);
    members.push_back(std::move(member));
  }
  return members;
}

Status SqliteCompanyRepository::SetRole(std::string_view company_id, std::string_view user_id,
                                        core::CompanyRole role, int64_t now) {
  RETURN_IF_ERROR(
      Execute(conn_, sql::kSetMemberRole, company_id, user_id, core::CompanyRoleName(role), now));
  if (conn_.changes() == 0) return MembershipNotFound();
  return Status::Ok();
}

Status SqliteCompanyRepository::RemoveMember(std::string_view company_id,
                                             std::string_view user_id) {
  return conn_.InSavepoint("member_remove", [&]() -> Status {
    RETURN_IF_ERROR(Execute(conn_, sql::kDeleteMember, company_id, user_id));
    if (conn_.changes() == 0) return MembershipNotFound();
    return Execute(conn_, sql::kForgetLastCompany, company_id, user_id);
  });
}

Result<int64_t> SqliteCompanyRepository::CountOwners(std::string_view company_id) {
  ASSIGN_OR_RETURN(auto count, conn_.Prepare(sql::kCountOwners));
  count->BindAll(company_id);
  ASSIGN_OR_RETURN(const bool row, count->Step());
  return row ? count->ColumnInt(0) : 0;
}

Result<std::string> SqliteCompanyRepository::LastActive(std::string_view user_id) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kSelectLastCompany));
  select->BindAll(user_id);
  ASSIGN_OR_RETURN(const bool found, select->Step());
  if (!found) return MakeError(ErrorCode::kNotFound, "user");
  return select->ColumnText(0);  // NULL (none) reads as ""
}

Status SqliteCompanyRepository::SetLastActive(std::string_view user_id,
                                              std::string_view company_id) {
  const Status status = Execute(conn_, sql::kSetLastCompany, user_id, NullIfEmpty(company_id));
  // The only reference the column makes is to the company.
  if (IsMissingReference(status)) return CompanyNotFound();
  RETURN_IF_ERROR(status);
  if (conn_.changes() == 0) return MakeError(ErrorCode::kNotFound, "user");
  return Status::Ok();
}

Result<std::vector<core::Company>> SqliteCompanyRepository::ListAll(std::string_view after_id,
                                                                    int64_t limit) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kListAllCompanies));
  select->BindAll(after_id, limit);
  std::vector<core::Company> companies;
  for (;;) {
    ASSIGN_OR_RETURN(const bool row, select->Step());
    if (!row) break;
    companies.push_back(ReadCompany(*select));
  }
  return companies;
}

}  // namespace portcullis::store::sqlite
