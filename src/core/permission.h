// The permission model's values: an action on a feature within a scope, who a grant is for, a
// grant as stored. Plain value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portcullis::core {

// One permission: `action` ("read", "read-write", a custom verb like "export") on `feature`
// ("users", "products") within `scope` ("all", "own" or a named one).
struct Permission {
  std::string feature;
  std::string scope;
  std::string action;
  friend bool operator==(const Permission&, const Permission&) = default;
};

// Whom a grant is for.
enum class GrantSubjectType {
  kRole,    // every member with that company role; id is the role's name ("admin")
  kUser,    // one member; id is the user id
  kApiKey,  // one company API key; id is the key's id
  kToken,   // one personal access token; id is the token's id
  kClient,  // one service client; id is the client's id
};

// "role", "user", "api_key", "token", "client": the stored and the API spelling (never change it).
std::string_view GrantSubjectTypeName(GrantSubjectType type);
std::optional<GrantSubjectType> GrantSubjectTypeFromName(std::string_view name);

struct GrantSubject {
  GrantSubjectType type = GrantSubjectType::kRole;
  std::string id;
  friend bool operator==(const GrantSubject&, const GrantSubject&) = default;
};

struct PermissionGrant {
  std::string id;  // UUID v4
  std::string company_id;
  GrantSubject subject;
  Permission permission;
  int64_t created_at = 0;
};

// The kinds of name a company's permission model holds.
enum class PermissionNameKind {
  kVerb,     // a custom action verb, declared before a grant may use it
  kFeature,  // created by the first grant that names it
  kScope,    // created by the first grant that names it
};

// "verb", "feature", "scope": the stored spelling (never change it).
std::string_view PermissionNameKindName(PermissionNameKind kind);

}  // namespace portcullis::core
