// The settings of service clients' access tokens (the OAuth 2.0 client_credentials grant): their
// lifetime. Value type and pure functions; thread-safe.
#pragma once

#include <chrono>

#include "common/options.h"

namespace portcullis::core {

struct ClientTokenOptions {
  // Setting client_token_ttl: how long a client's access token lives (its `exp` - `iat`).
  std::chrono::seconds ttl{3600};
};

options::Section<ClientTokenOptions> ClientTokenSection();

}  // namespace portcullis::core
