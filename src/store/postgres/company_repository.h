// PostgresCompanyRepository: core::CompanyRepository running SQL on one given Connection (a pooled
// connection inside a Read or Write). Not thread-safe: the connection's thread only.
#pragma once

#include "core/ports/company_repository.h"
#include "store/postgres/connection.h"

namespace portcullis::store::postgres {

// Every method is one statement (plus, when it failed, a read that says why); those that may hit
// a key or a reference run inside a SAVEPOINT, so a failed call leaves the caller's transaction
// as it was. Lock holds the company's row (SELECT ... FOR UPDATE) until the transaction ends.
class PostgresCompanyRepository final : public core::CompanyRepository {
 public:
  explicit PostgresCompanyRepository(Connection& conn) : conn_(conn) {}

  Status Create(const core::Company& company) override;
  Result<core::Company> Find(std::string_view company_id) override;
  Status Rename(std::string_view company_id, std::string_view name, int64_t now) override;
  Status Delete(std::string_view company_id) override;
  Status Lock(std::string_view company_id) override;
  Status AddMember(const core::Membership& membership) override;
  Result<core::Membership> FindMembership(std::string_view company_id,
                                          std::string_view user_id) override;
  Result<std::vector<core::CompanyOfUser>> ListForUser(std::string_view user_id) override;
  Result<std::vector<core::Member>> ListMembers(std::string_view company_id) override;
  Status SetRole(std::string_view company_id, std::string_view user_id, core::CompanyRole role,
                 int64_t now) override;
  Status RemoveMember(std::string_view company_id, std::string_view user_id) override;
  Result<int64_t> CountOwners(std::string_view company_id) override;
  Result<std::string> LastActive(std::string_view user_id) override;
  Status SetLastActive(std::string_view user_id, std::string_view company_id) override;
  Result<std::vector<core::Company>> ListAll(std::string_view after_id, int64_t limit) override;

 private:
  Connection& conn_;
};

}  // namespace portcullis::store::postgres
