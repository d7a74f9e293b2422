// IdentityRepository: the port for linked identities (provider, subject) → user. Implemented by
// store/{memory,sqlite,postgres}; behaviour defined by store/conformance/identity_conformance.cc.
// Bound to one transaction; not thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "core/linked_identity.h"

namespace portcullis::core {

class IdentityRepository {
 public:
  virtual ~IdentityRepository() = default;

  // kConflict when the id is taken or (provider, subject) is already linked to any account. The
  // user must exist; deleting the user deletes its identities.
  virtual Status Insert(const LinkedIdentity& identity) = 0;
  // kNotFound when no account has (provider, subject).
  virtual Result<LinkedIdentity> FindBySubject(std::string_view provider,
                                               std::string_view subject) = 0;
  // The user's identities, oldest first.
  virtual Result<std::vector<LinkedIdentity>> ListForUser(std::string_view user_id) = 0;
  // kNotFound when the user has no identity `id`.
  virtual Status Delete(std::string_view user_id, std::string_view id) = 0;
  // Sets last_login_at; kNotFound when absent.
  virtual Status RecordLogin(std::string_view id, int64_t at) = 0;
};

}  // namespace portcullis::core
