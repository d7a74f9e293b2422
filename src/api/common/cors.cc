// CORS headers for trusted origins and the preflight answer.
// Pure functions; thread-safe.
#include "api/common/cors.h"

namespace portcullis::api {
namespace {

// Request headers a browser app may send cross-origin.
constexpr std::string_view kAllowedHeaders =
    "Authorization, Content-Type, X-CSRF-Token, X-Api-Key, X-Machhub-Api-Key, Accept-Language";

}  // namespace

bool IsCorsPreflight(const http::Request& request) {
  return request.method == "OPTIONS" && request.Header("origin").has_value() &&
         request.Header("access-control-request-method").has_value();
}

HeaderList CorsResponseHeaders(const OriginRule& rule, const http::Request& request) {
  const auto origin = request.Header("origin");
  if (!origin || !rule.Trusts(*origin)) return {};
  return {{"Access-Control-Allow-Origin", std::string(*origin)},
          {"Access-Control-Allow-Credentials", "true"},
          {"Vary", "Origin"}};
}

http::Response PreflightResponse(const OriginRule& rule, const http::Request& request,
                                 std::string_view allowed_methods) {
  http::Response response;
  response.status = 204;
  response.AddHeader("Allow", std::string(allowed_methods));
  if (!IsCorsPreflight(request)) return response;
  HeaderList cors = CorsResponseHeaders(rule, request);
  if (cors.empty()) return response;
  for (auto& [name, value] : cors) response.AddHeader(std::move(name), std::move(value));
  response.AddHeader("Access-Control-Allow-Methods", std::string(allowed_methods));
  response.AddHeader("Access-Control-Allow-Headers", std::string(kAllowedHeaders));
  response.AddHeader("Access-Control-Max-Age", std::to_string(kCorsPreflightMaxAge));
  return response;
}

}  // namespace portcullis::api
