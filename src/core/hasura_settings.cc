// Declarations of the Hasura settings: names, HBP's environment names, checks and help.
// Pure functions; thread-safe.
#include "core/hasura_settings.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace portcullis::core {
namespace {

// The claims an access token states itself: the namespace may not take one's name.
constexpr std::array<std::string_view, 15> kTokenClaims = {
    "iss",  "sub", "aud",       "exp", "nbf", "iat", "jti", "sid",
    "role", "cid", "auth_time", "amr", "idp", "typ", "azp"};

bool UsableNamespace(const std::string& name) {
  return !name.empty() &&
         std::find(kTokenClaims.begin(), kTokenClaims.end(), name) == kTokenClaims.end();
}

bool NoEmptyItem(const std::vector<std::string>& items) {
  return std::none_of(items.begin(), items.end(), [](const std::string& i) { return i.empty(); });
}

}  // namespace

options::Section<HasuraPolicy> HasuraSection() {
  using P = HasuraPolicy;
  options::Section<P> s("", "Hasura claims and roles");
  s.Add("hasura_claims", &P::enabled,
        "access tokens carry the Hasura claims (x-hasura-user-id, -default-role, -allowed-roles, "
        "custom fields); always on while the HBP dialect is served (dialects.hbp.enabled)");
  s.Add("jwt_claims_namespace", &P::claims_namespace,
        "the claim that holds the Hasura claims object")
      .Require(UsableNamespace, "must be non-empty and not a claim the token already states")
      .EnvAlias("JWT_CLAIMS_NAMESPACE");
  s.Add("default_user_role", &P::default_user_role,
        "x-hasura-default-role of a user who has none of its own")
      .Require([](const std::string& v) { return !v.empty(); }, "must not be empty")
      .EnvAlias("DEFAULT_USER_ROLE");
  s.Add("default_allowed_user_roles", &P::default_allowed_user_roles,
        "x-hasura-allowed-roles of a user who has none of its own (empty: default_user_role); "
        "the default role is always added")
      .Require(NoEmptyItem, "must not contain an empty role")
      .EnvAlias("DEFAULT_ALLOWED_USER_ROLES");
  s.Add("allowed_user_roles", &P::allowed_user_roles,
        "the roles a registration may ask for (HBP's register_options.allowed_roles; empty: "
        "default_allowed_user_roles)")
      .Require(NoEmptyItem, "must not contain an empty role")
      .EnvAlias("ALLOWED_USER_ROLES");
  s.Add("jwt_custom_fields", &P::jwt_custom_fields,
        "members of the user's metadata copied into the Hasura claims as x-hasura-<name> "
        "(kebab-cased) strings; a member the metadata lacks is left out")
      .Require(NoEmptyItem, "must not contain an empty name")
      .EnvAlias("JWT_CUSTOM_FIELDS");
  s.Add("registration_custom_fields", &P::registration_custom_fields,
        "the members of HBP's register user_data kept as the new user's metadata (empty: none)")
      .Require(NoEmptyItem, "must not contain an empty name")
      .EnvAlias("REGISTRATION_CUSTOM_FIELDS");
  return s;
}

}  // namespace portcullis::core
