// The OAuth 2.0 endpoints of service clients: the client_credentials grant (RFC 6749 §4.4),
// introspection (RFC 7662) and revocation (RFC 7009), with RFC 6749 §5.2 error bodies.
// Thread-safe: no state of their own.
#include <string>
#include <string_view>

#include "api/common/oauth_request.h"
#include "api/common/responses.h"
#include "api/native/service_client_handlers.h"

namespace portcullis::api::native {
namespace {

// Every answer of these endpoints: never cached (RFC 6749 §5.1; the head writer adds Pragma).
http::Response NoStore(http::Response response) {
  response.AddHeader("Cache-Control", "no-store");
  return response;
}

http::Response OAuthError(int status, std::string_view error, std::string_view description) {
  http::Response response = NoStore(JsonResponse(
      status, boost::json::object{{"error", error}, {"error_description", description}}));
  // A 401 names the scheme the client may authenticate with (RFC 6749 §5.2, RFC 7235).
  if (status == 401) response.AddHeader("WWW-Authenticate", "Basic realm=\"portcullis\"");
  return response;
}

// A core error as its RFC 6749 §5.2 answer.
http::Response OAuthErrorOf(const Error& error) {
  switch (error.code) {
    case ErrorCode::kUnauthorized:
      return OAuthError(401, "invalid_client", "client authentication failed");
    case ErrorCode::kInvalidRequest:
      if (error.reason == Reason::kPermissionNotHeld) {
        return OAuthError(400, "invalid_scope", error.detail);
      }
      return OAuthError(400, "invalid_request", error.detail);
    case ErrorCode::kForbidden:
      return OAuthError(400, "unauthorized_client", error.detail);
    case ErrorCode::kOverloaded:
    case ErrorCode::kUnavailable:
    case ErrorCode::kRateLimited:
      return OAuthError(503, "temporarily_unavailable", "try again later");
    default:
      return OAuthError(500, "server_error", "the server could not answer");
  }
}

}  // namespace

Result<http::Response> OAuthToken(NativeContext& context, Call& call) {
  auto request = ParseOAuthRequest(call.request);
  if (!request) return OAuthErrorOf(request.error());
  const auto grant_type = request->Param("grant_type");
  if (!grant_type) return OAuthError(400, "invalid_request", "grant_type is required");
  auto credentials = ClientCredentialsOf(*request);
  if (!credentials) return OAuthErrorOf(credentials.error());
  if (*grant_type != "client_credentials") {
    return OAuthError(400, "unsupported_grant_type",
                      "this endpoint issues tokens for grant_type client_credentials only");
  }
  core::ClientTokenRequest token_request;
  token_request.scope = request->Param("scope");
  token_request.user_id = request->Param("user_id");
  auto issued = context.client_tokens->Issue(*credentials, token_request, call.Client());
  call.RecordOutcome(issued.ok());
  if (!issued) return OAuthErrorOf(issued.error());
  return NoStore(JsonResponse(200, boost::json::object{{"access_token", issued->access_token},
                                                       {"token_type", "Bearer"},
                                                       {"expires_in", issued->expires_in},
                                                       {"scope", issued->scope}}));
}

Result<http::Response> OAuthIntrospect(NativeContext& context, Call& call) {
  auto request = ParseOAuthRequest(call.request);
  if (!request) return OAuthErrorOf(request.error());
  auto credentials = ClientCredentialsOf(*request);
  if (!credentials) return OAuthErrorOf(credentials.error());
  const auto token = request->Param("token");
  if (!token) return OAuthError(400, "invalid_request", "token is required");
  auto answer = context.client_tokens->Introspect(*credentials, *token, call.Client());
  if (!answer) return OAuthErrorOf(answer.error());
  if (!answer->active) return NoStore(JsonResponse(200, boost::json::object{{"active", false}}));
  const core::ClientTokenClaims& claims = answer->claims;
  boost::json::object out{{"active", true},         {"client_id", claims.client_id},
                          {"sub", claims.sub},      {"scope", claims.scope},
                          {"token_type", "Bearer"}, {"iss", claims.iss},
                          {"jti", claims.jti},      {"iat", claims.iat},
                          {"exp", claims.exp},      {"cid", claims.cid}};
  if (!claims.act_sub.empty()) out["act"] = boost::json::object{{"sub", claims.act_sub}};
  return NoStore(JsonResponse(200, out));
}

Result<http::Response> OAuthRevoke(NativeContext& context, Call& call) {
  auto request = ParseOAuthRequest(call.request);
  if (!request) return OAuthErrorOf(request.error());
  auto credentials = ClientCredentialsOf(*request);
  if (!credentials) return OAuthErrorOf(credentials.error());
  const auto token = request->Param("token");
  if (!token) return OAuthError(400, "invalid_request", "token is required");
  // token_type_hint is optional and only a hint (RFC 7009 §2.1): only access tokens exist here.
  if (Status revoked = context.client_tokens->Revoke(*credentials, *token, call.Client());
      !revoked) {
    return OAuthErrorOf(revoked.error());
  }
  http::Response response = NoStore(http::Response{});
  response.status = 200;
  return response;
}

}  // namespace portcullis::api::native
