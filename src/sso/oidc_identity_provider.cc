// OidcIdentityProvider: the authorization-code flow with PKCE against an OpenID Connect
// provider. Thread-safe: immutable options; the discovery and JWKS caches guard themselves.
#include "sso/oidc_identity_provider.h"

#include "common/base64.h"
#include "common/status_macros.h"
#include "sso/form_encoding.h"
#include "sso/id_token_verifier.h"
#include "sso/json_members.h"
#include "sso/token_response.h"

namespace portcullis::sso {
namespace {

std::optional<std::string> MicrosoftTenant(const ProviderOptions& options) {
  if (options.kind != kKindMicrosoft) return std::nullopt;
  return options.tenant;
}

// RFC 6749 §2.3.1: client_secret_basic puts the form-encoded id and secret in Basic auth.
std::string BasicAuthorization(const ProviderOptions& options) {
  const std::string pair =
      PercentEncode(options.client_id) + ":" + PercentEncode(options.client_secret);
  return "Basic " + Base64(pair);
}

}  // namespace

OidcIdentityProvider::OidcIdentityProvider(ProviderOptions options, const Clock& clock,
                                           std::shared_ptr<HttpFetcher> fetcher,
                                           JwksCachePolicy jwks_policy)
    : options_(std::move(options)),
      clock_(clock),
      fetcher_(std::move(fetcher)),
      discovery_(fetcher_, clock_, options_.issuer, MicrosoftTenant(options_)),
      jwks_(fetcher_, clock_, jwks_policy) {}

Result<std::string> OidcIdentityProvider::AuthorizationUrl(
    const core::AuthorizationRequest& request) {
  ASSIGN_OR_RETURN(const ProviderMetadata metadata, discovery_.Get());
  return WithQuery(metadata.authorization_endpoint, {{"response_type", "code"},
                                                     {"client_id", options_.client_id},
                                                     {"redirect_uri", request.redirect_uri},
                                                     {"scope", JoinScopes(options_.scopes)},
                                                     {"state", request.state},
                                                     {"nonce", request.nonce},
                                                     {"code_challenge", request.code_challenge},
                                                     {"code_challenge_method", "S256"}});
}

Result<HttpResponse> OidcIdentityProvider::PostToTokenEndpoint(
    const ProviderMetadata& metadata, const core::CodeRedemption& redemption) {
  FormFields form = {{"grant_type", "authorization_code"},
                     {"code", redemption.code},
                     {"redirect_uri", redemption.redirect_uri},
                     {"code_verifier", redemption.code_verifier}};
  HttpRequest request;
  request.method = HttpRequest::Method::kPost;
  request.url = metadata.token_endpoint;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  if (metadata.UsesClientSecretPost()) {
    form.emplace_back("client_id", options_.client_id);
    form.emplace_back("client_secret", options_.client_secret);
  } else {
    request.headers.emplace_back("Authorization", BasicAuthorization(options_));
  }
  request.body = FormEncode(form);
  return fetcher_->Fetch(request);
}

Result<core::ProviderAssertion> OidcIdentityProvider::Redeem(
    const core::CodeRedemption& redemption) {
  ASSIGN_OR_RETURN(const ProviderMetadata metadata, discovery_.Get());
  ASSIGN_OR_RETURN(const HttpResponse response, PostToTokenEndpoint(metadata, redemption));
  ASSIGN_OR_RETURN(const boost::json::object tokens, ReadTokenResponse(response));
  bool ok = true;
  const std::optional<std::string> id_token = StringMember(tokens, "id_token", ok);
  if (!ok || !id_token) return MakeError(ErrorCode::kTokenInvalid, "no ID token in the answer");
  IdTokenRules rules{.issuer = metadata.issuer,
                     .tenant = options_.kind == kKindMicrosoft ? options_.tenant : "",
                     .client_id = options_.client_id,
                     .nonce = redemption.nonce,
                     .now = clock_.NowSeconds(),
                     .leeway_seconds = kLeewaySeconds};
  const std::string jwks_uri = metadata.jwks_uri;
  ASSIGN_OR_RETURN(const IdTokenClaims claims,
                   VerifyIdToken(*id_token, rules, [&](std::optional<std::string_view> kid) {
                     return jwks_.KeysFor(jwks_uri, kid);
                   }));
  core::ProviderAssertion assertion{.subject = claims.subject,
                                    .email = claims.email.value_or(""),
                                    .email_verified = claims.email && claims.email_verified,
                                    .name = claims.name,
                                    .amr = claims.amr,
                                    .tenant = claims.tenant};
  if (!claims.email && !metadata.userinfo_endpoint.empty()) {
    RETURN_IF_ERROR(
        AddUserinfo(metadata, StringMember(tokens, "access_token", ok).value_or(""), assertion));
  }
  return assertion;
}

// OpenID Connect Core §5.3: the userinfo `sub` must be the ID token's.
Status OidcIdentityProvider::AddUserinfo(const ProviderMetadata& metadata,
                                         const std::string& access_token,
                                         core::ProviderAssertion& assertion) {
  HttpRequest request;
  request.url = metadata.userinfo_endpoint;
  request.headers = {{"Authorization", "Bearer " + access_token}, {"Accept", "application/json"}};
  ASSIGN_OR_RETURN(const HttpResponse response, fetcher_->Fetch(request));
  if (response.status != 200) {
    return MakeError(ErrorCode::kUnavailable,
                     "userinfo answered HTTP " + std::to_string(response.status));
  }
  ASSIGN_OR_RETURN(const boost::json::object info,
                   ParseJsonObject(response.body, ErrorCode::kUnavailable, "userinfo"));
  bool ok = true;
  const std::optional<std::string> sub = StringMember(info, "sub", ok);
  if (!sub || *sub != assertion.subject) {
    return MakeError(ErrorCode::kTokenInvalid, "userinfo is about another subject");
  }
  const std::optional<std::string> email = StringMember(info, "email", ok);
  const std::optional<bool> verified = BoolMember(info, "email_verified", ok);
  const std::optional<std::string> name = StringMember(info, "name", ok);
  if (!ok) return MakeError(ErrorCode::kUnavailable, "userinfo members have the wrong type");
  if (email && !email->empty()) {
    assertion.email = *email;
    assertion.email_verified = verified.value_or(false);
  }
  if (assertion.name.empty() && name) assertion.name = *name;
  return Status::Ok();
}

}  // namespace portcullis::sso
