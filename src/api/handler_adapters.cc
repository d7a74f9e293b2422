// Error mapping and Bearer authentication around handler functions.
// Thread-safe.
#include "api/handler_adapters.h"

#include <strings.h>

#include <stdexcept>

#include "api/error_mapping.h"

namespace portcullis::api {

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

core::ClientInfo ClientOf(const http::Request& request) {
  core::ClientInfo client;
  client.ip = request.remote_ip;
  client.user_agent = std::string(request.Header("user-agent").value_or("")).substr(0, 256);
  return client;
}

void AddRoute(http::Router& router, Metrics& metrics, std::string method, std::string pattern,
              http::Handler handler, http::Dispatch dispatch) {
  metrics.AddRoute(pattern);
  // Router::Add returns a Status; until mounting a dialect returns it, a bad table stays fatal.
  if (Status added = router.Add(std::move(method), std::move(pattern), std::move(handler), dispatch);
      !added) {
    throw std::invalid_argument(added.error().detail);
  }
}

http::Handler Adapt(PlainHandler handler) {
  return [handler = std::move(handler)](http::Request& request) -> http::Response {
    auto result = handler(request);
    if (!result) return ErrorResponse(result.error());
    return std::move(result).value();
  };
}

http::Handler WithPrincipal(core::SessionService& sessions, PrincipalHandler handler) {
  return Adapt(
      [&sessions, handler = std::move(handler)](http::Request& request) -> Result<http::Response> {
        auto token = BearerToken(request);
        if (!token) return token.error();
        auto principal = sessions.Authenticate(*token);
        if (!principal) return principal.error();
        return handler(request, *principal);
      });
}

}  // namespace portcullis::api
