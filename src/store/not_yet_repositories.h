// An IdentityRepository for the backends that do not have linked identities yet: every call
// answers kInternal. Stateless; thread-safe. Removed once every backend implements the port.
#pragma once

#include "core/ports/identity_repository.h"

namespace portcullis::store {

class NotYetIdentityRepository final : public core::IdentityRepository {
 public:
  Status Insert(const core::LinkedIdentity&) override { return NotYet(); }
  Result<core::LinkedIdentity> FindBySubject(std::string_view, std::string_view) override {
    return NotYet();
  }
  Result<std::vector<core::LinkedIdentity>> ListForUser(std::string_view) override {
    return NotYet();
  }
  Status Delete(std::string_view, std::string_view) override { return NotYet(); }
  Status RecordLogin(std::string_view, int64_t) override { return NotYet(); }

 private:
  static Error NotYet() {
    return MakeError(ErrorCode::kInternal, "linked identities are not yet implemented by this store");
  }
};

}  // namespace portcullis::store
