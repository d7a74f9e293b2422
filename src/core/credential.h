// Credentials that are not a login: a company's API key and a user's personal access token, as
// the store keeps them (only the secret's SHA-256). Plain value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/permission.h"

namespace portcullis::core {

enum class CredentialKind {
  kApiKey,         // acts as its company with role admin and no user
  kPersonalToken,  // acts as its user in its company, limited to its permissions
};

// "api_key", "token": the stored spelling (never change it).
std::string_view CredentialKindName(CredentialKind kind);
std::optional<CredentialKind> CredentialKindFromName(std::string_view name);

struct Credential {
  std::string id;  // UUID v4
  CredentialKind kind = CredentialKind::kApiKey;
  std::string company_id;
  std::string user_id;  // a personal token's user; empty for an API key
  std::string name;
  std::string prefix;       // "hbx_", "mchx_", "pat_": the start of the secret, shown in lists
  std::string last4;        // the secret's last four characters, shown in lists
  std::string secret_hash;  // lower-case hex SHA-256 of the whole secret; unique
  std::string created_by;   // user id; empty when that account is gone
  int64_t created_at = 0;
  int64_t last_used_at = 0;             // 0: never used (recorded coalesced, see RecordUse)
  int64_t expires_at = 0;               // 0: never expires
  std::vector<Permission> permissions;  // a personal token's subset; empty for an API key
};

// One observed use of a credential, for RecordUse.
struct CredentialUse {
  std::string credential_id;
  int64_t at = 0;
};

}  // namespace portcullis::core
