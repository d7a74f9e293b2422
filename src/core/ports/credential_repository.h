// CredentialRepository: the port for company API keys and personal access tokens
// (core/credential.h). Implemented by store/{memory,sqlite,postgres}; behaviour defined by
// store/conformance/credential_conformance.cc. Bound to one transaction; not thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "common/status.h"
#include "core/credential.h"

namespace portcullis::core {

class CredentialRepository {
 public:
  virtual ~CredentialRepository() = default;
  // Stores `credential` with its permissions. kConflict on a taken id or secret_hash; kNotFound
  // ("company" or "user") when its company, (for a token) its user or its created_by is absent.
  virtual Status Create(const Credential& credential) = 0;
  // The credential whose secret hashes to `secret_hash`. kNotFound when there is none (never
  // issued or revoked); expiry is the caller's to check.
  virtual Result<Credential> FindByHash(std::string_view secret_hash) = 0;
  // The company's credentials of `kind`, newest first (then id).
  virtual Result<std::vector<Credential>> ListForCompany(std::string_view company_id,
                                                         CredentialKind kind) = 0;
  // The user's personal tokens (of every company), newest first (then id).
  virtual Result<std::vector<Credential>> ListForUser(std::string_view user_id) = 0;
  // kNotFound when absent.
  virtual Result<Credential> Find(std::string_view credential_id) = 0;
  // Revokes (deletes) the credential with its grants. kNotFound when absent.
  virtual Status Delete(std::string_view credential_id) = 0;
  // Raises each credential's last_used_at to `at` when that is later; ids that are gone are
  // skipped. One statement per use at most: the coalesced flush of many requests' uses.
  virtual Status RecordUse(const std::vector<CredentialUse>& uses) = 0;
};

}  // namespace portcullis::core
