// The OAuth 2.0 authorization server metadata (RFC 8414) of the service-client endpoints, served at
// /.well-known/oauth-authorization-server. Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace portcullis::api::native {

// The metadata document: `issuer` is the tokens' `iss`; the endpoints are `public_url` + `prefix`
// + "/oauth/..." and the key set `public_url` + "/.well-known/jwks.json".
std::string OAuthMetadataJson(std::string_view issuer, std::string_view public_url,
                              std::string_view prefix, std::string_view signing_alg);

}  // namespace portcullis::api::native
