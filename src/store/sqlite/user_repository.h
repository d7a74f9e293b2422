// SqliteUserRepository: core::UserRepository running SQL on one given Connection (a reader lease,
// or the writer connection inside a job). Not thread-safe: the connection's thread only.
#pragma once

#include "core/ports/user_repository.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/user_cache.h"

namespace portcullis::store::sqlite {

class SqliteUserRepository final : public core::UserRepository {
 public:
  // `cache` (a Read's view of the user cache) serves FindById when given; writes never get one.
  explicit SqliteUserRepository(Connection& conn, UserCacheRead* cache = nullptr)
      : conn_(conn), cache_(cache) {}

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
  UserCacheRead* const cache_;
};

}  // namespace portcullis::store::sqlite
