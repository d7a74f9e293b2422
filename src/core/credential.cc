// Credential kind names.
// Pure functions; thread-safe.
#include "core/credential.h"

namespace portcullis::core {

std::string_view CredentialKindName(CredentialKind kind) {
  return kind == CredentialKind::kApiKey ? "api_key" : "token";
}

std::optional<CredentialKind> CredentialKindFromName(std::string_view name) {
  if (name == "api_key") return CredentialKind::kApiKey;
  if (name == "token") return CredentialKind::kPersonalToken;
  return std::nullopt;
}

}  // namespace portcullis::core
