// PermissionRepository: the port for a company's permission model: its names (custom verbs,
// features, scopes) and its grants (core/permission.h). Implemented by
// store/{memory,sqlite,postgres}; behaviour defined by store/conformance/permission_conformance.cc.
// Bound to one transaction; not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "core/permission.h"

namespace portcullis::core {

class PermissionRepository {
 public:
  virtual ~PermissionRepository() = default;
  // Adds a name of `kind`; kConflict when the company has it already; kNotFound ("company").
  virtual Status AddName(std::string_view company_id, PermissionNameKind kind,
                         std::string_view name) = 0;
  // The company's names of `kind`, sorted.
  virtual Result<std::vector<std::string>> ListNames(std::string_view company_id,
                                                     PermissionNameKind kind) = 0;
  // Removes a name and every grant that uses it (as action, feature or scope by its kind).
  // kNotFound when the company has no such name.
  virtual Status RemoveName(std::string_view company_id, PermissionNameKind kind,
                            std::string_view name) = 0;

  // Stores `grant`, adding its feature and scope names when they are new. kConflict when the
  // company has the same subject, feature, scope and action granted already (or the id is taken);
  // kNotFound ("company") when the company is absent, ("user") when a user subject names no
  // account, ("credential") when an api_key or token subject names no credential, ("client") when
  // a client subject names no service client. Deleting that user, credential or client deletes
  // the grant.
  virtual Status AddGrant(const PermissionGrant& grant) = 0;
  // kNotFound when the company has no grant with that id.
  virtual Status RemoveGrant(std::string_view company_id, std::string_view grant_id) = 0;
  // The company's grants, only `subject`'s when given, oldest first (then id).
  virtual Result<std::vector<PermissionGrant>> ListGrants(
      std::string_view company_id, const std::optional<GrantSubject>& subject) = 0;
  // The grants of any of `subjects` on `feature` within `scope` (exact names): what the
  // Authorizer expands into a principal's actions.
  virtual Result<std::vector<PermissionGrant>> GrantsFor(std::string_view company_id,
                                                         const std::vector<GrantSubject>& subjects,
                                                         std::string_view feature,
                                                         std::string_view scope) = 0;
  // Deletes every grant whose subject is `subject` (a credential or member that is gone).
  virtual Status RemoveGrantsOf(std::string_view company_id, const GrantSubject& subject) = 0;
};

}  // namespace portcullis::core
