// The Hasura claims of an access token (HBP v2's generatePermissionVariables) and the Hasura roles
// a registration may ask for. Pure functions over a read-only policy; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "core/user.h"

namespace portcullis::core {

// The instance's Hasura settings (HBP's names in brackets). Read-only after start.
struct HasuraPolicy {
  // Whether access tokens carry the claims: hasura_claims, or the HBP dialect being served.
  bool enabled = false;
  std::string claims_namespace = "https://hasura.io/jwt/claims";  // [JWT_CLAIMS_NAMESPACE]
  std::string default_user_role = "user";                         // [DEFAULT_USER_ROLE]
  // [DEFAULT_ALLOWED_USER_ROLES] a new user's allowed roles; empty: {default_user_role}.
  std::vector<std::string> default_allowed_user_roles;
  // [ALLOWED_USER_ROLES] the roles a registration may ask for; empty: the default allowed roles.
  std::vector<std::string> allowed_user_roles;
  // [JWT_CUSTOM_FIELDS] members of the user's metadata copied into the claims as x-hasura-<name>.
  std::vector<std::string> jwt_custom_fields;
  // [REGISTRATION_CUSTOM_FIELDS] the members of HBP's register user_data kept as metadata (read
  // by the HBP dialect, not here).
  std::vector<std::string> registration_custom_fields;
};

// default_allowed_user_roles, or {default_user_role} when it is empty.
std::vector<std::string> DefaultAllowedRoles(const HasuraPolicy& policy);
// allowed_user_roles, or DefaultAllowedRoles when it is empty.
std::vector<std::string> PermittedRoles(const HasuraPolicy& policy);

// The user's roles as the claims state them: its default role (else default_user_role) and its
// allowed roles (else DefaultAllowedRoles), the default role appended when it is not among them.
std::string EffectiveDefaultRole(const HasuraPolicy& policy, const User& user);
std::vector<std::string> EffectiveAllowedRoles(const HasuraPolicy& policy, const User& user);

// The JSON object put under policy.claims_namespace:
//   {"x-hasura-user-id": ID, "x-hasura-default-role": ROLE, "x-hasura-allowed-roles": [ROLES],
//    "x-hasura-<field>": VALUE...}
// Each custom field is the metadata member of that name, its name kebab-cased as HBP did
// (companyId, company_id → x-hasura-company-id), its value a string: a string member as it is, an
// array of strings as a PostgreSQL array literal ({"a","b"}), anything else as its JSON text. A
// member the metadata lacks is left out.
std::string HasuraClaimsJson(const HasuraPolicy& policy, const User& user);

// A member of the user's metadata named in jwt_custom_fields becomes a claim Hasura trusts, so the
// user may not write it: kInvalidRequest when `after` (the metadata a registration or a
// self-service profile update would store) gives such a member another value than `before` (the
// stored metadata; "{}" at registration). At registration (`registering`) the members named in
// registration_custom_fields are allowed, as HBP let REGISTRATION_CUSTOM_FIELDS set them.
Status CheckCustomFieldsUnchanged(const HasuraPolicy& policy, std::string_view before,
                                  std::string_view after, bool registering);

// The claim name HBP derives from a metadata member's name (lodash kebabCase for ASCII names).
std::string KebabCase(std::string_view name);

// HBP's registration rule for register_options: the roles asked for (absent: default_user_role
// and DefaultAllowedRoles) must have the default role among the allowed ones, and every allowed
// role must be one of PermittedRoles; kInvalidRequest naming the field otherwise. On success the
// user gets the roles (none asked: left empty, meaning the instance's defaults).
Status ApplyRequestedRoles(const HasuraPolicy& policy,
                           const std::optional<std::string>& default_role,
                           const std::optional<std::vector<std::string>>& allowed_roles,
                           User& user);

}  // namespace portcullis::core
