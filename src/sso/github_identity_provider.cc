// GithubIdentityProvider: GitHub's OAuth 2.0 web flow and its user API. Thread-safe: immutable
// options; the fetcher is thread-safe.
#include "sso/github_identity_provider.h"

#include <boost/json/parse.hpp>

#include "common/status_macros.h"
#include "sso/form_encoding.h"
#include "sso/json_members.h"
#include "sso/token_response.h"

namespace portcullis::sso {
namespace {

Error Nonsense(std::string why) {
  return MakeError(ErrorCode::kUnavailable, "GitHub API: " + std::move(why));
}

}  // namespace

GithubIdentityProvider::GithubIdentityProvider(ProviderOptions options,
                                               std::shared_ptr<HttpFetcher> fetcher)
    : options_(std::move(options)), fetcher_(std::move(fetcher)) {}

Result<std::string> GithubIdentityProvider::AuthorizationUrl(
    const core::AuthorizationRequest& request) {
  return WithQuery(options_.github_authorize_url, {{"response_type", "code"},
                                                   {"client_id", options_.client_id},
                                                   {"redirect_uri", request.redirect_uri},
                                                   {"scope", JoinScopes(options_.scopes)},
                                                   {"state", request.state},
                                                   {"code_challenge", request.code_challenge},
                                                   {"code_challenge_method", "S256"}});
}

Result<std::string> GithubIdentityProvider::AccessToken(const core::CodeRedemption& redemption) {
  HttpRequest request;
  request.method = HttpRequest::Method::kPost;
  request.url = options_.github_token_url;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  request.body = FormEncode({{"client_id", options_.client_id},
                             {"client_secret", options_.client_secret},
                             {"code", redemption.code},
                             {"redirect_uri", redemption.redirect_uri},
                             {"code_verifier", redemption.code_verifier}});
  ASSIGN_OR_RETURN(const HttpResponse response, fetcher_->Fetch(request));
  ASSIGN_OR_RETURN(const boost::json::object tokens, ReadTokenResponse(response));
  bool ok = true;
  return StringMember(tokens, "access_token", ok).value_or("");
}

Result<HttpResponse> GithubIdentityProvider::GetApi(std::string_view path,
                                                    const std::string& access_token) {
  std::string base = options_.github_api_url;
  if (!base.empty() && base.back() == '/') base.pop_back();
  HttpRequest request;
  request.url = base + std::string(path);
  request.headers = {{"Authorization", "Bearer " + access_token},
                     {"Accept", "application/vnd.github+json"},
                     {"X-GitHub-Api-Version", "2022-11-28"}};
  ASSIGN_OR_RETURN(HttpResponse response, fetcher_->Fetch(request));
  if (response.status == 401) {
    return MakeError(ErrorCode::kTokenInvalid, "GitHub refused its own access token");
  }
  if (response.status != 200) {
    return Nonsense(std::string(path) + " answered HTTP " + std::to_string(response.status));
  }
  return response;
}

Status GithubIdentityProvider::AddUser(const std::string& access_token,
                                       core::ProviderAssertion& assertion) {
  ASSIGN_OR_RETURN(const HttpResponse response, GetApi("/user", access_token));
  ASSIGN_OR_RETURN(const boost::json::object user,
                   ParseJsonObject(response.body, ErrorCode::kUnavailable, "GitHub /user"));
  bool ok = true;
  const std::optional<int64_t> id = IntegerMember(user, "id", ok);
  const std::optional<std::string> name = StringMember(user, "name", ok);  // null: no name
  const std::optional<std::string> login = StringMember(user, "login", ok);
  if (!id || *id <= 0) return Nonsense("/user has no numeric id");
  assertion.subject = std::to_string(*id);
  assertion.name = name ? *name : login.value_or("");
  return Status::Ok();
}

Status GithubIdentityProvider::AddPrimaryEmail(const std::string& access_token,
                                               core::ProviderAssertion& assertion) {
  ASSIGN_OR_RETURN(const HttpResponse response, GetApi("/user/emails", access_token));
  boost::system::error_code ec;
  const boost::json::value emails = boost::json::parse(response.body, ec);
  if (ec || !emails.is_array()) return Nonsense("/user/emails is not a JSON array");
  for (const auto& entry : emails.get_array()) {
    if (!entry.is_object()) continue;
    bool ok = true;
    const std::optional<std::string> email = StringMember(entry.get_object(), "email", ok);
    const std::optional<bool> primary = BoolMember(entry.get_object(), "primary", ok);
    const std::optional<bool> verified = BoolMember(entry.get_object(), "verified", ok);
    if (!ok || !email || primary != true) continue;
    if (verified == true) {  // an unverified primary address counts as none
      assertion.email = *email;
      assertion.email_verified = true;
    }
    break;
  }
  return Status::Ok();
}

Result<core::ProviderAssertion> GithubIdentityProvider::Redeem(
    const core::CodeRedemption& redemption) {
  ASSIGN_OR_RETURN(const std::string access_token, AccessToken(redemption));
  core::ProviderAssertion assertion;
  RETURN_IF_ERROR(AddUser(access_token, assertion));
  RETURN_IF_ERROR(AddPrimaryEmail(access_token, assertion));
  return assertion;
}

}  // namespace portcullis::sso
