// PermissionModelService: a company's permission model as its owners and admins manage it —
// custom verbs and grants to roles, members, API keys and personal tokens — and the effective
// actions any principal may read. Every question goes through the Authorizer. Thread-safe (its
// collaborators are).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/random.h"
#include "common/status.h"
#include "core/audit_trail.h"
#include "core/auth_types.h"
#include "core/authorizer.h"
#include "core/permission.h"
#include "core/ports/store.h"

namespace portcullis::core {

// GET .../permissions: every name of the model and every grant.
struct PermissionModel {
  std::vector<std::string> verbs;  // the built-ins in their order, then the custom ones sorted
  std::vector<std::string> features;
  std::vector<std::string> scopes;
  std::vector<PermissionGrant> grants;
};

class PermissionModelService {
 public:
  // Every reference must outlive the service. `audit` may be null (nothing is logged): else a
  // verb created or deleted and a grant added or removed are logged in their own Write.
  PermissionModelService(Store& store, Random& random, const Clock& clock,
                         const Authorizer& authorizer, AuditTrail* audit = nullptr);

  // The routes of owners and admins (CompanyAction::kManagePermissions); kNotFound for a company
  // the principal is not of.
  Result<PermissionModel> Describe(const Principal& principal, std::string_view company_id) const;
  // kConflict when the verb is built in or declared already; kInvalidRequest for a bad name.
  Status AddVerb(const Principal& principal, std::string_view company_id,
                 std::string_view verb) const;
  // Removes the verb and every grant of it; kNotFound when the company has no such custom verb.
  Status RemoveVerb(const Principal& principal, std::string_view company_id,
                    std::string_view verb) const;
  // kInvalidRequest when the subject is not of the company (an unknown role name, a user who is
  // not a member, another company's key or token) or the action is neither built in nor declared;
  // kConflict when the same grant exists.
  Result<PermissionGrant> AddGrant(const Principal& principal, std::string_view company_id,
                                   const GrantSubject& subject, const Permission& permission) const;
  Result<std::vector<PermissionGrant>> ListGrants(const Principal& principal,
                                                  std::string_view company_id,
                                                  const std::optional<GrantSubject>& subject) const;
  Status RemoveGrant(const Principal& principal, std::string_view company_id,
                     std::string_view grant_id) const;

  // Any principal: its own actions on feature/scope in its company (Authorizer::Actions).
  Result<std::vector<std::string>> Actions(const Principal& principal, std::string_view feature,
                                           std::string_view scope) const;

 private:
  // Inside a Write: the audit event `type` of `principal` in `company_id` about the verb or grant
  // `target_type`/`target_id`, with `detail`.
  Status AuditChange(Repositories& repos, std::string_view type, const Principal& principal,
                     std::string_view company_id, std::string_view target_type,
                     std::string_view target_id, std::string detail) const;

  Store& store_;
  Random& random_;
  const Clock& clock_;
  const Authorizer& authorizer_;
  AuditTrail* const audit_;
};

}  // namespace portcullis::core
