// Bearer token extraction and authentication.
// Pure functions; thread-safe.
#include "api/common/bearer_auth.h"

#include <strings.h>

#include "common/status_macros.h"

namespace portcullis::api {

BearerAuthenticator SessionAuthenticator(core::SessionService& sessions) {
  return [&sessions](std::string_view token) { return sessions.Authenticate(token); };
}

Result<std::string_view> BearerToken(const http::Request& request) {
  const auto header = request.Header("authorization");
  if (!header) return MakeError(ErrorCode::kUnauthorized, "a Bearer token is required");
  std::string_view value = *header;
  if (value.size() < 7 || strncasecmp(value.data(), "Bearer ", 7) != 0) {
    return MakeError(ErrorCode::kUnauthorized, "the Authorization scheme must be Bearer");
  }
  value.remove_prefix(7);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (value.empty()) return MakeError(ErrorCode::kUnauthorized, "the Bearer token is empty");
  return value;
}

Result<core::Principal> AuthenticateBearer(const http::Request& request,
                                           const BearerAuthenticator& authenticate) {
  ASSIGN_OR_RETURN(const std::string_view token, BearerToken(request));
  return authenticate(token);
}

}  // namespace portcullis::api
