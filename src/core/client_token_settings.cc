// Declarations of the client-token settings: names, bounds and help.
// Pure functions; thread-safe.
#include "core/client_token_settings.h"

namespace portcullis::core {

options::Section<ClientTokenOptions> ClientTokenSection() {
  using std::chrono::seconds;
  options::Section<ClientTokenOptions> s("", "Service clients (OAuth 2.0 client_credentials)");
  s.Add("client_token_ttl", &ClientTokenOptions::ttl,
        "seconds a service client's access token from POST /v1/oauth/token lives (its expires_in); "
        "a revoked one is refused by introspection until then")
      .Between(seconds(1), seconds(86400));
  return s;
}

}  // namespace portcullis::core
