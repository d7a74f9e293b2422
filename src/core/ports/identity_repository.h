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

  // kConflict "identity" when the id is taken or (provider, subject) is already linked to any
  // account; kNotFound "user" when the user does not exist. A refusal changes nothing and leaves
  // the transaction usable. Deleting the user deletes its identities.
  virtual Status Insert(const LinkedIdentity& identity) = 0;
  // kNotFound "identity" when no account has (provider, subject); both compare exactly.
  virtual Result<LinkedIdentity> FindBySubject(std::string_view provider,
                                               std::string_view subject) = 0;
  // The user's identities, oldest first (created_at, then id); empty for an unknown user.
  virtual Result<std::vector<LinkedIdentity>> ListForUser(std::string_view user_id) = 0;
  // kNotFound "identity" when the user has no identity `id` (another user's id included).
  virtual Status Delete(std::string_view user_id, std::string_view id) = 0;
  // Sets last_login_at to `at`; kNotFound "identity" when absent.
  virtual Status RecordLogin(std::string_view id, int64_t at) = 0;
};

}  // namespace portcullis::core
