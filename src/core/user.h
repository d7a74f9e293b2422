// User: the account record as the domain sees it.
// Plain value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace portcullis::core {

struct User {
  std::string id;                       // UUID v4, lower-case text
  std::string email;                    // normalised (trimmed, lower-cased); unique
  std::optional<std::string> username;  // lower-cased; unique when present
  std::string display_name;
  std::string metadata_json = "{}";    // a JSON object, validated at the API edge; opaque here
  std::string instance_role = "user";  // admin | user: the operator's rights over the instance
  std::string password_hash;           // PHC string ($argon2id$...); empty when none is set
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t password_changed_at = 0;
  bool mfa_enabled = false;       // written only by MfaRepository::Enable/Disable
  bool active = true;             // false until an emailed activation (auto_activate_new_users off)
  int64_t email_verified_at = 0;  // when a ticket mailed to `email` was used; 0: never
  int64_t disabled_at = 0;        // when an instance admin disabled the account; 0: enabled
  // Hasura roles (x-hasura-default-role, x-hasura-allowed-roles): empty means the instance's
  // defaults (DEFAULT_USER_ROLE, DEFAULT_ALLOWED_USER_ROLES) apply.
  std::string default_role;
  std::vector<std::string> allowed_roles;
};

}  // namespace portcullis::core
