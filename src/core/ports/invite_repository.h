// InviteRepository: the port for pending company invites (core/company.h). Implemented by
// store/{memory,sqlite,postgres}; behaviour defined by store/conformance/invite_conformance.cc.
// Bound to one transaction; not thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "core/company.h"

namespace portcullis::core {

class InviteRepository {
 public:
  virtual ~InviteRepository() = default;
  // Stores `invite` after deleting any other invite of the same company to the same email (the
  // newest invite is the only one that works). kConflict on a taken id or token_hash; kNotFound
  // ("company") when the company is absent, ("user") when invited_by names no account.
  virtual Status Create(const CompanyInvite& invite) = 0;
  // The company's invites (expired ones too), newest first (then id).
  virtual Result<std::vector<CompanyInvite>> ListForCompany(std::string_view company_id) = 0;
  // The invite whose ticket hashes to `token_hash`, read only. kNotFound when there is none.
  virtual Result<CompanyInvite> Find(std::string_view token_hash) = 0;
  // Deletes the invite whose ticket hashes to `token_hash` and returns it: of concurrent takers
  // exactly one gets it. kNotFound when there is none. Expiry is the caller's to check.
  virtual Result<CompanyInvite> Take(std::string_view token_hash) = 0;
  // Revokes one invite of the company. kNotFound when it has no invite with that id.
  virtual Status Delete(std::string_view company_id, std::string_view invite_id) = 0;
  // Deletes invites whose expires_at is before `before`; returns how many.
  virtual Result<int64_t> PurgeExpired(int64_t before) = 0;
};

}  // namespace portcullis::core
