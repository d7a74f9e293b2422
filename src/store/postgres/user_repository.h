// PostgresUserRepository: core::UserRepository running SQL on one given Connection (a pooled
// connection inside a Read or Write). Not thread-safe: the connection's thread only.
#pragma once

#include "core/ports/user_repository.h"
#include "store/postgres/connection.h"

namespace portcullis::store::postgres {

class PostgresUserRepository final : public core::UserRepository {
 public:
  explicit PostgresUserRepository(Connection& conn) : conn_(conn) {}

  Status Create(const core::User& user) override;
  Result<core::User> FindById(std::string_view id) override;
  Result<core::User> FindByEmail(std::string_view normalized_email) override;
  Result<core::User> FindByUsername(std::string_view normalized_username) override;
  Status UpdateProfile(const core::User& user) override;
  Status UpdatePassword(std::string_view user_id, std::string_view password_hash,
                        int64_t now) override;
  Result<bool> RehashPassword(std::string_view user_id, std::string_view old_hash,
                              std::string_view new_hash) override;
  Status Activate(std::string_view user_id, int64_t now) override;
  Status ChangeEmail(std::string_view user_id, std::string_view normalized_email, bool verified,
                     int64_t now) override;
  // One DELETE; the schema's ON DELETE CASCADE removes the rows that belong to the user.
  Status Delete(std::string_view user_id) override;
  Result<int64_t> Count() override;
  Status SetDisabled(std::string_view user_id, int64_t at, int64_t now) override;
  Status SetEmailVerified(std::string_view user_id, int64_t at, int64_t now) override;
  Result<std::vector<core::User>> Search(const core::UserSearch& search) override;

 private:
  Result<core::User> FindOne(std::string_view sql, std::string_view key);

  Connection& conn_;
};

}  // namespace portcullis::store::postgres
