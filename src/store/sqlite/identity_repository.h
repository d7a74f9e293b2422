// SqliteIdentityRepository: core::IdentityRepository running SQL on one given Connection (a
// reader lease, or the writer connection inside a job). Not thread-safe: the connection's thread.
#pragma once

#include "core/ports/identity_repository.h"
#include "store/sqlite/connection.h"

namespace portcullis::store::sqlite {

// Every call is one statement; a refused insert is undone on its own (SQLite aborts the statement,
// not the transaction).
class SqliteIdentityRepository final : public core::IdentityRepository {
 public:
  explicit SqliteIdentityRepository(Connection& conn) : conn_(conn) {}

  Status Insert(const core::LinkedIdentity& identity) override;
  Result<core::LinkedIdentity> FindBySubject(std::string_view provider,
                                             std::string_view subject) override;
  Result<std::vector<core::LinkedIdentity>> ListForUser(std::string_view user_id) override;
  Status Delete(std::string_view user_id, std::string_view id) override;
  Status RecordLogin(std::string_view id, int64_t at) override;

 private:
  Connection& conn_;
};

}  // namespace portcullis::store::sqlite
