// Builds the RFC 8414 metadata document once at start.
// Pure function; thread-safe.
#include "api/native/oauth_metadata.h"

#include <boost/json.hpp>

namespace portcullis::api::native {

std::string OAuthMetadataJson(std::string_view issuer, std::string_view public_url,
                              std::string_view prefix, std::string_view signing_alg) {
  const std::string api = std::string(public_url) + std::string(prefix);
  const boost::json::array auth_methods{"client_secret_basic", "client_secret_post"};
  const boost::json::object metadata{
      {"issuer", issuer},
      {"token_endpoint", api + "/oauth/token"},
      {"introspection_endpoint", api + "/oauth/introspect"},
      {"revocation_endpoint", api + "/oauth/revoke"},
      {"jwks_uri", std::string(public_url) + "/.well-known/jwks.json"},
      {"grant_types_supported", boost::json::array{"client_credentials"}},
      {"response_types_supported", boost::json::array{}},
      {"token_endpoint_auth_methods_supported", auth_methods},
      {"introspection_endpoint_auth_methods_supported", auth_methods},
      {"revocation_endpoint_auth_methods_supported", auth_methods},
      {"access_token_signing_alg_values_supported", boost::json::array{signing_alg}},
  };
  return boost::json::serialize(metadata);
}

}  // namespace portcullis::api::native
