// LinkedIdentity: a login at an outside identity provider (Google, Microsoft, GitHub, any OpenID
// Connect issuer) tied to one account — (provider, subject) → user. Value type.
#pragma once

#include <cstdint>
#include <string>

namespace portcullis::core {

struct LinkedIdentity {
  std::string id;        // UUID
  std::string user_id;   // the account it logs in
  std::string provider;  // the provider's settings name: "google", "microsoft", "github", "corp"
  std::string subject;   // the provider's stable id of the user (`sub`; GitHub's numeric id)
  std::string email;     // the address the provider asserted when it was linked (may be empty)
  int64_t created_at = 0;
  int64_t last_login_at = 0;  // 0 until the identity first logs in after linking
};

}  // namespace portcullis::core
