// Authorizer: the one place that answers what a principal may do — to a company (its own routes:
// members, invites, keys, the permission model) and in the company's feature/scope/action model.
// Every answer reads the store inside the caller's Read or Write, so a removed member or a lowered
// role counts at once. Immutable; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "core/auth_types.h"
#include "core/company.h"
#include "core/permission.h"
#include "core/ports/store.h"

namespace portcullis::core {

// What a principal may ask of a company through Portcullis's own routes.
enum class CompanyAction {
  kView,               // read the company, its members
  kLeave,              // leave it (a user's own membership)
  kRename,             // PATCH the company
  kDelete,             // delete the company
  kManageMembers,      // change a member's role (below owner), remove a member
  kGrantOwner,         // make an owner, change or remove an owner
  kInvite,             // invite, list and revoke invites
  kManageApiKeys,      // create, list and revoke the company's API keys
  kManagePermissions,  // read and change the permission model (verbs, grants)
  kManageClients,      // create, list, disable and delete service clients, rotate their secrets
  kReadAudit,          // read the company's audit log
};

// The caller's standing in one company, read from the store.
struct CompanyAccess {
  Company company;
  CompanyRole role = CompanyRole::kMember;  // a user's membership role; admin for an API key
  PrincipalKind kind = PrincipalKind::kSession;
};

class Authorizer {
 public:
  // The caller's standing in `company_id`: a user's membership (read now), an API key's own
  // company with role admin, a personal token's company with its user's membership. kNotFound
  // when the company is absent or the caller is not of it: a foreign company does not exist for
  // the caller (no existence leak).
  Result<CompanyAccess> Access(Repositories& repos, const Principal& principal,
                               std::string_view company_id) const;
  // kForbidden unless `access` may do `action`.
  Status Require(const CompanyAccess& access, CompanyAction action) const;
  // Whether the principal may found a company: a user signed in (a session); an API key or a
  // personal token acts within its own company only (kForbidden).
  Status MayFoundCompany(const Principal& principal) const;
  // The instance operator's rights (the admin API): ok for a signed-in user (a session) whose
  // account, read now, has instance_role "admin" and is not disabled; kForbidden otherwise
  // (an API key, a personal token, a company owner who is no instance admin).
  Status RequireInstanceAdmin(Repositories& repos, const Principal& principal) const;
  // Access, then Require.
  Result<CompanyAccess> Authorize(Repositories& repos, const Principal& principal,
                                  std::string_view company_id, CompanyAction action) const;

  // The principal's actions on `feature` within `scope` in its own company (principal.company_id):
  // the union of its role's, its own and (for a key or a token) its credential's grants, with
  // implied verbs expanded ("read-write" with read, create, update, delete), intersected with a
  // personal token's subset; every action (built-in and custom) for an owner. Sorted, unique;
  // empty when none (and when the principal has no company or is no longer of it).
  Result<std::vector<std::string>> Actions(Repositories& repos, const Principal& principal,
                                           std::string_view feature, std::string_view scope) const;
  // Whether user `user_id`, as a member of `company_id`, holds `permission` (a personal token's
  // permissions must be a subset of what its user holds).
  Result<bool> UserHolds(Repositories& repos, std::string_view company_id, std::string_view user_id,
                         const Permission& permission) const;
};

// The built-in action verbs, in their listed order: read, create, update, delete, read-write.
const std::vector<std::string>& BuiltInVerbs();
bool IsBuiltInVerb(std::string_view verb);

// Whether `name` may name a feature, a scope or a custom verb: 1-64 characters of lower-case
// letters, digits, '_', '-' or '.', starting with a letter.
bool IsPermissionName(std::string_view name);

}  // namespace portcullis::core
