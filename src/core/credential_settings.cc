// Declarations of the credential settings: names, bounds and help.
// Pure functions; thread-safe.
#include "core/credential_settings.h"

#include <algorithm>

namespace portcullis::core {

bool IsValidApiKeyPrefix(std::string_view prefix) {
  if (prefix.size() < 2 || prefix.size() > 16 || prefix.back() != '_') return false;
  if (prefix == kPersonalTokenPrefix) return false;
  return std::all_of(prefix.begin(), prefix.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

options::Section<CredentialOptions> CredentialSection() {
  using std::chrono::seconds;
  options::Section<CredentialOptions> s("", "API keys and personal access tokens");
  s.Add("api_key_prefixes", &CredentialOptions::api_key_prefixes,
        "what a company API key may start with (POST .../api-keys {prefix}); the first is the "
        "default. Each is 2-16 lower-case letters, digits or '_', ends in '_' and is not pat_")
      .Require(
          [](const std::vector<std::string>& list) {
            return !list.empty() && std::all_of(list.begin(), list.end(), [](const auto& p) {
              return IsValidApiKeyPrefix(p);
            });
          },
          "must be a non-empty list of prefixes like hbx_,mchx_ (lower-case, ending in '_', not "
          "pat_)");
  s.Add("credential_use_flush_interval", &CredentialOptions::use_flush_interval,
        "seconds between two writes of the API keys' and personal tokens' last_used_at (uses are "
        "gathered in memory meanwhile, so a request never waits for that write)")
      .Between(seconds(1), seconds(3600));
  return s;
}

}  // namespace portcullis::core
